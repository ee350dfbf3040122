// What the dynamic provider process knows beyond a resource's inputs: the stack config handed to
// `configure` (kept in this module, never in the serialized provider) and the environment.
import { DEFAULT_HARBOR_VERSION, parseHarborVersion, type HarborVersion } from "./client/version";

export interface ConfigSource {
  get(key: string): string | undefined;
}

let stackConfig: ConfigSource | undefined;

/** Called once per provider process by the dynamic provider's `configure`. */
export function setStackConfig(config: ConfigSource | undefined): void {
  stackConfig = config;
}

export function getStackConfig(): ConfigSource | undefined {
  return stackConfig;
}

/** The Harbor release rules are checked against at preview, highest precedence first. */
export function targetHarborVersion(explicit?: string, env: NodeJS.ProcessEnv = process.env): HarborVersion {
  const candidates = [explicit, stackConfig?.get("harbor:version"), env.HARBOR_VERSION];
  for (const c of candidates) {
    const v = parseHarborVersion(c);
    if (v) return v;
  }
  return DEFAULT_HARBOR_VERSION;
}
