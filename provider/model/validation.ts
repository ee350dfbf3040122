// Turns zod issues into Pulumi check failures: one per problem, naming the field and the rule.
import type { z } from "zod";
import { unknownPaths } from "./unknowns";

export interface CheckFailure {
  property: string;
  reason: string;
}

/** `permissions[0].access[2]` rather than zod's array of keys. */
export function formatPath(path: readonly PropertyKey[]): string {
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("");
}

/**
 * Validates `inputs` and returns the failures, ignoring any issue at or under a value that is not
 * known yet (preview), and any issue that depends on such a value's sibling being known.
 */
export function validate(schema: z.ZodType, inputs: unknown): CheckFailure[] {
  const result = schema.safeParse(inputs);
  if (result.success) return [];
  const unknown = unknownPaths(inputs);
  const underUnknown = (path: string) =>
    unknown.some((u) => path === u || path.startsWith(`${u}.`) || u.startsWith(`${path}.`));
  return result.error.issues
    .filter((issue) => !underUnknown(issue.path.map(String).join(".")))
    .map((issue) => ({ property: formatPath(issue.path), reason: issue.message }));
}
