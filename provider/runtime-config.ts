// What the dynamic provider process knows beyond a resource's inputs: the stack config handed to
// `configure` (kept in this module, never in the serialized provider) and the environment.
import { DEFAULT_HARBOR_VERSION, parseHarborVersion, type HarborVersion } from "./client/version";
import { configFailures } from "./model/provider-config";

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

/**
 * The Harbor release rules are checked against at preview, highest precedence first. A release set in
 * stack config or the environment that cannot be read fails, naming the setting, rather than being
 * skipped for the default (a typo would silently check against 2.15); so does one older than 2.2, which
 * has no robot API. (connection.harborVersion's spelling is a check failure of its own, see the zod model.)
 */
export function targetHarborVersion(explicit?: string, env: NodeJS.ProcessEnv = process.env): HarborVersion {
  const candidates: Array<[string, string | undefined]> = [
    ["connection.harborVersion", explicit],
    ["stack config harbor:version", stackConfig?.get("harbor:version")],
    ["environment HARBOR_VERSION", env.HARBOR_VERSION],
  ];
  for (const [name, raw] of candidates) {
    if (raw === undefined || raw.trim() === "") continue;
    // The same rule as the config's harborVersion (format, 2.2 or later), worded with this source's name.
    const [problem] = configFailures({ harborVersion: raw }, () => name);
    const v = parseHarborVersion(raw);
    if (problem) {
      if (name === "connection.harborVersion" && !v) continue;
      throw new Error(problem.reason);
    }
    return v!;
  }
  return DEFAULT_HARBOR_VERSION;
}

/** Default of harbor:recoveryWindowHours: a CI job killed overnight is still recovered the next morning. */
export const DEFAULT_RECOVERY_WINDOW_HOURS = 24;

/**
 * How long after its creation a robot left behind by an interrupted run may still be recognised and
 * finished (see robot-account/ownership.ts), in ms; 0 turns that recovery off. Stack config
 * harbor:recoveryWindowHours, else HARBOR_RECOVERY_WINDOW_HOURS, else 24 hours.
 */
export function recoveryWindowMs(env: NodeJS.ProcessEnv = process.env): number {
  const sources: Array<[string, string | undefined]> = [
    ["harbor:recoveryWindowHours", stackConfig?.get("harbor:recoveryWindowHours")],
    ["HARBOR_RECOVERY_WINDOW_HOURS", env.HARBOR_RECOVERY_WINDOW_HOURS],
  ];
  for (const [name, raw] of sources) {
    if (raw === undefined || raw.trim() === "") continue;
    const [problem] = configFailures({ recoveryWindowHours: raw }, () => name);
    if (problem) throw new Error(problem.reason);
    return Number(raw) * 3_600_000;
  }
  return DEFAULT_RECOVERY_WINDOW_HOURS * 3_600_000;
}
