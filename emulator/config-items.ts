// The configuration keys of GET /configurations, with their JSON type and Harbor's default:
// the ones a fresh Harbor 2.15.2 or 2.10.3 lists (measured), `since` marking those 2.10.3 lacks.
// Only the two robot settings (and read-only mode) change what the emulator does; the others are kept
// and shown, so tests can prove a PUT of a subset leaves everything else alone.

export type ConfigType = "string" | "int" | "bool";
export type ConfigValue = string | number | boolean;

export interface ConfigItem {
  type: ConfigType;
  default: ConfigValue;
  /** Listed from this profile on (absent from v2.10.3). */
  since?: "2.15";
}

export const CONFIG_ITEMS: Record<string, ConfigItem> = {
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
  disabled_audit_log_event_types: { type: "string", default: "", since: "2.15" },
  http_authproxy_admin_groups: { type: "string", default: "" },
  http_authproxy_admin_usernames: { type: "string", default: "" },
  http_authproxy_endpoint: { type: "string", default: "" },
  http_authproxy_server_certificate: { type: "string", default: "" },
  http_authproxy_skip_search: { type: "bool", default: false },
  http_authproxy_tokenreview_endpoint: { type: "string", default: "" },
  http_authproxy_verify_cert: { type: "bool", default: true },
  ldap_base_dn: { type: "string", default: "" },
  ldap_filter: { type: "string", default: "" },
  ldap_group_admin_dn: { type: "string", default: "" },
  ldap_group_attach_parallel: { type: "bool", default: false, since: "2.15" },
  ldap_group_attribute_name: { type: "string", default: "" },
  ldap_group_base_dn: { type: "string", default: "" },
  ldap_group_membership_attribute: { type: "string", default: "memberof" },
  ldap_group_search_filter: { type: "string", default: "" },
  ldap_group_search_scope: { type: "int", default: 2 },
  ldap_scope: { type: "int", default: 2 },
  ldap_search_dn: { type: "string", default: "" },
  ldap_timeout: { type: "int", default: 5 },
  ldap_uid: { type: "string", default: "cn" },
  ldap_url: { type: "string", default: "" },
  ldap_verify_cert: { type: "bool", default: true },
  oidc_admin_group: { type: "string", default: "" },
  oidc_auto_onboard: { type: "bool", default: false },
  oidc_client_id: { type: "string", default: "" },
  oidc_endpoint: { type: "string", default: "" },
  oidc_extra_redirect_parms: { type: "string", default: "{}" },
  oidc_group_filter: { type: "string", default: "" },
  oidc_groups_claim: { type: "string", default: "" },
  oidc_logout: { type: "bool", default: false, since: "2.15" },
  oidc_name: { type: "string", default: "" },
  oidc_scope: { type: "string", default: "" },
  oidc_user_claim: { type: "string", default: "" },
  oidc_verify_cert: { type: "bool", default: true },
  scanner_skip_update_pulltime: { type: "bool", default: false },
  uaa_client_id: { type: "string", default: "" },
  uaa_client_secret: { type: "string", default: "" },
  uaa_endpoint: { type: "string", default: "" },
  uaa_verify_cert: { type: "bool", default: false },
};

export type ConfigMap = Record<string, ConfigValue>;

export function defaultConfig(): ConfigMap {
  return Object.fromEntries(Object.entries(CONFIG_ITEMS).map(([k, item]) => [k, item.default]));
}

/** Upper bound of robot_token_duration: the UI's 10-digit limit (UIMaxLengthLimitedOfNumber). */
export const MAX_ROBOT_TOKEN_DURATION = 9_999_999_999;
