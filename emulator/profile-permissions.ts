// The resource:action pairs a robot may be granted, per version profile (src/common/rbac/const.go).
// The v2.13+ list is written out once; older lists are derived by undoing the recorded history,
// so the two profiles cannot drift apart by a typo.

export type PermissionKind = "system" | "project";

export interface PermissionPair {
  resource: string;
  action: string;
}

export interface PermissionTable {
  system: PermissionPair[];
  project: PermissionPair[];
}

const CRUDL = ["read", "create", "delete", "list", "update"];

/** v2.13.0 – v2.15.2 (70 system / 70 project pairs), by resource. */
const CURRENT: Record<PermissionKind, Array<[string, string[]]>> = {
  system: [
    ["audit-log", ["list"]],
    ["preheat-instance", CRUDL],
    ["project", ["list", "create"]],
    ["replication-policy", CRUDL],
    ["replication", ["read", "create", "list"]],
    ["replication-adapter", ["list"]],
    ["registry", CRUDL],
    ["scan-all", ["read", "update", "stop", "create"]],
    ["system-volumes", ["read"]],
    ["garbage-collection", ["read", "create", "list", "update", "stop"]],
    ["purge-audit", ["read", "create", "list", "update", "stop"]],
    ["jobservice-monitor", ["list", "stop"]],
    ["scanner", CRUDL],
    ["label", ["read", "create", "delete", "update"]],
    ["security-hub", ["read", "list"]],
    ["catalog", ["read"]],
    ["quota", ["read", "list", "update"]],
    ["robot", ["create", "read", "list", "delete"]],
    ["user", ["create", "read", "update", "list", "delete"]],
    ["ldap-user", ["create", "list"]],
    ["user-group", ["create", "read", "update", "list", "delete"]],
  ],
  project: [
    ["log", ["list"]],
    ["project", ["read", "delete", "update"]],
    ["metadata", CRUDL],
    ["repository", ["read", "update", "delete", "list", "pull", "push"]],
    ["artifact", ["read", "create", "list", "delete"]],
    ["scan", ["create", "read", "stop"]],
    ["sbom", ["create", "stop", "read"]],
    ["tag", ["create", "list", "delete"]],
    ["accessory", ["list"]],
    ["artifact-addition", ["read"]],
    ["artifact-label", ["create", "delete"]],
    ["scanner", ["create", "read"]],
    ["preheat-policy", CRUDL],
    ["immutable-tag", ["create", "delete", "list", "update"]],
    ["notification-policy", CRUDL],
    ["tag-retention", CRUDL],
    ["label", CRUDL],
    ["quota", ["read"]],
    ["robot", ["create", "read", "list", "delete"]],
    ["export-cve", ["create", "read"]],
    ["member", ["create", "read", "update", "list", "delete"]],
  ],
};

type History = Partial<Record<PermissionKind, Array<[string, string[]]>>>;

/**
 * Pairs added after v2.10.3; removing them from the current list gives the v2.10.3 list (53 system /
 * 56 project pairs, measured with GET /permissions on v2.10.3: the quota pairs are already there).
 */
const ADDED_AFTER_2_10: Record<"2.11" | "2.12" | "2.13", History> = {
  "2.11": {
    project: [["sbom", ["create", "read", "stop"]]],
  },
  "2.12": {
    system: [
      ["robot", ["create", "read", "list", "delete"]],
      ["user", ["create", "read", "update", "list", "delete"]],
      ["ldap-user", ["create", "list"]],
      ["user-group", ["create", "read", "update", "list", "delete"]],
      ["quota", ["update"]],
      // export-cve arrived here under system and moved to project in 2.13 (next entry).
    ],
    project: [
      ["robot", ["create", "read", "list", "delete"]],
      ["member", ["create", "read", "update", "list", "delete"]],
    ],
  },
  // export-cve:create,read moved system → project. It did not exist in 2.10 at all, so for 2.10 it is
  // simply removed from the project list.
  "2.13": { project: [["export-cve", ["create", "read"]]] },
};

function expand(groups: Array<[string, string[]]>): PermissionPair[] {
  return groups.flatMap(([resource, actions]) => actions.map((action) => ({ resource, action })));
}

const key = (p: PermissionPair) => `${p.resource}:${p.action}`;

function without(list: PermissionPair[], removed: PermissionPair[]): PermissionPair[] {
  const gone = new Set(removed.map(key));
  return list.filter((p) => !gone.has(key(p)));
}

function derive2_10(): PermissionTable {
  const table: PermissionTable = { system: expand(CURRENT.system), project: expand(CURRENT.project) };
  for (const history of Object.values(ADDED_AFTER_2_10)) {
    for (const kind of ["system", "project"] as const) {
      table[kind] = without(table[kind], expand(history[kind] ?? []));
    }
  }
  return table;
}

export const PERMISSION_TABLES: Record<"2.15" | "2.10", PermissionTable> = {
  "2.15": { system: expand(CURRENT.system), project: expand(CURRENT.project) },
  "2.10": derive2_10(),
};

/** True if the pair is grantable for that kind in the table. */
export function isGrantable(
  table: PermissionTable,
  kind: PermissionKind,
  resource: string,
  action: string,
): boolean {
  return table[kind].some((p) => p.resource === resource && p.action === action);
}
