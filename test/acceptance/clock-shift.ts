// `node --require clock-shift.js` with ACCEPTANCE_CLOCK_SHIFT_DAYS=n: this Node process sees a clock
// n days ahead. The renewal test runs the provider process with it, which is what running `pulumi up`
// n days later looks like: docs/robot-account.md says renewal is decided on the clock of the machine running
// pulumi, and a real Harbor's clock cannot be moved (the emulator tests move Harbor's instead).
// Only Date moves; timers, performance.now() and TLS certificate checks keep the real time.
const days = Number(process.env.ACCEPTANCE_CLOCK_SHIFT_DAYS ?? 0);

if (Number.isFinite(days) && days !== 0) {
  const shiftMs = days * 86_400_000;
  const RealDate = Date;
  const now = () => RealDate.now() + shiftMs;
  // A Proxy rather than a subclass: `Date()` called without `new` must keep working too.
  globalThis.Date = new Proxy(RealDate, {
    construct: (target, args, newTarget) =>
      Reflect.construct(target, args.length ? args : [now()], newTarget),
    apply: () => new RealDate(now()).toString(),
    get: (target, prop, receiver) => (prop === "now" ? now : Reflect.get(target, prop, receiver)),
  });
}

/** NODE_OPTIONS and the variable that make a provider process run `days` ahead. */
export function clockShiftEnv(days: number): Record<string, string> {
  return {
    NODE_OPTIONS: `--require "${__filename}"`,
    ACCEPTANCE_CLOCK_SHIFT_DAYS: String(days),
  };
}
