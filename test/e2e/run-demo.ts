// `npm run demo` as a newcomer runs it, in a child process (asynchronously: the test process may be
// serving the emulator), with none of this shell's HARBOR_* variables, only the ones given.
import { spawn } from "node:child_process";
import * as path from "node:path";
import { repoRoot } from "../../scripts/engine";

export function runDemo(
  env: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const script = path.join(repoRoot, "dist", "scripts", "demo.js");
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("HARBOR_")));
  const child = spawn(process.execPath, [script], { env: { ...clean, ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString("utf8")));
  return new Promise((resolve) => child.on("close", (status) => resolve({ status, stdout, stderr })));
}
