// Killing `pulumi up` mid-run and reopening its stack, for the interrupted-run tests (e2e against the
// emulator, acceptance against a real Harbor): the up runs in a process of its own (run-up.js, like
// a CI job), its engine is SIGKILLed once the caller says creates are in flight, and the next job
// opens the same backend, applying the documented fix (docs/troubleshooting.md) when the kill broke a state file.
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import type { Stack, UpResult } from "@pulumi/pulumi/automation";
import { createLocalStack, repoRoot } from "../../../scripts/engine";
import { failureOf } from "../harness";
import { programOf, stackEnv, type InterruptedStack } from "./program";

/** The parent pid and command name of every process (Linux /proc). */
function processTable(): Map<number, { ppid: number; comm: string }> {
  const table = new Map<number, { ppid: number; comm: string }>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      // pid (comm) state ppid …; comm may hold spaces and parentheses: split at the last ")".
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const ppid = Number(stat.slice(close + 2).split(" ")[1]);
      table.set(Number(entry), { ppid, comm });
    } catch {
      // The process ended while we looked.
    }
  }
  return table;
}

function descendants(pid: number): number[] {
  const table = processTable();
  const out: number[] = [];
  const walk = (parent: number) => {
    for (const [child, info] of table)
      if (info.ppid === parent) {
        out.push(child);
        walk(child);
      }
  };
  walk(pid);
  return out;
}

