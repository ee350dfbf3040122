// `npm run soak -- --robots 100 --rate 0.2 --seed 42 [--mix 503,reset]`: N robots (a third with a
// chosen secret) against the embedded emulator with a seeded per-request fault rate (503/500, 429,
// resets, answers lost after the write, latency), through the real engine. Runs `pulumi up` until the robots converge
// (at most --ups times), then `pulumi destroy` until Harbor is empty (at most --destroys times), and
// prints after each run: robots converged, duplicates, stored secrets that log in, robots left.
import { parseArgs } from "node:util";
import type { Stack } from "@pulumi/pulumi/automation";
import {
  RATE_FAULT_KINDS,
  startEmulator,
  type FaultRate,
  type HarborEmulator,
  type RateFaultKind,
} from "../emulator";
import { faultRateFrom } from "../emulator/faults";
import { RobotAccount } from "../sdk";
import { createLocalStack } from "./engine";

export interface SoakOptions {
  robots: number;
  /** The emulator's fault rate: share of requests faulted, seed, mix, latency. */
  faults: FaultRate;
  ups: number;
  destroys: number;
  log?: (line: string) => void;
}

export interface UpFigures {
  run: number;
  succeeded: boolean;
  seconds: number;
  /** Declared robots present in Harbor once, with the declared fields, recorded in the state. */
  converged: number;
  /** Robots in Harbor beyond one per declared name (an undeclared one, or a second of a name). */
  duplicates: number;
  /** State secrets that authenticate as their robot. */
  secretsThatLogIn: number;
  error?: string;
}

export interface DestroyFigures {
  run: number;
  succeeded: boolean;
  seconds: number;
  robotsLeft: number;
  error?: string;
}

export interface SoakFigures {
  robots: number;
  ups: UpFigures[];
  destroys: DestroyFigures[];
  faultsDrawn: Partial<Record<RateFaultKind, number>>;
  requests: number;
}

const CHOSEN = "Chosen-Secret-9";
const nameOf = (i: number) => `s${i}`;

/** What the state says of each RobotAccount (with --show-secrets: the soak reads the secrets). */
async function storedRobots(
  stack: Stack,
): Promise<Array<{ name: string; fullName: string; secret: string }>> {
  const d = await stack.exportStack();
  const plain = (v: unknown) =>
    v && typeof v === "object" && "plaintext" in v
      ? JSON.parse(String((v as { plaintext: string }).plaintext))
      : v;
  return (d.deployment.resources ?? [])
    .filter((r: { type: string }) => r.type.endsWith(":RobotAccount"))
    .map((r: { outputs?: Record<string, unknown> }) => ({
      name: String(r.outputs?.name ?? ""),
      fullName: String(r.outputs?.fullName ?? ""),
      secret: String(plain(r.outputs?.secret) ?? ""),
    }));
}

function upFigures(emu: HarborEmulator, n: number, stored: Awaited<ReturnType<typeof storedRobots>>) {
  const inHarbor = emu.listRobots();
  const declared = new Set(Array.from({ length: n }, (_, i) => nameOf(i)));
  const byName = new Map<string, number>();
  for (const r of inHarbor) byName.set(r.name, (byName.get(r.name) ?? 0) + 1);
  const duplicates = inHarbor.length - [...byName.keys()].filter((k) => declared.has(k)).length;
  const recorded = new Set(stored.map((s) => s.name));
  const converged = [...declared].filter(
    (name) =>
      byName.get(name) === 1 &&
      recorded.has(name) &&
      inHarbor.some((r) => r.name === name && r.duration === 30 && !r.disabled),
  ).length;
  const secretsThatLogIn = stored.filter((s) => s.secret && emu.checkLogin(s.fullName, s.secret)).length;
  return { converged, duplicates, secretsThatLogIn };
}

async function timed<T>(run: () => Promise<T>): Promise<{ seconds: number; error?: string }> {
  const started = Date.now();
  try {
    await run();
    return { seconds: (Date.now() - started) / 1000 };
  } catch (e) {
    const message = String((e as Error).message ?? e);
    // The engine's output is long; its last error lines say what failed.
    const errors = message.split("\n").filter((l) => /error/i.test(l));
    return { seconds: (Date.now() - started) / 1000, error: errors.slice(-3).join(" | ").slice(0, 600) };
  }
}

