// Benchmarks (npm run bench): print figures, assert nothing. RobotAccount beside the engine's floor (a
// no-op dynamic resource with the same inputs, same engine setup, same run), at several sizes, floor
// and robots alternating, each operation timed; Harbor requests per robot by route, state bytes per
// robot, peak RSS of the provider process, CPU seconds of the engine and provider processes (steadier
// than wall time on a busy machine). The robots come from the package installed under node_modules,
// as in a user's project. Settings (environment):
//   BENCH_N=10,100[,1000]   robots per stack (default 10,100; 1000 takes ~15 min on 2 cores)
//   BENCH_REPS=3            lifecycles per kind and size (default 3, and 1 from 1000 robots on)
//   BENCH_PARALLEL=8        the engine's --parallel (default: the engine's own, 8)
//   BENCH_SHAPE=1           also run "shape": the no-op floor returning robot-shaped outputs (floor.ts)
//   BENCH_ENGINE_ENV=K=V,…  extra engine environment for both kinds (e.g. PULUMI_SKIP_CHECKPOINTS=true)
//   BENCH_PASSWORD_CHECK_MS=100  the emulator burns this much CPU per password check (Harbor 2.15's
//                           PBKDF2 costs about 100 ms), so times show what the checks cost
//   HARBOR_URL, HARBOR_USERNAME, HARBOR_PASSWORD: run the robots against this Harbor instead of the
//   emulator (robots named bench-<run>-<i>, destroyed at the end; BENCH_PATTERN, default library*,
//   must match a project there), through a loopback forwarder that counts the requests and the
//   password checks they cost. A Harbor on this machine (HARBOR_PID, else the process listening on
//   the URL's port) also has its CPU seconds per operation reported.
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import type { RobotAccount as RobotAccountClass } from "../../sdk";
import { startEmulator, type HarborEmulator } from "../../emulator";
import { ROUTES } from "../../emulator/routes";
import { createLocalStack, exportStackEncrypted, repoRoot } from "../../scripts/engine";
import { emulatorScale } from "./emulator-scale";
import { startHarborProxy } from "../helpers/harbor-proxy";
import { inventoryLine, inventoryShapes } from "./inventory";
import { FloorResource, ShapeResource } from "./floor";
import { findHarborProcess, processCpuS } from "./harbor-cpu";
import { withProviderPeak } from "./provider-rss";
import { nativeStateLine } from "./native-state";
import { stateBytesPerResource, type StateBytes } from "./state-size";

const COUNTS = (process.env.BENCH_N ?? "10,100").split(",").map(Number);
const REPS = process.env.BENCH_REPS ? Number(process.env.BENCH_REPS) : undefined;
const PARALLEL = process.env.BENCH_PARALLEL ? Number(process.env.BENCH_PARALLEL) : undefined;
const ENGINE_ENV = Object.fromEntries(
  (process.env.BENCH_ENGINE_ENV ?? "")
    .split(",")
    .filter(Boolean)
    .map((kv) => [kv.slice(0, kv.indexOf("=")), kv.slice(kv.indexOf("=") + 1)]),
);
const REAL_HARBOR = process.env.HARBOR_URL;
const PATTERN = process.env.BENCH_PATTERN ?? "library*";
const RUN_ID = randomBytes(3).toString("hex");
const PASSWORD_CHECK_MS = process.env.BENCH_PASSWORD_CHECK_MS
  ? Number(process.env.BENCH_PASSWORD_CHECK_MS)
  : undefined;
const HARBOR_PROCESS = REAL_HARBOR ? findHarborProcess(REAL_HARBOR) : undefined;
const HARBOR_PID = HARBOR_PROCESS && "pid" in HARBOR_PROCESS ? HARBOR_PROCESS.pid : undefined;

const OPS = ["up", "preview", "refresh", "destroy"] as const;
type Op = (typeof OPS)[number];
type Kind = "floor" | "shape" | "robots";
const KINDS: Kind[] = process.env.BENCH_SHAPE ? ["floor", "shape", "robots"] : ["floor", "robots"];

interface OpResult {
  ms: number;
  /** CPU seconds of the engine and provider processes (children of this process; not the emulator). */
  cpuS: number;
  rssMiB?: number;
  /** "POST /robots" → requests (robots only). */
  routes?: Map<string, number>;
  /** Password checks Harbor made (robots only). */
  checks?: { basic: number; login: number };
  /** CPU seconds of a Harbor on this machine during the operation (its idle use for the floor). */
  harborCpuS?: number;
}

