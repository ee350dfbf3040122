// The Pulumi YAML language host for tests and demos that run YAML programs through the CLI: found on
// PATH or built once from Go modules (scripts/ensure-language-yaml.sh), next to the engine.
import { ensuredToolDir } from "./engine";

let cached: string | undefined;

/** The directory holding pulumi-language-yaml (progress of a first build goes to stderr). */
export function ensureLanguageYaml(): string {
  cached ??= ensuredToolDir("ensure-language-yaml.sh", "pulumi-language-yaml");
  return cached;
}