/** A process's start time (clock ticks after boot): with the pid, it names one process for good. */
function startTime(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

/** A process a test started, remembered so that a reused pid is never signalled. */
export interface Started {
  pid: number;
  since: string | undefined;
}
const remember = (pid: number): Started => ({ pid, since: startTime(pid) });
const alive = (p: Started) => p.since !== undefined && startTime(p.pid) === p.since;
/** SIGKILLs the process if it is still the one that was started. */
export const end = (p: Started) => {
  if (alive(p)) process.kill(p.pid, "SIGKILL");
};

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitFor(what: string, ok: () => boolean, timeoutMs = 120_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** State resources of the RobotAccount type, read from the backend without the lock. */
async function recordedNames(root: string): Promise<string[]> {
  const file = path.join(root, "backend", ".pulumi", "stacks", "interrupted", "test.json");
  const d = JSON.parse(fs.readFileSync(file, "utf8"));
  return (d.checkpoint?.latest?.resources ?? [])
    .filter((r: { type: string; outputs?: unknown }) => r.type.endsWith(":RobotAccount") && r.outputs)
    .map((r: { outputs: { name: string } }) => r.outputs.name)
    .sort();
}

/**
 * docs/troubleshooting.md: a kill while the file backend writes a state file's attributes leaves an
 * empty `<file>.attrs` (gocloud's fileblob truncates it before writing; the state file itself is
 * replaced atomically), and the CLI then says `failed to load checkpoint: EOF`. The fix is deleting
 * the empty .attrs files. Returns the ones deleted.
 */
function removeEmptyAttrs(backendDir: string): string[] {
  const removed: string[] = [];
  for (const entry of fs.readdirSync(backendDir, { withFileTypes: true, recursive: true })) {
    const file = path.join(entry.parentPath, entry.name);
    if (entry.isFile() && entry.name.endsWith(".attrs") && fs.statSync(file).size === 0) {
      fs.rmSync(file);
      removed.push(path.relative(backendDir, file));
    }
  }
  return removed;
}

/** The recovering job's stack; applies the documented fix when the kill broke a state file's attributes. */
export async function reopenStack(root: string, s: InterruptedStack, envVars?: Record<string, string>) {
  const open = () => createLocalStack({ projectName: "interrupted", program: programOf(s), root, envVars });
  try {
    return await open();
  } catch (e) {
    if (!/failed to load checkpoint: EOF/.test(String((e as Error).message))) throw e;
    const removed = removeEmptyAttrs(path.join(root, "backend"));
    assert.ok(removed.length > 0, "failed to load checkpoint: EOF without an empty .attrs file");
    console.log(
      `      the kill hit a state write: removed the empty ${removed.join(", ")} (docs/troubleshooting.md)`,
    );
    return open();
  }
}

/**
 * The robots Harbor holds (`inHarbor`, short names) that the killed run's state lacks: printed, and
 * there must be some, or the kill came too early or too late to test anything.
 */
export async function leftBehindAfterKill(root: string, inHarbor: string[]): Promise<string[]> {
  const recorded = await recordedNames(root);
  const leftBehind = inHarbor.filter((n) => !recorded.includes(n));
  console.log(
    `      after the kill: ${inHarbor.length} robots in Harbor, ${recorded.length} in the state, ` +
      `${leftBehind.length} left behind (${leftBehind.join(", ")})`,
  );
  assert.ok(leftBehind.length > 0, "the kill should leave robots Harbor made but the state lacks");
  return leftBehind;
}

/** The documented recovery by the next job (docs/troubleshooting.md): `up` refused (the dead run's lock), `pulumi cancel`, `up`. */
export async function cancelAndUp(stack: Stack): Promise<UpResult> {
  assert.match(await failureOf(stack.up()), /locked/, "the file backend keeps the dead run's lock");
  await stack.cancel();
  const up = await stack.up();
  assert.equal(up.summary.result, "succeeded");
  return up;
}

/** The stack's robots with the secrets stored for them (the test reads them: exportStack shows secrets). */
export async function storedRobots(
  stack: Stack,
): Promise<Array<{ name: string; fullName: string; robotId: number; secret: string }>> {
  const state = await stack.exportStack();
  return state.deployment.resources
    .filter((r: { type: string }) => r.type.endsWith(":RobotAccount"))
    .map(
      (r: {
        outputs: { name: string; fullName: string; robotId: number; secret: { plaintext: string } };
      }) => ({
        name: r.outputs.name,
        fullName: r.outputs.fullName,
        robotId: r.outputs.robotId,
        secret: JSON.parse(r.outputs.secret.plaintext) as string,
      }),
    );
}

export interface KilledUp {
  root: string;
  stack: InterruptedStack;
  /** Every process started is added here, for the caller to end by id at the end. */
  started: Started[];
  killProvider: boolean;
  /** True once creates are in flight: the moment to kill the engine. */
  inFlight: () => boolean;
  /** How long the writes in flight may take to land in Harbor after the kill. */
  settleMs: number;
  /** Environment of the up's process (HARBOR_URL and the like); this process's by default. */
  env?: NodeJS.ProcessEnv;
}

/** Starts `pulumi up` in a process of its own and SIGKILLs its engine once `inFlight()` holds. */
export async function killedUp(k: KilledUp): Promise<void> {
  const runner: ChildProcess = spawn(
    process.execPath,
    [path.join(repoRoot, "dist", "test", "e2e", "interrupted", "run-up.js"), k.root],
    {
      cwd: repoRoot,
      env: { ...(k.env ?? process.env), ...stackEnv(k.stack) },
      stdio: ["ignore", "ignore", "inherit"],
    },
  );
  k.started.push(remember(runner.pid!));
  await waitFor("creates in flight", k.inFlight);
  const engine = descendants(runner.pid!).find((pid) => processTable().get(pid)?.comm === "pulumi");
  assert.ok(engine, "the Automation API's pulumi process was not found");
  const providers = descendants(engine).map(remember);
  k.started.push(remember(engine), ...providers);
  process.kill(engine, "SIGKILL");
  if (k.killProvider) providers.forEach(end);
  await waitFor("the killed up to end", () => runner.exitCode !== null || runner.signalCode !== null);
  // The writes that reached Harbor complete there whatever happened to their sender.
  await sleep(k.settleMs);
  providers.forEach(end);
}
