// check: every rule that can be known offline, with no HTTP call. Also fills in the auto-name.
import { randomBytes } from "node:crypto";
import { robotAccountInputs, type RobotAccountInputs } from "../model/robot-account";
import { ROBOT_NAME_PATTERN } from "../model/robot-rules";
import { isUnknown } from "../model/unknowns";
import { validate, type CheckFailure } from "../model/validation";
import { targetHarborVersion } from "../runtime-config";

/** Inputs as stored after check: the user's inputs plus the auto-name, if one was made. */
export type CheckedRobotInputs = RobotAccountInputs & { autoNamed?: boolean; __provider?: string };

const SUFFIX_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/** "ciBuilder" → "cibuilder-x7k2m9q": Harbor's name rules, plus a random suffix as Pulumi does. */
export function autoName(base: string | undefined): string {
  const stem = (base ?? "robot")
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/[._-]{2,}/g, "-")
    .replace(/^[._-]+|[._-]+$/g, "")
    .slice(0, 200);
  const suffix = [...randomBytes(7)].map((b) => SUFFIX_ALPHABET[b % SUFFIX_ALPHABET.length]).join("");
  const name = `${stem || "robot"}-${suffix}`;
  return ROBOT_NAME_PATTERN.test(name) ? name : `robot-${suffix}`;
}

export function checkRobotAccount(
  olds: Partial<CheckedRobotInputs>,
  news: CheckedRobotInputs,
): { inputs: CheckedRobotInputs; failures: CheckFailure[] } {
  const { __provider, ...userInputs } = news;
  const explicitVersion = isUnknown(userInputs.connection?.harborVersion)
    ? undefined
    : userInputs.connection?.harborVersion;
  const failures = validate(robotAccountInputs(targetHarborVersion(explicitVersion)), userInputs);
  const inputs: CheckedRobotInputs = { ...news };
  if (news.name === undefined) {
    // Keep the name made on an earlier run; make one the first time.
    inputs.name = olds.autoNamed && olds.name ? olds.name : autoName(news.autoNameBase);
    inputs.autoNamed = true;
  }
  return { inputs, failures };
}