export async function runSoak(opts: SoakOptions): Promise<SoakFigures> {
  const log = opts.log ?? (() => {});
  const emu = await startEmulator();
  emu.seedProject("apps");
  const local = await createLocalStack({
    projectName: "soak",
    program: async () => {
      for (let i = 0; i < opts.robots; i++) {
        new RobotAccount(nameOf(i), {
          name: nameOf(i),
          duration: 30,
          ...(i % 3 === 0 ? { secret: CHOSEN } : {}),
          permissions: [{ projects: ["apps"], access: ["pull"] }],
        });
      }
    },
    envVars: {
      ...emu.harborEnv(),
    },
  });
  const figures: SoakFigures = { robots: opts.robots, ups: [], destroys: [], faultsDrawn: {}, requests: 0 };
  try {
    emu.setFaultRate(opts.faults);
    for (let run = 1; run <= opts.ups; run++) {
      const t = await timed(() => local.stack.up());
      const f: UpFigures = {
        run,
        succeeded: !t.error,
        seconds: t.seconds,
        ...upFigures(emu, opts.robots, await storedRobots(local.stack)),
        ...(t.error ? { error: t.error } : {}),
      };
      figures.ups.push(f);
      log(
        `up #${run}: ${f.succeeded ? "succeeded" : "failed"} in ${f.seconds.toFixed(1)} s; converged ${f.converged}/${opts.robots}, ` +
          `duplicates ${f.duplicates}, secrets that log in ${f.secretsThatLogIn}/${opts.robots}` +
          (f.error ? `\n    ${f.error}` : ""),
      );
      if (f.succeeded && f.converged === opts.robots) break;
    }
    for (let run = 1; run <= opts.destroys; run++) {
      const t = await timed(() => local.stack.destroy());
      const f: DestroyFigures = {
        run,
        succeeded: !t.error,
        seconds: t.seconds,
        robotsLeft: emu.listRobots().length,
        ...(t.error ? { error: t.error } : {}),
      };
      figures.destroys.push(f);
      log(
        `destroy #${run}: ${f.succeeded ? "succeeded" : "failed"} in ${f.seconds.toFixed(1)} s; robots left ${f.robotsLeft}` +
          (f.error ? `\n    ${f.error}` : ""),
      );
      if (f.succeeded && f.robotsLeft === 0) break;
    }
    figures.faultsDrawn = emu.faultsDrawn();
    figures.requests = emu.requestCount();
    return figures;
  } finally {
    emu.clearFaults();
    local.cleanup();
    await emu.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      robots: { type: "string", default: "100" },
      ups: { type: "string", default: "2" },
      destroys: { type: "string", default: "2" },
      // Read and checked by the emulator's own parser, as its CLI's --fault-* flags are.
      rate: { type: "string", default: "0.2" },
      seed: { type: "string", default: "42" },
      mix: { type: "string" },
      "latency-ms": { type: "string", default: "1000" },
    },
    strict: true,
  });
  const count = (key: "robots" | "ups" | "destroys") => {
    const v = Number(values[key]);
    if (!Number.isInteger(v) || v < 1)
      throw new Error(`--${key} must be a whole number ≥ 1, got "${values[key]}"`);
    return v;
  };
  const faults = faultRateFrom(
    { rate: values.rate, seed: values.seed, mix: values.mix, latencyMs: values["latency-ms"] },
    {}, // flags only: a HARBOR_EMULATOR_FAULT_* left in the shell must not change the soak
  )!;
  const opts: SoakOptions = {
    robots: count("robots"),
    faults,
    ups: count("ups"),
    destroys: count("destroys"),
    log: (line) => console.log(line),
  };
  console.log(
    `soak: ${opts.robots} robots (a third with a chosen secret), ${faults.rate * 100} % of requests faulted ` +
      `(seed ${faults.seed ?? 1}; ${(faults.mix ?? RATE_FAULT_KINDS).join(", ")}; latency ${faults.latencyMs ?? 1000} ms)`,
  );
  const f = await runSoak(opts);
  const drawn = Object.entries(f.faultsDrawn)
    .map(([k, v]) => `${k} ${v}`)
    .join(", ");
  console.log(`faults: ${drawn || "none"} (of ${f.requests} requests)`);
  const converged = f.ups.at(-1)!;
  const left = f.destroys.at(-1)!;
  const ok =
    converged.converged === f.robots &&
    converged.duplicates === 0 &&
    converged.secretsThatLogIn === f.robots &&
    left.robotsLeft === 0;
  console.log(
    `result: ${ok ? "CONVERGED" : "NOT CONVERGED"}: ${converged.converged}/${f.robots} robots after ${f.ups.length} up(s), ` +
      `${converged.duplicates} duplicates, ${converged.secretsThatLogIn} secrets log in, ${left.robotsLeft} left after ${f.destroys.length} destroy(s)`,
  );
  process.exitCode = ok ? 0 : 1;
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`soak: ${(e as Error).message}`);
    process.exit(2);
  });
}
