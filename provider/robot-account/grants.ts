// What Harbor grants a robot, as the state stores it. The output grantedPermissions (normalized
// objects: kind, namespace, access of {resource, action, effect}) took 300 bytes for two namespaces,
// the largest field of a robot's state. The state keeps the same facts as `grants`, one line per
// namespace: "<namespace> <resource>:<action> …", a denied pair led by "!", the kind implied by the
// namespace ("/" system, any other project), e.g. ["* repository:pull", "library repository:pull
// repository:push"]: a fifth of the size. Whatever this form cannot say exactly is stored in full as
// grantedPermissions (a state holds one of the two; states of 0.1 the full one). The SDK and the
// native provider present grantedPermissions either way. No imports: the SDK loads this module.
import type { NormalizedPermission } from "../model/permissions";

export interface StoredGrants {
  /** The compact form (this module). */
  grants?: string[];
  /** The full form, when the compact one cannot say it (and in states of 0.1). */
  grantedPermissions?: NormalizedPermission[];
}

function encode(perms: NormalizedPermission[]): string[] {
  return perms.map((p) =>
    [p.namespace, ...p.access.map((a) => `${a.effect === "deny" ? "!" : ""}${a.resource}:${a.action}`)].join(
      " ",
    ),
  );
}

function decode(grants: string[]): NormalizedPermission[] {
  return grants.map((line) => {
    const [namespace = "", ...pairs] = line.split(" ");
    return {
      kind: namespace === "/" ? "system" : "project",
      namespace,
      access: pairs.map((p) => {
        const deny = p.startsWith("!");
        const pair = deny ? p.slice(1) : p;
        const colon = pair.indexOf(":");
        return {
          resource: pair.slice(0, colon),
          action: pair.slice(colon + 1),
          effect: deny ? ("deny" as const) : ("allow" as const),
        };
      }),
    };
  });
}

/** The state's record of normalized grants: compact when it reads back exactly, else in full. */
export function storedGrants(perms: NormalizedPermission[]): StoredGrants {
  const grants = encode(perms);
  return JSON.stringify(decode(grants)) === JSON.stringify(perms)
    ? { grants }
    : { grantedPermissions: perms };
}

/** What Harbor grants, from either form. */
export function grantsOf(s: StoredGrants): NormalizedPermission[] {
  return s.grantedPermissions ?? decode(s.grants ?? []);
}

/** The state without either form, before a handler records the grants anew. */
export function withoutGrants<T extends StoredGrants>(s: T): Omit<T, keyof StoredGrants> {
  const { grants: _g, grantedPermissions: _p, ...rest } = s;
  return rest;
}
