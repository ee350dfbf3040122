// check's view of a resource's connection, at preview: a `connection.url` that names another
// registry than the stack's, with no credentials of its own, is known to fail before anything is
// sent (the stack's credentials are never sent to another host), so it is reported here, naming the
// fields to set. Everything else about credentials is left to apply (they may come from the
// environment of the run that applies).
import { resolveConnection, type ConnectionInput } from "./client/connection";
import { ERROR_CODES, hasCode, type HarborSettingsError } from "./client/errors";
import { containsUnknown } from "./model/unknowns";
import type { CheckFailure } from "./model/validation";
import {
  configFailures,
  PROVIDER_CONFIG_KEYS,
  stackConfigKey,
  type ProviderConfigKey,
} from "./model/provider-config";
import { getStackConfig, type ConfigSource } from "./runtime-config";

export function connectionFailures(connection: ConnectionInput | undefined): CheckFailure[] {
  if (!connection?.url || containsUnknown(connection)) return [];
  try {
    resolveConnection(connection, getStackConfig());
    return [];
  } catch (e) {
    if (!hasCode(e, ERROR_CODES.settings)) return [];
    const { fields, message } = e as HarborSettingsError;
    return fields.map((property) => ({ property, reason: message }));
  }
}

/** The stack config keys checked here; `harbor:version` is judged where it is read (targetHarborVersion). */
const CHECKED_KEYS = PROVIDER_CONFIG_KEYS.filter((k) => k !== "harborVersion");

/**
 * The stack config this provider reads (`harbor:*`), against the provider configuration's rules, at
 * preview: a bad value would otherwise fail only at the first request that reads it (or never be
 * noticed, like a recovery window read only when a robot's name is taken). No property: the engine
 * would echo the value, and the reason names the setting itself.
 */
export function stackConfigFailures(config: ConfigSource | undefined = getStackConfig()): CheckFailure[] {
  if (!config) return [];
  const values = Object.fromEntries(CHECKED_KEYS.map((k) => [k, config.get(stackConfigKey(k))]));
  const name = (key: string) => `stack config ${stackConfigKey(key as ProviderConfigKey)}`;
  return configFailures(values, name).map((f) => ({ property: "", reason: f.reason }));
}
