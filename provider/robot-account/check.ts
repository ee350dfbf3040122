// check: every rule that can be known offline, with no HTTP call. Also fills in the auto-name.
import { createHash } from "node:crypto";
import { ERROR_CODES, hasCode } from "../client/errors";
import type { HarborVersion } from "../client/version";
import { robotAccountInputs, robotAccountInputSchema, type RobotAccountInputs } from "../model/robot-account";
import { ROBOT_NAME_PATTERN } from "../model/robot-rules";
import { ownerFromInput } from "../model/owner-mark";
import { isUnknown } from "../model/unknowns";
import { validate, type CheckFailure } from "../model/validation";
import { connectionFailures, settingsFailures } from "../connection-check";
import type { ProviderContext } from "../context";
import { privilegeFindings } from "../model/least-privilege";

/** Inputs as stored after check: the user's inputs plus the auto-name, if one was made. */
export type CheckedRobotInputs = RobotAccountInputs & { autoNamed?: boolean; __provider?: string };

/** The inputs a user may set (the SDK sets `owner`, earlier ones autoName*), named when a stray field is given. */
const USER_INPUTS = Object.keys(robotAccountInputSchema.shape).filter(
  (k) => !k.startsWith("autoName") && k !== "owner",
);

const SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
const SUFFIX_LENGTH = 7;

/**
 * "ciBuilder" → "cibuilder-x7k2m9q": Harbor's name rules plus a suffix. The suffix is a hash of the
 * scope (the owner's "<organization>/<project>/<stack>") and the resource name, not a random draw: `check` runs
 * again at `up`, and a random suffix would make the preview show a name that is never applied.
 * Two stacks (or projects) naming a resource alike still get different robots on a shared Harbor.
 */
export function autoName(base: string | undefined, scope = ""): string {
  const stem = (base ?? "robot")
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/[._-]{2,}/g, "-")
    .replace(/^[._-]+|[._-]+$/g, "")
    .slice(0, 200);
  const digest = createHash("sha256")
    .update(`${scope}\0${base ?? ""}`)
    .digest();
  const suffix = [...digest.subarray(0, SUFFIX_LENGTH)]
    .map((b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length])
    .join("");
  const name = `${stem || "robot"}-${suffix}`;
  return ROBOT_NAME_PATTERN.test(name) ? name : `robot-${suffix}`;
}

/** The target release, or null when the setting that names it is refused (a failure of its own). */
function releaseOrNull(ctx: ProviderContext, explicit: string | undefined): HarborVersion | null {
  try {
    return ctx.settings.targetHarborVersion(explicit);
  } catch (e) {
    if (hasCode(e, ERROR_CODES.settings)) return null;
    throw e;
  }
}

/**
 * Grants wider than least privilege (model/least-privilege.ts): warned about, or failures when
 * harbor:strict (HARBOR_STRICT) is on. A robot with a broadAccessReason is exempt.
 */
function leastPrivilege(ctx: ProviderContext, inputs: RobotAccountInputs): CheckFailure[] {
  if (inputs.broadAccessReason !== undefined) return [];
  const findings = privilegeFindings(inputs);
  if (!findings.length) return [];
  let strict: boolean;
  try {
    strict = ctx.settings.strict();
  } catch {
    return []; // a harbor:strict / HARBOR_STRICT the rule refuses: settingsFailures names it
  }
  if (!strict) {
    for (const f of findings) ctx.warnings.warn(f.message);
    return [];
  }
  return findings.map((f) => ({
    property: f.property,
    reason: `${f.message} (${ctx.settings.names.key("strict")} is true, so this fails the preview.)`,
  }));
}

export function checkRobotAccount(
  ctx: ProviderContext,
  olds: Partial<CheckedRobotInputs>,
  news: CheckedRobotInputs,
): { inputs: CheckedRobotInputs; failures: CheckFailure[] } {
  const { __provider, ...userInputs } = news;
  const version = userInputs.connection?.harborVersion;
  // A version not known yet (preview), or a setting that names none (settingsFailures says which):
  // the rules that depend on it wait.
  const schema = robotAccountInputs(isUnknown(version) ? null : releaseOrNull(ctx, version));
  const failures = [
    ...validate(schema, userInputs, USER_INPUTS),
    ...connectionFailures(ctx.settings, userInputs.connection),
    ...settingsFailures(ctx.settings),
  ];
  failures.push(...leastPrivilege(ctx, userInputs));
  const inputs: CheckedRobotInputs = { ...news };
  if (news.name === undefined) {
    // Keep the name made on an earlier run (older releases drew it at random); make one the first time,
    // from the owner (earlier SDKs sent its two parts as autoNameBase/autoNameScope).
    const owner = ownerFromInput(news.owner);
    inputs.name =
      olds.autoNamed && olds.name
        ? olds.name
        : autoName(owner?.resource ?? news.autoNameBase, owner?.stack ?? news.autoNameScope ?? "");
    inputs.autoNamed = true;
  }
  return { inputs, failures };
}