interface Lifecycle {
  ops: Record<Op, OpResult>;
  state: StateBytes;
}

/** The same inputs for the floor and for the robots. */
function inputs(i: number) {
  return {
    name: `bench-${RUN_ID}-${i}`,
    description: "benchmark robot",
    duration: 30,
    permissions: [
      { projects: [PATTERN], access: ["push", "pull"] },
      { scope: "allProjects" as const, access: ["pull"] },
    ],
  };
}

/** CPU seconds used by waited-for child processes so far (/proc/self/stat cutime + cstime). */
function childrenCpuS(): number {
  try {
    const fields = fs.readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
    return (Number(fields[13]) + Number(fields[14])) / 100; // clock ticks; USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; cpuS: number }> {
  const start = process.hrtime.bigint();
  const cpu = childrenCpuS();
  await run();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, cpuS: childrenCpuS() - cpu };
}

/**
 * A project folder with the package installed under node_modules, as a user's project has it: Pulumi
 * then stores a require() of the shim (289 characters) instead of its code, and the provider process
 * loads the package from there. This checkout's dependencies are linked beside it.
 */
function installedProject(): { dir: string; RobotAccount: typeof RobotAccountClass } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "phr-bench-project-"));
  const modules = path.join(dir, "node_modules");
  const pkg = path.join(modules, "pulumi-harbor-robots");
  fs.mkdirSync(path.join(pkg, "dist"), { recursive: true });
  fs.copyFileSync(path.join(repoRoot, "package.json"), path.join(pkg, "package.json"));
  for (const d of ["provider", "sdk"])
    fs.cpSync(path.join(repoRoot, "dist", d), path.join(pkg, "dist", d), { recursive: true });
  for (const entry of fs.readdirSync(path.join(repoRoot, "node_modules"))) {
    if (entry === "pulumi-harbor-robots" || entry.startsWith(".")) continue;
    fs.symlinkSync(path.join(repoRoot, "node_modules", entry), path.join(modules, entry));
  }
  return { dir, RobotAccount: require(pkg).RobotAccount };
}

const installed = installedProject();
process.on("exit", () => fs.rmSync(installed.dir, { recursive: true, force: true }));

function routeCounts(emu: HarborEmulator): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of ROUTES) {
    const n = emu.requestCount(r.method, r.swaggerPath);
    if (n > 0) counts.set(`${r.method} ${r.swaggerPath.replace(/\{[^}]+\}/g, "{id}")}`, n);
  }
  const logins = emu.requestCount("POST", "/c/login");
  if (logins > 0) counts.set("POST /c/login", logins);
  return counts;
}

async function lifecycle(kind: Kind, count: number): Promise<Lifecycle> {
  const emu =
    kind === "robots" && !REAL_HARBOR
      ? await startEmulator({ passwordCheckMs: PASSWORD_CHECK_MS })
      : undefined;
  // library is there already, as in every Harbor.
  for (const p of ["library-mirror", "team-b-data"]) emu?.seedProject(p);
  // A real Harbor is reached through a loopback forwarder that counts its requests.
  const proxy = kind === "robots" && REAL_HARBOR ? await startHarborProxy(REAL_HARBOR) : undefined;
  const counter = emu
    ? {
        reset: () => emu.resetCounts(),
        counts: () => routeCounts(emu),
        checks: () => ({ basic: emu.passwordCheckCount("basic"), login: emu.passwordCheckCount("login") }),
      }
    : proxy && { reset: proxy.reset, counts: proxy.counts, checks: proxy.checks };
  const local = await createLocalStack({
    projectName: "bench",
    programDir: installed.dir,
    envVars: {
      ...ENGINE_ENV,
      ...(emu ? emu.harborEnv() : {}),
      ...(proxy ? { HARBOR_URL: proxy.url } : {}),
    },
    program: async () => {
      for (let i = 0; i < count; i++) {
        if (kind === "floor") new FloorResource(`r${i}`, inputs(i));
        else if (kind === "shape") new ShapeResource(`r${i}`, inputs(i));
        else new installed.RobotAccount(`r${i}`, inputs(i));
      }
    },
  });
  const opts = PARALLEL ? { parallel: PARALLEL } : {};
  const run: Record<Op, () => Promise<unknown>> = {
    up: () => local.stack.up(opts),
    preview: () => local.stack.preview({ ...opts, expectNoChanges: true }),
    refresh: () => local.stack.refresh(opts),
    destroy: () => local.stack.destroy(opts),
  };
  const ops = {} as Record<Op, OpResult>;
  let state: StateBytes | undefined;
  let destroyed = false;
  try {
    for (const op of OPS) {
      counter?.reset();
      const harborBefore = HARBOR_PID === undefined ? Number.NaN : processCpuS(HARBOR_PID);
      const [{ ms, cpuS }, rssMiB] = await withProviderPeak(() => timed(run[op]));
      const harborCpuS = HARBOR_PID === undefined ? undefined : processCpuS(HARBOR_PID) - harborBefore;
      ops[op] = {
        ms,
        cpuS,
        rssMiB,
        harborCpuS,
        ...(counter ? { routes: counter.counts(), checks: counter.checks() } : {}),
      };
      if (op === "destroy") destroyed = true;
      if (op === "refresh") {
        const type = { floor: ":Floor", shape: ":Shape", robots: ":RobotAccount" }[kind];
        state = stateBytesPerResource(await exportStackEncrypted(local.stack), type);
      }
    }
  } finally {
    // Never leave robots behind on a real Harbor, whatever failed.
    if (!destroyed) await local.stack.destroy().catch(() => undefined);
    local.cleanup();
    await emu?.close();
    await proxy?.close();
  }
  return { ops, state: state! };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
};

