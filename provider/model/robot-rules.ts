// Harbor's rules for robot fields (v2.15.2, as its robot API handler handler/robot.go applies them),
// as zod schemas and plain predicates, so the same rule serves check, the SDK types and schema.json.
import { z } from "zod";

/** Lowercase alphanumeric segments joined by single `.`, `_` or `-` (handler/robot.go validateName). */
export const ROBOT_NAME_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
/** Harbor project names follow the same shape. */
export const PROJECT_NAME_PATTERN = ROBOT_NAME_PATTERN;
/** The stored name (project robots: `<project>+<name>`) is a varchar(255); longer ones fail with 500. */
export const MAX_STORED_NAME = 255;
/**
 * The description is a varchar(1024), counted in characters (code points: 1024 "😀" fit, 1025 "a" do
 * not; measured on Harbor 2.15.2); the API does not check it and a longer one fails with 500.
 */
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

/** Characters as Harbor's database counts them: code points, not UTF-16 units or bytes. */
export function characters(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** The description's own limit; the owner mark takes its share of it (see owner-mark.ts). */
export const description = z
  .string()
  .refine(
    (d) => characters(d) <= MAX_DESCRIPTION,
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

/** Harbor's bounds of a secret's length, in bytes of its UTF-8 encoding (Go's len(string)). */
export const MIN_SECRET_BYTES = 8;
export const MAX_SECRET_BYTES = 128;

/**
 * Harbor's secret policy (controller IsValidSec, v2.9+): 8–128 bytes (Go's `len` counts the UTF-8
 * bytes, so `é` counts 2 and a 66-character secret can be too long), an ASCII lowercase letter, an
 * ASCII uppercase letter and an ASCII digit (Go's `[a-z]`, `[A-Z]`, `\d`).
 */
export function secretPolicyViolation(secret: string): string | undefined {
  const lacks: string[] = [];
  const bytes = Buffer.byteLength(secret, "utf8");
  if (bytes < MIN_SECRET_BYTES || bytes > MAX_SECRET_BYTES) {
    const chars = [...secret].length;
    const counted = chars === bytes ? `it has ${bytes}` : `it has ${bytes} bytes in ${chars} characters`;
    lacks.push(`a length of ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} bytes (${counted})`);
  }
  if (!/[a-z]/.test(secret)) lacks.push("a lowercase letter");
  if (!/[A-Z]/.test(secret)) lacks.push("an uppercase letter");
  if (!/\d/.test(secret)) lacks.push("a digit");
  if (lacks.length === 0) return undefined;
  return (
    `must follow Harbor's robot secret policy (${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} bytes in UTF-8, with an ` +
    `ASCII lowercase letter, uppercase letter and digit); it lacks ${lacks.join(", ")}`
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
