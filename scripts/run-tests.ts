// `npm test`: the three layers in order (unit, integration, e2e with the real engine), each a mocha
// run, then one closing line that counts them all: "tests: N passed, N failed, N skipped".
import { spawn } from "node:child_process";
import * as path from "node:path";
import { repoRoot } from "./engine";

const LAYERS: Array<{ name: string; glob: string; timeoutMs?: number }> = [
  { name: "unit", glob: "dist/test/unit/**/*.test.js" },
  { name: "integration", glob: "dist/test/integration/**/*.test.js" },
  { name: "e2e", glob: "dist/test/e2e/**/*.test.js", timeoutMs: 600_000 },
];

interface Counts {
  passed: number;
  failed: number;
  skipped: number;
  exitCode: number;
}

function runLayer(layer: (typeof LAYERS)[number]): Promise<Counts> {
  const mocha = path.join(repoRoot, "node_modules", "mocha", "bin", "mocha.js");
  const args = [
    mocha,
    "--config",
    ".mocharc.json",
    ...(layer.timeoutMs ? ["--timeout", String(layer.timeoutMs)] : []),
    layer.glob,
  ];
  console.log(`\n=== ${layer.name} tests ===`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ["ignore", "pipe", "inherit"] });
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

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const total = { passed: 0, failed: 0, skipped: 0 };
  let exitCode = 0;
  for (const layer of LAYERS.filter((l) => only.length === 0 || only.includes(l.name))) {
    const c = await runLayer(layer);
    total.passed += c.passed;
    total.failed += c.failed;
    total.skipped += c.skipped;
    if (c.exitCode !== 0) exitCode = c.exitCode;
    if (c.exitCode !== 0 && c.failed === 0) total.failed += 1; // a crash counts as a failure
  }
  console.log(`\ntests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
  process.exit(total.passed === 0 ? 1 : exitCode);
}

void main();