const s = (ms: number) => (ms / 1000).toFixed(2).padStart(7);
const pad = (v: string, n: number) => v.padStart(n);

function routesPerRobot(runs: Lifecycle[], op: Op, count: number): string {
  const first = runs[0]?.ops[op].routes;
  if (!first) return "—";
  const keys = [...new Set(runs.flatMap((r) => [...(r.ops[op].routes?.keys() ?? [])]))].sort();
  if (keys.length === 0) return "none";
  return keys
    .map((k) => `${k} ${(median(runs.map((r) => r.ops[op].routes?.get(k) ?? 0)) / count).toFixed(2)}`)
    .join(", ");
}

async function sizeRow(count: number): Promise<void> {
  const reps = REPS ?? (count >= 1000 ? 1 : 3);
  const runs: Record<Kind, Lifecycle[]> = { floor: [], shape: [], robots: [] };
  for (let rep = 0; rep < reps; rep++) {
    // Alternate the order of the kinds, so a machine getting busier or quieter hits them alike.
    const order = rep % 2 === 0 ? KINDS : [...KINDS].reverse();
    for (const kind of order) runs[kind].push(await lifecycle(kind, count));
  }
  console.log(`\nN = ${count} (median of ${reps} alternating lifecycles per kind)`);
  console.log(
    "op       |  floor s | robots s | ratio | ms/robot | CPU s floor/robots (ratio) | provider RSS MiB floor/robots | Harbor requests per robot",
  );
  for (const op of OPS) {
    const med = (k: Kind, f: (r: OpResult) => number) => median(runs[k].map((r) => f(r.ops[op])));
    const [floor, robots] = [med("floor", (r) => r.ms), med("robots", (r) => r.ms)];
    const [floorCpu, robotsCpu] = [med("floor", (r) => r.cpuS), med("robots", (r) => r.cpuS)];
    const rss = (k: Kind) => {
      const xs = runs[k].map((r) => r.ops[op].rssMiB).filter((v): v is number => v !== undefined);
      return xs.length ? Math.max(...xs).toFixed(0) : "n/a";
    };
    const cpu = `${floorCpu.toFixed(2)}/${robotsCpu.toFixed(2)} (${(robotsCpu / floorCpu).toFixed(2)})`;
    const shape = runs.shape.length
      ? ` | shape ${s(med("shape", (r) => r.ms)).trim()} s, CPU ${med("shape", (r) => r.cpuS).toFixed(2)} s`
      : "";
    console.log(
      `${op.padEnd(8)} | ${s(floor)}  | ${s(robots)}  | ${(robots / floor).toFixed(2).padStart(5)} | ` +
        `${pad((robots / count).toFixed(1), 8)} | ${pad(cpu, 26)} | ` +
        `${pad(`${rss("floor")}/${rss("robots")}`, 29)} | ${routesPerRobot(runs.robots, op, count)}${shape}`,
    );
  }
  harborRows(runs, count);
  for (const kind of KINDS) {
    const b = runs[kind][0]!.state;
    console.log(
      `state bytes per ${kind === "robots" ? "robot" : `${kind} resource`}: ${b.total} total = ${b.provider} serialized provider ` +
        `+ ${b.ciphertext} ciphertext + ${b.rest} other`,
    );
  }
}

