// `npm test`: the three layers in order (unit, integration, e2e with the real engine), each a mocha
// run, then one closing line that counts them all: "tests: N passed, N failed, N skipped".
// `npm run test:acceptance` runs the acceptance layer (a real Harbor named by HARBOR_ACCEPTANCE_URL),
// which `npm test` leaves out: it needs a disposable Harbor.
// Each e2e file gets a mocha process of its own: an inline Automation API program runs inside the
// test process, and @pulumi/pulumi keeps process-global runtime state (settings, gRPC clients)
// between operations; a fresh process per file keeps one file's stacks from affecting the next.
import { spawn } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "./engine";

interface Layer {
  name: string;
  glob: string;
  timeoutMs?: number;
  /** Run each test file in a process of its own. */
  perFile?: boolean;
  /** Run only when named (`run-tests.js acceptance`), never by plain `npm test`. */
  optIn?: boolean;
  /**
   * A module (under dist/) exporting openLayer(), which checks what the layer needs and returns the
   * environment for its test processes (it throws with what to set), and closeLayer(), run at the end
   * whatever failed.
   */
  session?: string;
}

const LAYERS: Layer[] = [
  { name: "unit", glob: "dist/test/unit/**/*.test.js" },
  { name: "integration", glob: "dist/test/integration/**/*.test.js" },
  { name: "e2e", glob: "dist/test/e2e/*.test.js", timeoutMs: 600_000, perFile: true },
  {
    name: "acceptance",
    glob: "dist/test/acceptance/*.test.js",
    timeoutMs: 600_000,
    perFile: true,
    optIn: true,
    session: "dist/test/acceptance/layer.js",
  },
];

interface LayerSession {
  openLayer(): Promise<Record<string, string>>;
  closeLayer(): Promise<void>;
}

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
  exitCode: number;
}

function runMocha(layer: Layer, files: string, env: NodeJS.ProcessEnv = process.env): Promise<Counts> {
  const mocha = path.join(repoRoot, "node_modules", "mocha", "bin", "mocha.js");
  const timeout = layer.timeoutMs ? ["--timeout", String(layer.timeoutMs)] : [];
  const args = [mocha, "--config", ".mocharc.json", ...timeout, files];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env, stdio: ["ignore", "pipe", "inherit"] });
    const counts: Counts = { passed: 0, failed: 0, skipped: 0, exitCode: 0 };
    let pending = "";
    child.stdout.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      pending += chunk.toString("utf8");
      const lines = pending.split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) {
        const m = /^\s*(\d+) (passing|failing|pending)\b/.exec(line);
        if (m)
          counts[m[2] === "passing" ? "passed" : m[2] === "failing" ? "failed" : "skipped"] = Number(m[1]);
      }
    });
    child.on("close", (code) => resolve({ ...counts, exitCode: code ?? 1 }));
  });
}

async function runLayer(layer: Layer): Promise<Counts> {
  console.log(`\n=== ${layer.name} tests ===`);
  if (!layer.session) return runFiles(layer, process.env);
  const session = require(path.join(repoRoot, layer.session)) as LayerSession;
  let env: Record<string, string>;
  try {
    env = await session.openLayer();
  } catch (e) {
    console.error(`\n${(e as Error).message}`);
    return { passed: 0, failed: 0, skipped: 0, exitCode: 2 };
  }
  const counts = await runFiles(layer, { ...process.env, ...env });
  try {
    await session.closeLayer();
  } catch (e) {
    console.error(`\n${layer.name}: closing the layer failed: ${(e as Error).message}`);
    return { ...counts, failed: counts.failed + 1, exitCode: counts.exitCode || 1 };
  }
  return counts;
}

async function runFiles(layer: Layer, env: NodeJS.ProcessEnv): Promise<Counts> {
  if (!layer.perFile) return runMocha(layer, layer.glob, env);
  const dir = path.join(repoRoot, path.dirname(layer.glob));
  const files = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(".test.js"))
    .sort();
  const total: Counts = { passed: 0, failed: 0, skipped: 0, exitCode: 0 };
  for (const file of files) {
    const c = await runMocha(layer, path.join(path.dirname(layer.glob), file), env);
    total.passed += c.passed;
    total.failed += c.failed + (c.exitCode !== 0 && c.failed === 0 ? 1 : 0);
    total.skipped += c.skipped;
    if (c.exitCode !== 0) total.exitCode = c.exitCode;
  }
  return total;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const total = { passed: 0, failed: 0, skipped: 0 };
  let exitCode = 0;
  const layers = LAYERS.filter((l) => (only.length === 0 ? !l.optIn : only.includes(l.name)));
  for (const layer of layers) {
    const c = await runLayer(layer);
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
    if (c.exitCode !== 0) exitCode = c.exitCode;
    if (c.exitCode !== 0 && c.failed === 0) total.failed += 1; // a crash counts as a failure
  }
  console.log(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exit(exitCode !== 0 ? exitCode : total.passed === 0 ? 1 : 0);
}

void main();
