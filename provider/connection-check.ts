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
  environmentFailures,
  PROVIDER_CONFIG_KEYS,
  stackConfigKey,
  type ProviderConfigKey,
} from "./model/provider-config";
import type { RuntimeSettings } from "./runtime-config";

export function connectionFailures(
  settings: RuntimeSettings,
  connection: ConnectionInput | undefined,
): CheckFailure[] {
  if (!connection?.url || containsUnknown(connection)) return [];
  try {
    resolveConnection(connection, settings.stackConfig, settings.env, { names: settings.names });
    return [];
  } catch (e) {
    if (!hasCode(e, ERROR_CODES.settings)) return [];
    const { fields, message } = e as HarborSettingsError;
    return fields.map((property) => ({ property, reason: message }));
  }
}

/**
 * Every setting this provider reads, at preview: the stack config (`harbor:*`) against the provider
 * configuration's rules, and each `HARBOR_*` environment variable that is set against the same rule
 * (whether or not stack config overrides it: a bad value there is a mistake either way). A bad value
 * would otherwise fail only when an operation reads it, possibly after it has written something (the
 * recovery window is read when a robot's name is taken, after the POST). No property: the engine
 * would echo the value, and the reason names the setting itself.
 */
export function settingsFailures({ stackConfig: config, env, names }: RuntimeSettings): CheckFailure[] {
  const values = Object.fromEntries(PROVIDER_CONFIG_KEYS.map((k) => [k, config?.get(stackConfigKey(k))]));
  const name = (key: string) => names.place(key as ProviderConfigKey);
  return [...configFailures(values, name), ...environmentFailures(env)].map((f) => ({
    property: "",
    reason: f.reason,
  }));
}
