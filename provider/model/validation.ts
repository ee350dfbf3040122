// Turns zod issues into Pulumi check failures: one per problem, naming the field and the rule, in
// the project's own words (zod's generic wording, e.g. "Too small: expected array to have >=1
// items", never reaches a user).
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

const MAX_SHOWN = 60;

/** A user's value for a message, cut short: a 10 000-character name must not flood the preview. */
export function shown(value: unknown): string {
  const isText = typeof value === "string";
  const text = isText ? value : (JSON.stringify(value) ?? String(value));
  const cut = text.length > MAX_SHOWN;
  const body = cut ? `${text.slice(0, MAX_SHOWN)}…` : text;
  const quoted = isText ? `"${body}"` : body;
  return cut ? `${quoted} (${text.length} characters)` : quoted;
}

const KIND_NAMES: Record<string, string> = {
  string: "text (a string)",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "an object",
};

function typeOf(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (value === null) return "null";
  return KIND_NAMES[typeof value] ?? typeof value;
}

/**
 * Wording for zod's generic issue kinds. Rules with their own message (robot-rules.ts …) keep it:
 * a schema's own message wins over this map.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- zod's raw issue union, read by code
function projectWording(issue: any): string | undefined {
  switch (issue.code) {
    case "invalid_type":
      if (issue.input === undefined) return "is required";
      return `must be ${KIND_NAMES[issue.expected] ?? issue.expected}, not ${typeOf(issue.input)}`;
    case "too_small":
      if (issue.origin === "array")
        return `must list at least ${issue.minimum} item${issue.minimum === 1 ? "" : "s"}`;
      if (issue.origin === "string")
        return issue.minimum === 1 ? "must not be empty" : `must have at least ${issue.minimum} characters`;
      return `must be at least ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "array") return `must list at most ${issue.maximum} items`;
      if (issue.origin === "string") return `must be at most ${issue.maximum} characters`;
      return `must be at most ${issue.maximum}`;
    case "invalid_value":
      return `must be one of ${(issue.values as unknown[]).map((v) => JSON.stringify(v)).join(", ")}, not ${shown(issue.input)}`;
    case "invalid_union":
      return `${shown(issue.input)} is none of the accepted forms`;
    case "invalid_format":
      return `is not a valid ${issue.format}`;
    default:
      return undefined;
  }
}

/** True when the path (dotted) is at or under a value not known yet. */
function underAny(unknown: string[], path: string): boolean {
  return unknown.some((u) => path === u || path.startsWith(`${u}.`));
}

/**
 * Validates `inputs` and returns the failures, ignoring any issue at or under a value that is not
 * known yet (preview). Rules spanning fields decide for themselves what an unknown value hides
 * (see `runWhenOnlyUnknownsFailed`).
 */
export function validate(
  schema: z.ZodType,
  inputs: unknown,
  knownFields: readonly string[] = [],
): CheckFailure[] {
  const result = schema.safeParse(inputs, { error: projectWording });
  if (result.success) return [];
  const unknown = unknownPaths(inputs);
  const failures: CheckFailure[] = [];
  for (const issue of result.error.issues) {
    if (underAny(unknown, issue.path.map(String).join("."))) continue;
    if (issue.code === "unrecognized_keys") {
      // One failure per stray field, on the field itself.
      const known = knownFields.length ? ` (the inputs are: ${knownFields.join(", ")})` : "";
      for (const key of issue.keys)
        failures.push({
          property: formatPath([...issue.path, key]),
          reason: `is not an input of this resource${known}`,
        });
      continue;
    }
    failures.push({ property: formatPath(issue.path), reason: issue.message });
  }
  return failures;
}

/**
 * For a cross-field refinement: zod skips refinements once any issue was found, so one value not
 * known at preview would silence every rule. Run them when every issue so far sits at an unknown
 * value; the rule itself skips what depends on those values.
 */
export const runWhenOnlyUnknownsFailed = {
  when(payload: { value: unknown; issues: readonly { code?: string; path?: PropertyKey[] }[] }): boolean {
    const unknown = unknownPaths(payload.value);
    // A stray field does not stop the rules either: the user sees every problem at once.
    return payload.issues.every(
      (i) => i.code === "unrecognized_keys" || underAny(unknown, (i.path ?? []).map(String).join(".")),
    );
  },
};
