// What the dynamic provider process knows beyond a resource's inputs: the stack config handed to
// `configure` (kept in this module, never in the serialized provider) and the environment. Every
// setting is read here by one rule, the provider configuration's (model/provider-config.ts), which
// check also applies at preview (connection-check.ts settingsFailures): a value the rule refuses
// fails naming the setting, never silently falls back to a default, and never only after a write.
import { HarborSettingsError } from "./client/errors";
import { DEFAULT_HARBOR_VERSION, parseHarborVersion, type HarborVersion } from "./client/version";
import {
  configFailures,
  environmentVariable,
  fromConfigText,
  providerConfig,
  providerSettings,
  stackConfigKey,
  type ProviderConfigKey,
  type SettingKey,
} from "./model/provider-config";

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

/** The places a setting is read from, highest precedence first: stack config, then the environment. */
function placesOf(key: SettingKey, env: NodeJS.ProcessEnv): Array<[string, string | undefined]> {
  const fromConfig: Array<[string, string | undefined]> =
    key in providerConfig.shape
      ? [
          [
            `stack config ${stackConfigKey(key as ProviderConfigKey)}`,
            stackConfig?.get(stackConfigKey(key as ProviderConfigKey)),
          ],
        ]
      : [];
  return [...fromConfig, [`environment ${environmentVariable(key)}`, env[environmentVariable(key)]]];
}

/**
 * A setting's value from the first place that sets it, as its rule reads the text (a number, true or
 * false, text); undefined when no place does. Throws HarborSettingsError naming the place, the rule
 * and the value when the rule refuses it.
 */
export function settingValue(key: SettingKey, env: NodeJS.ProcessEnv = process.env): unknown {
  for (const [place, raw] of placesOf(key, env)) {
    if (raw === undefined || raw.trim() === "") continue;
    const [problem] = configFailures({ [key]: raw }, () => place, providerSettings);
    if (problem) throw new HarborSettingsError(problem.reason);
    return fromConfigText(key, raw);
  }
  return undefined;
}

/**
 * The Harbor release rules are checked against at preview, highest precedence first. A release set in
 * stack config or the environment that cannot be read fails, naming the setting, rather than being
 * skipped for the default (a typo would silently check against 2.15); so does one older than 2.2, which
 * has no robot API. (connection.harborVersion's spelling is a check failure of its own, see the zod model.)
 */
export function targetHarborVersion(explicit?: string, env: NodeJS.ProcessEnv = process.env): HarborVersion {
  if (explicit !== undefined && explicit.trim() !== "") {
    const [problem] = configFailures({ harborVersion: explicit }, () => "connection.harborVersion");
    const v = parseHarborVersion(explicit);
    if (!problem) return v!;
    if (v) throw new HarborSettingsError(problem.reason);
  }
  const configured = settingValue("harborVersion", env);
  return configured === undefined ? DEFAULT_HARBOR_VERSION : parseHarborVersion(String(configured))!;
}

/**
 * How long after its creation a robot left behind by an interrupted run (it carries this resource's
 * owner mark) may still be recovered (see robot-account/ownership.ts), in ms; 0 turns that recovery
 * off. Stack config harbor:recoveryWindowHours, else HARBOR_RECOVERY_WINDOW_HOURS, else no limit: the
 * owner mark is the proof, and a robot's age adds nothing to it.
 */
export function recoveryWindowMs(env: NodeJS.ProcessEnv = process.env): number {
  const hours = settingValue("recoveryWindowHours", env) as number | undefined;
  return hours === undefined ? Number.POSITIVE_INFINITY : hours * 3_600_000;
}

/**
 * Whether least-privilege findings fail the preview (harbor:strict), else only warn: stack config
 * harbor:strict, else HARBOR_STRICT, else off. A value that is not true/false fails, naming it.
 */
export function strictMode(env: NodeJS.ProcessEnv = process.env): boolean {
  return settingValue("strict", env) === true;
}
