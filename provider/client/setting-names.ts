// How a message names a setting to the user. Each provider speaks its own configuration keys (the
// dynamic provider's stack config `harbor:url`, the native provider's `harbor-robots:url`), so the
// adapter that builds a provider context chooses the names and every message takes them from there,
// the client's included (its pool is handed them). The environment variables (`HARBOR_URL`) are the
// same for both providers, so messages spell those out themselves.

/** A configuration setting a message may name (the provider configuration's keys). */
export type NamedSetting =
  | "url"
  | "username"
  | "password"
  | "insecure"
  | "caCert"
  | "harborVersion"
  | "recoveryWindowHours"
  | "verifySecrets"
  | "strict";

export interface SettingNames {
  /** The key as the user writes it: `harbor:url`, `harbor-robots:url`. */
  key(setting: NamedSetting): string;
  /** Where the user sets it: `stack config harbor:url`, `provider config harbor-robots:url`. */
  place(setting: NamedSetting): string;
}

/**
 * The dynamic provider's names: stack config `harbor:<key>`, and `harbor:version` for harborVersion.
 * Also the names of a client made outside a provider context (tools, tests).
 */
export const DYNAMIC_SETTING_NAMES: SettingNames = {
  key: (setting) => (setting === "harborVersion" ? "harbor:version" : `harbor:${setting}`),
  place: (setting) => `stack config ${DYNAMIC_SETTING_NAMES.key(setting)}`,
};
