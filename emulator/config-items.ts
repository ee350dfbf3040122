// The configuration keys the emulator knows, with their JSON type and Harbor's default (notes §4).
// Besides the two robot settings there are a few unrelated keys so tests can prove a PUT of a
// subset leaves everything else alone.

export type ConfigType = "string" | "int" | "bool";
export type ConfigValue = string | number | boolean;

export const CONFIG_ITEMS: Record<string, { type: ConfigType; default: ConfigValue }> = {
  robot_name_prefix: { type: "string", default: "robot$" },
  robot_token_duration: { type: "int", default: 30 },
  auth_mode: { type: "string", default: "db_auth" },
  primary_auth_mode: { type: "bool", default: false },
  project_creation_restriction: { type: "string", default: "everyone" },
  read_only: { type: "bool", default: false },
  self_registration: { type: "bool", default: false },
  token_expiration: { type: "int", default: 30 },
  session_timeout: { type: "int", default: 60 },
  notification_enable: { type: "bool", default: true },
  quota_per_project_enable: { type: "bool", default: true },
  storage_per_project: { type: "int", default: -1 },
  audit_log_forward_endpoint: { type: "string", default: "" },
  skip_audit_log_database: { type: "bool", default: false },
  banner_message: { type: "string", default: "" },
};

export type ConfigMap = Record<string, ConfigValue>;

export function defaultConfig(): ConfigMap {
  return Object.fromEntries(Object.entries(CONFIG_ITEMS).map(([k, item]) => [k, item.default]));
}

/** Upper bound of robot_token_duration: the UI's 10-digit limit (UIMaxLengthLimitedOfNumber). */
export const MAX_ROBOT_TOKEN_DURATION = 9_999_999_999;
