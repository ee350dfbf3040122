// The native provider's configuration: `harbor-robots:url`, `:username`, `:password`, `:caCert`,
// `:insecure`, `:harborVersion`, `:recoveryWindowHours` and `:verifySecrets` (stack config for the default provider, inputs of an explicit
// provider resource). Each provider resource is a process of its own, so the configuration is this
// process's stack config for the handlers (its context's, main.ts), under the dynamic provider's keys (`harbor:url`, …):
// the same resolution (and HARBOR_* fallbacks) serves both providers. Messages name the native keys
// (NATIVE_SETTING_NAMES, the context's names), never the keys the config is read under.
//
// `harborVersion`, not `version`: the engine reads a provider's `version` input as the plugin's
// version ("a provider can't define its own configuration key 'version'").
import { PROVIDER_CONFIG_KEYS, stackConfigKey } from "../model/provider-config";
import type { SettingNames } from "../client/setting-names";
import type { ConfigSource } from "../runtime-config";
import { reveal, type PropertyMap } from "./wire";

export const NATIVE_PACKAGE = "harbor-robots";
/** The native provider's one function (an invoke; `fn::invoke` in YAML). */
export const GET_ROBOT_INVENTORY = `${NATIVE_PACKAGE}:index:getRobotInventory`;

/**
 * How the native provider's messages name a setting: `harbor-robots:<key>` (harborVersion for the
 * dynamic provider's harbor:version), set as stack config of the default provider or as an explicit
 * provider's inputs, hence "provider config". main.ts builds its context with these names.
 */
export const NATIVE_SETTING_NAMES: SettingNames = {
  key: (setting) => `${NATIVE_PACKAGE}:${setting}`,
  place: (setting) => `provider config ${NATIVE_PACKAGE}:${setting}`,
};

/** The dynamic provider's config key for each native key (the one model's keys). */
export const DYNAMIC_KEY: Record<string, string> = Object.fromEntries(
  PROVIDER_CONFIG_KEYS.map((key) => [key, stackConfigKey(key)]),
);

/**
 * The config as handlers read it. `args` (the provider's inputs, typed) when the engine sends them,
 * else `variables` (`harbor-robots:url` → string).
 */
export function nativeConfig(args: PropertyMap | undefined, variables: Record<string, string>): ConfigSource {
  const values = new Map<string, string>();
  const plain = reveal<PropertyMap>(args ?? {});
  for (const [native, dynamic] of Object.entries(DYNAMIC_KEY)) {
    const fromArgs = plain[native];
    const value = fromArgs ?? variables[`${NATIVE_PACKAGE}:${native}`];
    if (value !== undefined && value !== null && value !== "") values.set(dynamic, String(value));
  }
  return { get: (key) => values.get(key) };
}
