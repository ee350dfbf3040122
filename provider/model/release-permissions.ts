// Harbor's grantable robot permissions per release (src/common/rbac/const.go at each tag, checked
// against GET /permissions of real 2.10.3 and 2.15.2). Kept here so `check` can reject a bad pair at
// preview time, without asking the server; the server's own GET /permissions remains the final word
// at apply.
import { atLeast, type HarborVersion } from "../client/version";

type Table = Record<string, readonly string[]>;
const CRUDL = ["read", "create", "delete", "list", "update"] as const;

/** Harbor 2.13 – 2.15 (and main): 70 system and 70 project pairs. */
const SYSTEM_2_13: Table = {
  "audit-log": ["list"],
  "preheat-instance": CRUDL,
  project: ["list", "create"],
  "replication-policy": CRUDL,
  replication: ["read", "create", "list"],
  "replication-adapter": ["list"],
  registry: CRUDL,
  "scan-all": ["read", "update", "stop", "create"],
  "system-volumes": ["read"],
  "garbage-collection": ["read", "create", "list", "update", "stop"],
  "purge-audit": ["read", "create", "list", "update", "stop"],
  "jobservice-monitor": ["list", "stop"],
  scanner: CRUDL,
  label: ["read", "create", "delete", "update"],
  "security-hub": ["read", "list"],
  catalog: ["read"],
  quota: ["read", "list", "update"],
  robot: ["create", "read", "list", "delete"],
  user: CRUDL,
  "ldap-user": ["create", "list"],
  "user-group": CRUDL,
};

const PROJECT_2_13: Table = {
  log: ["list"],
  project: ["read", "delete", "update"],
  metadata: CRUDL,
  repository: ["read", "update", "delete", "list", "pull", "push"],
  artifact: ["read", "create", "list", "delete"],
  scan: ["create", "read", "stop"],
  sbom: ["create", "stop", "read"],
  tag: ["create", "list", "delete"],
  accessory: ["list"],
  "artifact-addition": ["read"],
  "artifact-label": ["create", "delete"],
  scanner: ["create", "read"],
  "preheat-policy": CRUDL,
  "immutable-tag": ["create", "delete", "list", "update"],
  "notification-policy": CRUDL,
  "tag-retention": CRUDL,
  label: CRUDL,
  quota: ["read"],
  robot: ["create", "read", "list", "delete"],
  "export-cve": ["create", "read"],
  member: CRUDL,
};

/** ChartMuseum pairs: known to Harbor up to 2.7 (removed in 2.8, rejected from 2.10 on). */
export const HELM_PAIRS = [
  "helm-chart:read",
  "helm-chart-version:create",
  "helm-chart-version:delete",
  "helm-chart-version-label:create",
  "helm-chart-version-label:delete",
] as const;

function pairs(table: Table): Set<string> {
  return new Set(Object.entries(table).flatMap(([res, acts]) => acts.map((a) => `${res}:${a}`)));
}

function without(set: Set<string>, removed: string[]): Set<string> {
  return new Set([...set].filter((p) => !removed.includes(p)));
}

function expand(resource: string, actions: readonly string[]): string[] {
  return actions.map((a) => `${resource}:${a}`);
}

const NOLIMIT_SYSTEM = [
  ...expand("robot", ["create", "read", "list", "delete"]),
  ...expand("user", CRUDL),
  ...expand("ldap-user", ["create", "list"]),
  ...expand("user-group", CRUDL),
  "quota:update",
];
const NOLIMIT_PROJECT = [
  ...expand("robot", ["create", "read", "list", "delete"]),
  ...expand("member", CRUDL),
];
const EXPORT_CVE = ["export-cve:create", "export-cve:read"];

export interface PermissionTable {
  system: ReadonlySet<string>;
  project: ReadonlySet<string>;
}

/** The grantable `resource:action` pairs of a Harbor release, by permission kind. */
export function permissionTable(v: HarborVersion): PermissionTable {
  const s13 = pairs(SYSTEM_2_13);
  const p13 = pairs(PROJECT_2_13);
  if (atLeast(v, 2, 13)) return { system: s13, project: p13 };
  // 2.12: export-cve was a system resource.
  const s12 = new Set([...s13, ...EXPORT_CVE]);
  const p12 = without(p13, EXPORT_CVE);
  if (atLeast(v, 2, 12)) return { system: s12, project: p12 };
  // 2.11: before the "robot full access" provider (robot, user, member … pairs).
  const s11 = without(s12, [...NOLIMIT_SYSTEM, ...EXPORT_CVE]);
  const p11 = without(p12, NOLIMIT_PROJECT);
  if (atLeast(v, 2, 11)) return { system: s11, project: p11 };
  // 2.10: no sbom yet. The quota pairs are there: real v2.10.3 grants them and lists them at
  // GET /permissions (53 system / 56 project pairs).
  const s10 = s11;
  const p10 = without(p11, ["sbom:create", "sbom:read", "sbom:stop"]);
  if (atLeast(v, 2, 10)) return { system: s10, project: p10 };
  // 2.2 – 2.9 do not validate pairs at all; hold them to the 2.10 list, plus ChartMuseum up to 2.7.
  const helm = atLeast(v, 2, 8) ? [] : HELM_PAIRS;
  return { system: s10, project: new Set([...p10, ...helm]) };
}
