// Inputs of the secret lifecycle (issue 13): proving the stored secret at refresh, and renewing the
// expiry in place before it comes. Kept apart from the other RobotAccount rules so that the two
// features can be read (and changed) in one place.
import { z } from "zod";
import { isUnknown } from "./unknowns";

export const verifySecret = z
  .boolean()
  .optional()
  .describe(
    "At refresh, prove that the stored secret still logs in to Harbor (one request per robot). A secret changed " +
      "outside Pulumi then shows at the next preview as a planned re-issue, which `pulumi up` carries out. " +
      "Default: stack config harbor:verifySecrets, else environment HARBOR_VERIFY_SECRETS, else false",
  );

export const renewBeforeDays = z
  .number()
  .int("must be a whole number of days")
  .min(1, "must be at least 1 (day)")
  .optional()
  .describe(
    "Renew the robot in place when, at preview, its expiry is this many days away or already past: its " +
      "duration is raised so that it is again valid for its declared duration from now (no replacement, " +
      "secret unchanged). Run `pulumi up --refresh` on a schedule to keep robots valid",
  );

/**
 * renewBeforeDays must be shorter than the term it renews, or every run would renew again (right
 * after a renewal the robot expires `duration` days from now, which is within `renewBeforeDays`).
 */
export function renewalRule(
  inputs: { duration?: number | "never"; renewBeforeDays?: number },
  add: (path: string[], message: string) => void,
): void {
  const { duration, renewBeforeDays: n } = inputs;
  if (n === undefined || duration === undefined || isUnknown(n) || isUnknown(duration)) return;
  if (duration === "never" || duration === -1 || typeof duration !== "number") return;
  if (n >= duration) {
    add(
      ["renewBeforeDays"],
      `must be less than duration (${duration} days): a renewed robot is valid for ${duration} days, so with ` +
        `renewBeforeDays ${n} every run would renew it again`,
    );
  }
}
