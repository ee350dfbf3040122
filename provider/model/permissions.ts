// Permission sets as Harbor stores them, normalized so that comparisons ignore what Harbor does not
// keep stable: entry order (random on every read), access order, duplicates, entries for the same
// namespace (merged on read), and an empty effect (meaning allow).
import picomatch from "picomatch";
import {
  entryScope,
  isPattern,
  resolveAccess,
  type PermissionEntry,
  type ResolvedAccess,
} from "./permission-entry";

export interface HarborAccess {
  resource: string;
  action: string;
  effect?: string;
}

export interface HarborPermission {
  kind: string;
  namespace: string;
  access: HarborAccess[];
}

export interface NormalizedPermission {
  kind: string;
  namespace: string;
  access: ResolvedAccess[];
}

/** Which projects each glob pattern matched when the project list was last read. */
export type PatternMatches = Record<string, string[]>;

function accessKey(a: ResolvedAccess): string {
  return `${a.resource}:${a.action}:${a.effect}`;
}

/** Merges by (kind, namespace), dedupes accesses and sorts everything. */
export function normalize(perms: HarborPermission[]): NormalizedPermission[] {
  const byNamespace = new Map<
    string,
    { kind: string; namespace: string; access: Map<string, ResolvedAccess> }
  >();
  for (const p of perms) {
    const key = `${p.kind}\u0000${p.namespace}`;
    const slot = byNamespace.get(key) ?? { kind: p.kind, namespace: p.namespace, access: new Map() };
    byNamespace.set(key, slot);
    for (const a of p.access) {
      const effect = a.effect === "deny" ? "deny" : "allow";
      const resolved: ResolvedAccess = { resource: a.resource, action: a.action, effect };
      slot.access.set(accessKey(resolved), resolved);
    }
  }
  return [...byNamespace.values()]
    .filter((p) => p.access.size > 0)
    .map((p) => ({
      kind: p.kind,
      namespace: p.namespace,
      access: [...p.access.values()].sort((a, b) => accessKey(a).localeCompare(accessKey(b))),
    }))
    .sort((a, b) => `${a.kind}/${a.namespace}`.localeCompare(`${b.kind}/${b.namespace}`));
}

export function samePermissions(a: HarborPermission[], b: HarborPermission[]): boolean {
  return JSON.stringify(normalize(a)) === JSON.stringify(normalize(b));
}

/** Every glob pattern named in the entries. */
export function patternsOf(entries: PermissionEntry[]): string[] {
  return [...new Set(entries.flatMap((e) => (e.projects ?? []).filter(isPattern)))].sort();
}

/** Matches each pattern against the current project names. */
export function expandPatterns(patterns: string[], projectNames: string[]): PatternMatches {
  const out: PatternMatches = {};
  for (const pattern of patterns) {
    const isMatch = picomatch(pattern);
    out[pattern] = projectNames.filter((n) => isMatch(n)).sort();
  }
  return out;
}

/**
 * The permissions the inputs ask for, in Harbor's shape, with patterns replaced by the projects they
 * matched. Access items must already have passed `check`.
 */
export function desiredPermissions(
  entries: PermissionEntry[],
  matches: PatternMatches,
): NormalizedPermission[] {
  const perms: HarborPermission[] = [];
  for (const entry of entries) {
    const access = entry.access.map((item) => resolveAccess(item)).filter((a): a is ResolvedAccess => !!a);
    const scope = entryScope(entry);
    if (scope === "system") perms.push({ kind: "system", namespace: "/", access });
    else if (scope === "allProjects") perms.push({ kind: "project", namespace: "*", access });
    else {
      for (const project of entry.projects ?? []) {
        const names = isPattern(project) ? (matches[project] ?? []) : [project];
        for (const namespace of names) perms.push({ kind: "project", namespace, access });
      }
    }
  }
  return normalize(perms);
}
