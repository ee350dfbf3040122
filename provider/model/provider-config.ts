// The provider's configuration: the dynamic provider's stack config (`harbor:*`), the native
// provider's (`harbor-robots:*`, checked by its CheckConfig at preview) and the schema's config
// section, from one set of rules. The connection fields are the per-resource `connection`'s own.
import { z } from "zod";
import { parseBool } from "../client/connection";
import { DYNAMIC_SETTING_NAMES } from "../client/setting-names";
import { connectionInput } from "./connection";
import { secretField } from "./secrets";
import { retryBaseDelayMs } from "../client/retry";
import { validate, type CheckFailure } from "./validation";
import { isUnknown } from "./unknowns";

const HOURS_RULE = "must be a number of hours ≥ 0 (0 turns recovery off)";
export const recoveryWindowHours = z
  .number({ error: HOURS_RULE })
  .min(0, HOURS_RULE)
  .describe(
    "Hours after its creation during which a robot an interrupted run left behind (it carries the resource's owner mark) is recovered; 0 turns recovery off (also HARBOR_RECOVERY_WINDOW_HOURS, default: no limit)",
  );

export const verifySecrets = z
  .boolean()
  .describe(
    "At refresh, prove every robot's stored secret with one login; a robot's verifySecret wins (also HARBOR_VERIFY_SECRETS, default false)",
  );

export const strict = z
  .boolean()
  .describe(
    "Least-privilege findings at preview (write access over all projects, never-expiring write access, system-wide resources beyond a CI robot's) fail the preview instead of warning; a robot's broadAccessReason still exempts it (also HARBOR_STRICT, default false)",
  );

const { url, username, password, insecure, caCert, harborVersion } = connectionInput.shape;

/** Typed configuration, as an explicit provider resource takes it (and as the schema shows it). */
export const providerConfig = z.object({
  url: url.describe("Harbor URL: https://host, https://host/ or https://host/api/v2.0 (also HARBOR_URL)"),
  username: username.describe("A Harbor system administrator (also HARBOR_USERNAME)"),
  password: secretField(
    password.describe("The user's password, kept as a Pulumi secret (also HARBOR_PASSWORD)"),
  ),
  insecure: insecure.describe(
    "Skip TLS certificate verification, for test registries only (also HARBOR_INSECURE)",
  ),
  caCert: caCert.describe("PEM text of a CA bundle to trust, or a path to one (also HARBOR_CA_CERT)"),
  harborVersion: harborVersion.describe(
    "Harbor release validated against at preview, default 2.15 (also HARBOR_VERSION)",
  ),
  recoveryWindowHours: recoveryWindowHours.optional(),
  verifySecrets: verifySecrets.optional(),
  strict: strict.optional(),
});

export type ProviderConfig = z.infer<typeof providerConfig>;
export type ProviderConfigKey = keyof ProviderConfig;

/** Every configuration key, in the model's order. */
export const PROVIDER_CONFIG_KEYS = Object.keys(providerConfig.shape) as ProviderConfigKey[];

/**
 * The key a configuration key is read under from a ConfigSource: the dynamic provider's stack config
 * key, `harbor:<key>`, but `harbor:version` for `harborVersion` (the native provider cannot name it
 * `version`: the engine reads a provider's `version` as the plugin's, so native/config.ts maps its
 * keys onto these). Messages name keys through the context's SettingNames instead.
 */
export function stackConfigKey(key: ProviderConfigKey): string {
  return DYNAMIC_SETTING_NAMES.key(key);
}

/**
 * Every setting the provider reads: the configuration keys, and those only the environment sets.
 * Each has an environment variable (environmentVariable); the configuration keys a stack config key.
 */
export const providerSettings = providerConfig.extend({ retryBaseDelayMs: retryBaseDelayMs.optional() });
export type SettingKey = keyof z.infer<typeof providerSettings>;
export const SETTING_KEYS = Object.keys(providerSettings.shape) as SettingKey[];

/** `HARBOR_URL`, `HARBOR_CA_CERT`, `HARBOR_VERSION` (harborVersion), `HARBOR_RETRY_BASE_DELAY_MS`, … */
export function environmentVariable(key: SettingKey): string {
  const name = key === "harborVersion" ? "version" : key;
  return `HARBOR_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

/** The environment's problems: each variable of a setting that is set, against the setting's rule. */
export function environmentFailures(env: NodeJS.ProcessEnv): CheckFailure[] {
  const values = Object.fromEntries(SETTING_KEYS.map((k) => [k, env[environmentVariable(k)]]));
  return configFailures(
    values,
    (key) => `environment ${environmentVariable(key as SettingKey)}`,
    providerSettings,
  );
}

/** Stack config holds text: these keys are read as true/false or as a number. */
const BOOLEAN_KEYS: readonly string[] = ["insecure", "verifySecrets", "strict"];
const NUMBER_KEYS: readonly string[] = ["recoveryWindowHours", "retryBaseDelayMs"];
/** Keys whose given value a message may show (never a credential, a URL or a CA bundle). */
const SHOWN_KEYS: readonly string[] = [...BOOLEAN_KEYS, ...NUMBER_KEYS, "harborVersion"];

/** The value as its key's type where the text reads as one; other text stays text, for the rule to refuse. */
export function fromConfigText(key: string, value: unknown): unknown {
  if (typeof value !== "string") return value;
  if (NUMBER_KEYS.includes(key))
    return value.trim() !== "" && Number.isFinite(Number(value)) ? Number(value) : value;
  if (BOOLEAN_KEYS.includes(key)) {
    try {
      return parseBool(value, key);
    } catch {
      return value;
    }
  }
  return value;
}

/**
 * The configuration's problems, each on its key, naming the rule and the value given (`name` says
 * how the user writes the key, e.g. `harbor-robots:url`). Other keys (the engine adds `version`) and
 * values not known yet (preview) are left alone; empty text counts as not set.
 */
export function configFailures(
  values: Record<string, unknown>,
  name: (key: string) => string,
  model: z.ZodObject = providerConfig,
): CheckFailure[] {
  const typed: Record<string, unknown> = {};
  for (const key of Object.keys(model.shape)) {
    const v = values[key];
    if (v === undefined || v === null || v === "") continue;
    typed[key] = isUnknown(v) ? v : fromConfigText(key, v);
  }
  return validate(model, typed).map((f) => {
    const given = values[f.property];
    // Shown unless the rule's own words already quote it ("off" is also a word of the hours rule).
    const show = SHOWN_KEYS.includes(f.property) && !f.reason.includes(JSON.stringify(given));
    return {
      property: f.property,
      reason: `${name(f.property)} ${f.reason}${show ? `, got ${JSON.stringify(given)}` : ""}`,
    };
  });
}
