// Harbor's rules for robot fields (v2.15.2; shared/notes/harbor-api.md §2.4), as zod schemas and
// plain predicates, so the same rule serves check, the SDK types and schema.json.
import { z } from "zod";

/** Lowercase alphanumeric segments joined by single `.`, `_` or `-` (handler/robot.go validateName). */
export const ROBOT_NAME_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** Harbor project names follow the same shape. */
export const PROJECT_NAME_PATTERN = ROBOT_NAME_PATTERN;
/** The stored name (project robots: `<project>+<name>`) is a varchar(255); longer ones fail with 500. */
export const MAX_STORED_NAME = 255;
/** The description is a varchar(1024); longer ones fail with 500. */
export const MAX_DESCRIPTION = 1024;
/** Harbor: `d == -1 || (d > 0 && d < math.MaxInt32)`, in days. */
export const MAX_DURATION_DAYS = 2_147_483_646;

export const robotName = z
  .string()
  .max(MAX_STORED_NAME, `must be at most ${MAX_STORED_NAME} characters`)
  .regex(
    ROBOT_NAME_PATTERN,
    "must be lowercase letters and digits, in segments joined by single '.', '_' or '-' (no '+', '$', uppercase or leading/trailing separators)",
  );

export const description = z
  .string()
  .max(
    MAX_DESCRIPTION,
    `must be at most ${MAX_DESCRIPTION} characters (Harbor fails with an internal error beyond that)`,
  );

export const duration = z
  .union([z.literal("never"), z.number()], { error: 'must be a whole number of days, or "never"' })
  .superRefine((d, ctx) => {
    if (d === "never" || d === -1) return;
    if (d === 0) {
      ctx.addIssue({
        code: "custom",
        message:
          'must not be 0: Harbor 2.11+ rejects it and older releases silently use the default expiration; omit duration to use the server\'s default, or use "never"',
      });
    } else if (!Number.isInteger(d) || d < 1 || d > MAX_DURATION_DAYS) {
      ctx.addIssue({
        code: "custom",
        message: `must be a whole number of days from 1 to ${MAX_DURATION_DAYS}, or "never" (or -1)`,
      });
    }
  });

/** Harbor's secret policy (controller IsValidSec, v2.9+): 8–128 characters, an upper, a lower, a digit. */
export function secretPolicyViolation(secret: string): string | undefined {
  const lacks: string[] = [];
  if (secret.length < 8 || secret.length > 128)
    lacks.push(`a length of 8 to 128 characters (it has ${secret.length})`);
  if (!/[a-z]/.test(secret)) lacks.push("a lowercase letter");
  if (!/[A-Z]/.test(secret)) lacks.push("an uppercase letter");
  if (!/\d/.test(secret)) lacks.push("a digit");
  if (lacks.length === 0) return undefined;
  return (
    "must follow Harbor's robot secret policy (8 to 128 characters with a lowercase letter, an uppercase letter " +
    `and a digit); it lacks ${lacks.join(", ")}`
  );
}

// The message never includes the value: it is a secret.
export const robotSecret = z.string().superRefine((s, ctx) => {
  const problem = secretPolicyViolation(s);
  if (problem) ctx.addIssue({ code: "custom", message: problem });
});

/** Days as Harbor stores them: -1 means never. */
export function durationDays(d: number | "never"): number {
  return d === "never" ? -1 : d;
}
