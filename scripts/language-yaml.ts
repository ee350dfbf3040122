// The Pulumi YAML language host for tests and demos that run YAML programs through the CLI: found on
// PATH or built once from Go modules (scripts/ensure-language-yaml.sh), next to the engine.
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { repoRoot } from "./engine";

let cached: string | undefined;

/** The directory holding pulumi-language-yaml (progress of a first build goes to stderr). */
export function ensureLanguageYaml(): string {
  if (cached) return cached;
  const script = path.join(repoRoot, "scripts", "ensure-language-yaml.sh");
  const run = spawnSync("bash", [script], { stdio: ["ignore", "pipe", "inherit"], encoding: "utf8" });
  if (run.status !== 0)
    throw new Error(
      `could not provide pulumi-language-yaml (scripts/ensure-language-yaml.sh exited ${run.status})`,
    );
  cached = run.stdout.trim().split("\n").pop() ?? "";
  return cached;
}
