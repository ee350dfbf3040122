// diff: from the stored state and the new inputs only, with no HTTP call (preview stays offline and
// fast). Permissions compare as normalized sets so Harbor's random read order never causes a diff.
import { diffConnection, schemeChangeNote } from "../connection-diff";
import type { RuntimeSettings } from "../runtime-config";
import { desiredPermissions, patternsOf, samePermissions } from "../model/permissions";
import { containsUnknown, isUnknown } from "../model/unknowns";
import type { CheckedRobotInputs } from "./check";
import { fullNameUnder } from "./identity";
import { expiryAfter, harborDuration, isoTime, plannedDuration, renewalNote } from "./renewal";
import { secretDriftNote, secretRejected } from "./secret-check";
import { triggerText, type RobotAccountState } from "./state";
import { grantsOf } from "./grants";

export interface RobotDiff {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
  /** Human-readable notes for preview (e.g. an expiry that would already be past). */
  warnings: string[];
}

/** A changed value, treating a value not known yet (preview) as a change. */
function differs(news: unknown, olds: unknown): boolean {
  return containsUnknown(news) || JSON.stringify(news) !== JSON.stringify(olds);
}

function changedFields(
  settings: RuntimeSettings,
  olds: RobotAccountState,
  news: CheckedRobotInputs,
): string[] {
  const changed: string[] = [];
  if (differs(news.description ?? "", olds.description)) changed.push("description");
  if (differs(news.disabled ?? false, olds.disabled)) changed.push("disabled");
  if (
    news.duration !== undefined &&
    differs(isUnknown(news.duration) ? news.duration : harborDuration(olds, news.duration), olds.durationDays)
  ) {
    changed.push("duration");
  }
  if (containsUnknown(news.permissions)) changed.push("permissions");
  else {
    // A pattern never expanded before (new in the inputs) needs the project list: assume a change.
    const unexpanded = patternsOf(news.permissions).some((p) => !(p in (olds.patternMatches ?? {})));
    const desired = desiredPermissions(news.permissions, olds.patternMatches ?? {});
    if (unexpanded || !samePermissions(desired, grantsOf(olds))) changed.push("permissions");
  }
  // No secret in the state: an interrupted create kept the robot without one; issue it now.
  if (!olds.secret || (news.secret !== undefined && differs(news.secret, olds.secret)))
    changed.push("secret");
  // A refresh found the stored secret rejected by Harbor (secret-check.ts): issue it again.
  else if (secretRejected(olds)) changed.push("secret");
  // Echoed into the state, which is all that refresh sees.
  if (differs(news.verifySecret, olds.verifySecret)) changed.push("verifySecret");
  if (differs(news.broadAccessReason, olds.broadAccessReason)) changed.push("broadAccessReason");
  if (differs(triggerText(news.rotationTrigger), triggerText(olds.rotationTrigger)))
    changed.push("rotationTrigger");
  // The login under the declared prefix, compared whole (the one computation update also uses):
  // `"robot$ci".startsWith("robot")` would miss a shortened prefix and keep the old login in the outputs.
  if (
    news.namePrefix !== undefined &&
    (isUnknown(news.namePrefix) || olds.fullName !== fullNameUnder(news.namePrefix, olds))
  ) {
    changed.push("namePrefix");
  }
  if (diffConnection(settings, olds, news.connection).update) changed.push("connection");
  return changed;
}

function replacedFields(
  settings: RuntimeSettings,
  olds: RobotAccountState,
  news: CheckedRobotInputs,
): string[] {
  const replaced: string[] = [];
  if (differs(news.name, olds.name)) replaced.push("name");
  if (differs(news.level ?? "system", olds.level)) replaced.push("level");
  // Another registry (not another spelling of the same one): see connection-diff.ts.
  if (diffConnection(settings, olds, news.connection).replace) replaced.push("connection");
  // A project robot belongs to its project for life (Harbor: "cannot update the project id of robot").
  if (
    olds.level === "project" &&
    (news.level ?? "system") === "project" &&
    !containsUnknown(news.permissions)
  ) {
    const project = news.permissions[0]?.projects?.[0];
    if (project !== undefined && project !== grantsOf(olds)[0]?.namespace) replaced.push("permissions");
  }
  return replaced;
}

function expiryWarnings(olds: RobotAccountState, news: CheckedRobotInputs, nowSeconds: number): string[] {
  if (news.duration === undefined || isUnknown(news.duration)) return [];
  const days = harborDuration(olds, news.duration);
  if (days === -1 || days === olds.durationDays) return [];
  if (!Number.isFinite(Date.parse(olds.creationTime))) return [];
  const expires = expiryAfter(olds, days);
  if (expires > nowSeconds) return [];
  return [
    `robot ${olds.fullName}: duration ${days} day(s) counts from its creation (${olds.creationTime}), so it would ` +
      `expire at once (${isoTime(expires)}) and stop logging in. Raise the duration, or ` +
      `replace the robot to start a new term.`,
  ];
}

export function diffRobotAccount(
  settings: RuntimeSettings,
  olds: RobotAccountState,
  news: CheckedRobotInputs,
  nowSeconds = Date.now() / 1000,
): RobotDiff {
  const replaces = replacedFields(settings, olds, news);
  const changed = changedFields(settings, olds, news);
  const plan = plannedDuration(olds, news, nowSeconds);
  const renewal = plan && renewalNote(olds, news, plan, nowSeconds);
  if (plan?.renewal) changed.push("renewBeforeDays"); // a robot at Harbor's maximum only gets a note
  const lifecycle = [secretDriftNote(olds, news), renewal].filter((n): n is string => n !== undefined);
  const rescheme = diffConnection(settings, olds, news.connection).schemeChange;
  if (rescheme && !replaces.length) lifecycle.unshift(schemeChangeNote(`robot ${olds.fullName}`, rescheme));
  const nameKept = !replaces.includes("name");
  return {
    changes: replaces.length > 0 || changed.length > 0,
    replaces,
    // Same name: the old robot must go first, or Harbor answers 409 for the new one.
    deleteBeforeReplace: replaces.length > 0 && nameKept,
    warnings: [...expiryWarnings(olds, news, nowSeconds), ...lifecycle],
  };
}