/**
 * What the robots cost Harbor per operation: password checks (Basic requests, logins) and, for a
 * Harbor on this machine, its CPU seconds, beside its CPU during the floor's run of the same
 * operation (Harbor idle for as long).
 */
function harborRows(runs: Record<Kind, Lifecycle[]>, count: number): void {
  const knownMedian = (xs: (number | undefined)[]) => {
    const known = xs.filter((x): x is number => x !== undefined && !Number.isNaN(x));
    return known.length ? median(known) : undefined;
  };
  const range = (xs: (number | undefined)[]) => {
    const known = xs.filter((x): x is number => x !== undefined && !Number.isNaN(x));
    return known.length > 1 ? ` (${Math.min(...known).toFixed(2)}–${Math.max(...known).toFixed(2)})` : "";
  };
  console.log(
    `op       | robots s (range)   | password checks per op, Basic/login | Harbor CPU s, robots${HARBOR_PID ? "" : REAL_HARBOR ? " (Harbor not on this machine)" : " (a real Harbor only)"} | ms per robot | Harbor CPU s while the floor ran`,
  );
  for (const op of OPS) {
    const ops = runs.robots.map((r) => r.ops[op]);
    const basic = knownMedian(ops.map((o) => o.checks?.basic));
    const login = knownMedian(ops.map((o) => o.checks?.login));
    const robots = ops.map((o) => o.harborCpuS);
    const floor = runs.floor.map((r) => r.ops[op].harborCpuS);
    const cpu = knownMedian(robots);
    const wall = ops.map((o) => o.ms / 1000);
    console.log(
      `${op.padEnd(8)} | ${pad(`${knownMedian(wall)?.toFixed(2)}${range(wall)}`, 18)} | ` +
        `${pad(`${basic ?? "—"}/${login ?? "—"}`, 35)} | ` +
        `${pad(cpu === undefined ? "—" : `${cpu.toFixed(2)}${range(robots)}`, 20)} | ` +
        `${pad(cpu === undefined ? "—" : ((cpu * 1000) / count).toFixed(1), 12)} | ` +
        `${knownMedian(floor)?.toFixed(2) ?? "—"}`,
    );
  }
}

/** The serialized shim of the installed package: Pulumi stores only a require() of it. */
async function installedShimSize(): Promise<number> {
  const file = path.join(
    installed.dir,
    "node_modules",
    "pulumi-harbor-robots",
    "dist",
    "provider",
    "shims",
    "robot-account.js",
  );
  const shim = require(file);
  return (await pulumi.runtime.serializeFunction(() => shim, { allowSecrets: true })).text.length;
}

async function inRepoShimSize(): Promise<number> {
  const shim = require("../../provider/shims/robot-account");
  return (await pulumi.runtime.serializeFunction(() => shim, { allowSecrets: true })).text.length;
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log(
    `machine: ${cpus.length} × ${cpus[0]?.model ?? "?"}, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}; robots against ${REAL_HARBOR ?? "the emulator (no latency)"}` +
      `${PASSWORD_CHECK_MS ? `, ${PASSWORD_CHECK_MS} ms of CPU per password check` : ""}` +
      `${HARBOR_PROCESS ? `; Harbor CPU: ${"pid" in HARBOR_PROCESS ? `${HARBOR_PROCESS.name} pid ${HARBOR_PROCESS.pid}` : `not measured, ${HARBOR_PROCESS.reason}`}` : ""}` +
      `${PARALLEL ? `; --parallel ${PARALLEL}` : ""}${Object.keys(ENGINE_ENV).length ? `; engine env ${JSON.stringify(ENGINE_ENV)}` : ""}`,
  );
  console.log(
    `serialized RobotAccount shim: ${await installedShimSize()} characters installed under node_modules ` +
      `(a require(); what the robots below store), ${await inRepoShimSize()} loaded from this checkout (by value)`,
  );
  if (!REAL_HARBOR) {
    for (const count of COUNTS)
      for (const file of [false, true])
        console.log(
          `emulator alone, ${count} robots${file ? ", --state-file" : ""}: ${await emulatorScale(count, file)}`,
        );
  }
  if (!REAL_HARBOR)
    for (const count of COUNTS.filter((c) => c >= 100))
      for (const shape of inventoryShapes(count)) console.log(await inventoryLine(shape));
  for (const count of COUNTS) await sizeRow(count);
  if (!REAL_HARBOR) console.log(await nativeStateLine());
  console.log(`\nbench took ${(process.uptime() / 60).toFixed(1)} min`);
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
