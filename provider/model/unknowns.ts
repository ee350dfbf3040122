// During preview, inputs that depend on other resources' outputs arrive as this sentinel. Rules are
// not applied to values that are not known yet; they are checked again at apply, when they are.
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export function isUnknown(value: unknown): boolean {
  return value === UNKNOWN;
}

/** True when the value is, or contains, a value not known yet. */
export function containsUnknown(value: unknown): boolean {
  if (isUnknown(value)) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** Paths (as dotted strings) of every unknown value, to drop validation issues under them. */
export function unknownPaths(value: unknown, prefix: (string | number)[] = []): string[] {
  if (isUnknown(value)) return [prefix.join(".")];
  if (Array.isArray(value)) return value.flatMap((v, i) => unknownPaths(v, [...prefix, i]));
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => unknownPaths(v, [...prefix, k]));
  }
  return [];
}
