// Injected failures, for testing client retries and partial failures. Each request takes at most
// one fault: the first still-armed one (in injection order) whose method and route match; when none
// matches and a fault rate is set, a seeded draw decides whether this request gets one of the mix.

import { routeMatches } from "./routes";

export interface FaultSpec {
  /** e.g. "POST"; undefined = any. */
  method?: string;
  /** "/robots", "/robots/{id}" or the swagger spelling "/robots/{robot_id}"; undefined = any. */
  route?: string;
  /** How many matching requests get the fault (default 1). */
  times?: number;
  kind: "status" | "reset" | "latency" | "apply-then-status" | "apply-then-reset";
  /** For the status kinds (500/502/503/429 …); the body is a Harbor error body. */
  status?: number;
  /** Sets Retry-After on the faulted response. */
  retryAfterSeconds?: number;
  /** For latency: wait this long, then handle the request normally. */
  latencyMs?: number;
}

const KINDS = new Set<FaultSpec["kind"]>([
  "status",
  "reset",
  "latency",
  "apply-then-status",
  "apply-then-reset",
]);

/** The kinds of a random fault: what a flaky Harbor or the proxy in front of it does. */
export const RATE_FAULT_KINDS = [
  "503", // answered without reaching Harbor
  "500",
  "429", // with Retry-After: 1
  "reset", // connection reset before forwarding
  "apply-then-502", // Harbor applied it, the proxy answered 502
  "apply-then-reset", // Harbor applied it, the answer was lost
  "latency", // handled normally, late
] as const;
export type RateFaultKind = (typeof RATE_FAULT_KINDS)[number];

export interface FaultRate {
  /** Share of requests that get a fault, 0…1 (e.g. 0.2). */
  rate: number;
  /** Seed of the draws: the same seed and the same request order give the same faults. */
  seed?: number;
  /** The kinds drawn from, equally likely (default: all of RATE_FAULT_KINDS). */
  mix?: readonly RateFaultKind[];
  /** Added delay of the latency kind (default 1000 ms). */
  latencyMs?: number;
}

/**
 * mulberry32: a tiny, well-known seeded generator. Written out (five lines) rather than pulled in as a
 * dependency: only reproducibility matters here, not statistical quality.
 */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rateFault(kind: RateFaultKind, latencyMs: number): FaultSpec {
  switch (kind) {
    case "503":
      return { kind: "status", status: 503 };
    case "500":
      return { kind: "status", status: 500 };
    case "429":
      return { kind: "status", status: 429, retryAfterSeconds: 1 };
    case "reset":
      return { kind: "reset" };
    case "apply-then-502":
      return { kind: "apply-then-status", status: 502 };
    case "apply-then-reset":
      return { kind: "apply-then-reset" };
    case "latency":
      return { kind: "latency", latencyMs };
  }
}

/** Checks a fault rate (from tests, flags or the environment); says which value is wrong. */
export function validateFaultRate(r: FaultRate): FaultRate {
  if (!(Number.isFinite(r.rate) && r.rate >= 0 && r.rate <= 1))
    throw new Error(`fault rate must be between 0 and 1, got ${r.rate}`);
  if (r.seed !== undefined && !Number.isInteger(r.seed))
    throw new Error(`fault seed must be an integer, got ${r.seed}`);
  for (const k of r.mix ?? [])
    if (!RATE_FAULT_KINDS.includes(k))
      throw new Error(`unknown fault kind "${k}" in the mix (one of ${RATE_FAULT_KINDS.join(", ")})`);
  if (r.mix && r.mix.length === 0) throw new Error("the fault mix is empty");
  if (r.latencyMs !== undefined && !(Number.isInteger(r.latencyMs) && r.latencyMs >= 0))
    throw new Error(`fault latency must be a whole number of milliseconds, got ${r.latencyMs}`);
  return r;
}

/** The fault rate from flags, else HARBOR_EMULATOR_FAULT_* variables; undefined when no rate is given. */
export function faultRateFrom(
  flags: { rate?: string; seed?: string; mix?: string; latencyMs?: string },
  env: NodeJS.ProcessEnv = process.env,
): FaultRate | undefined {
  const rate = flags.rate ?? env.HARBOR_EMULATOR_FAULT_RATE;
  if (rate === undefined || rate === "") return undefined;
  const seed = flags.seed ?? env.HARBOR_EMULATOR_FAULT_SEED;
  const mix = flags.mix ?? env.HARBOR_EMULATOR_FAULT_MIX;
  const latency = flags.latencyMs ?? env.HARBOR_EMULATOR_FAULT_LATENCY_MS;
  return validateFaultRate({
    rate: Number(rate),
    ...(seed ? { seed: Number(seed) } : {}),
    ...(mix
      ? {
          mix: mix
            .split(",")
            .map((k) => k.trim())
            .filter(Boolean) as RateFaultKind[],
        }
      : {}),
    ...(latency ? { latencyMs: Number(latency) } : {}),
  });
}

export class Faults {
  private armed: Array<{ spec: FaultSpec; remaining: number }> = [];
  private random: { rate: FaultRate; draw: () => number } | undefined;
  /** Random faults handed out so far, per kind (for soak reports). */
  readonly drawn = new Map<RateFaultKind, number>();

  /** Gives each request a fault with probability `rate.rate` (undefined: no random faults). */
  setRate(rate: FaultRate | undefined): void {
    this.random = rate && { rate: validateFaultRate({ ...rate }), draw: seededRandom(rate.seed ?? 1) };
    this.drawn.clear();
  }

  add(spec: FaultSpec): void {
    if (!KINDS.has(spec.kind)) throw new Error(`unknown fault kind "${spec.kind}"`);
    if ((spec.kind === "status" || spec.kind === "apply-then-status") && !spec.status) {
      throw new Error(`fault kind "${spec.kind}" needs a status`);
    }
    this.armed.push({ spec: { ...spec }, remaining: spec.times ?? 1 });
  }

  /** Consume one use of the first fault matching this request, if any. */
  take(method: string, route: string): FaultSpec | undefined {
    const hit = this.armed.find(
      (f) =>
        (f.spec.method === undefined || f.spec.method.toUpperCase() === method) &&
        routeMatches(f.spec.route, route),
    );
    if (!hit) return this.takeRandom();
    if (--hit.remaining <= 0) this.armed.splice(this.armed.indexOf(hit), 1);
    return hit.spec;
  }

  private takeRandom(): FaultSpec | undefined {
    if (!this.random) return undefined;
    const { rate, draw } = this.random;
    // Two draws per request whatever the outcome, so one request's fault never shifts the next's.
    const hit = draw() < rate.rate;
    const pick = draw();
    if (!hit) return undefined;
    const mix = rate.mix ?? RATE_FAULT_KINDS;
    const kind = mix[Math.min(mix.length - 1, Math.floor(pick * mix.length))]!;
    this.drawn.set(kind, (this.drawn.get(kind) ?? 0) + 1);
    return rateFault(kind, rate.latencyMs ?? 1000);
  }

  /** Drops armed faults and the fault rate. */
  clear(): void {
    this.armed = [];
    this.setRate(undefined);
  }
}
