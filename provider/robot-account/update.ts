// update: PUT the full desired robot under its current full name (Harbor's PUT replaces everything
// and refuses a stale name), then PATCH when the chosen secret or the rotation trigger changed.
import { isNotFound } from "../client/errors";
import { harborFor } from "../harbor";
import { invalidate } from "../lookups";
import { normalize } from "../model/permissions";
import { durationDays } from "../model/robot-rules";
import type { CheckedRobotInputs } from "./check";
import { harborFacts, resolvePermissions, toHarborPermissions } from "./harbor-robot";
import { echoedInputs, triggerText, withCredentials, type RobotAccountState } from "./state";

export async function updateRobotAccount(
  olds: RobotAccountState,
  news: CheckedRobotInputs,
): Promise<RobotAccountState> {
  const { client, registry } = harborFor(news.connection);
  const id = olds.robotId;
  let current;
  try {
    current = await client.getRobot(id);
  } catch (e) {
    if (isNotFound(e)) {
      throw new Error(
        `robot ${olds.fullName} (id ${id}) no longer exists in Harbor; run \`pulumi refresh\` (or \`pulumi up --refresh\`) to re-create it`,
      );
    }
    throw e;
  }
  const { permissions, patternMatches } = await resolvePermissions(client, news.permissions);
  const duration =
    news.duration === undefined ? (current.duration ?? olds.durationDays) : durationDays(news.duration);
  const desired = {
    description: news.description ?? "",
    disable: news.disabled ?? false,
    duration,
    permissions: toHarborPermissions(permissions),
  };
  const harborChanged =
    desired.description !== (current.description ?? "") ||
    desired.disable !== (current.disable ?? false) ||
    desired.duration !== current.duration ||
    JSON.stringify(permissions) !== JSON.stringify(normalize(current.permissions));
  if (harborChanged) {
    // Always send the duration: Harbor ≤ 2.10 resets an omitted one to the default.
    await client.updateRobot(id, { name: current.name, level: current.level, ...desired });
    invalidate(client);
  }

  let secret = olds.secret;
  const trigger = triggerText(news.rotationTrigger);
  if (news.secret !== undefined) {
    if (news.secret !== olds.secret) {
      await client.refreshSecret(id, news.secret);
      secret = news.secret;
    }
  } else if (trigger !== olds.rotationTrigger || !olds.secret) {
    // Rotation (or a secret lost by an interrupted create): Harbor issues a new one.
    const issued = await client.refreshSecret(id);
    if (!issued) throw new Error(`Harbor returned no new secret for robot ${current.name}`);
    secret = issued;
  }

  const robot = harborChanged ? await client.getRobot(id) : current;
  const { rotationTrigger: _t, connection: _c, namePrefix: _p, takeOver: _o, duration: _d, ...kept } = olds;
  return withCredentials({
    ...kept,
    ...harborFacts(robot, { durationDays: duration, creationTime: olds.creationTime }),
    patternMatches,
    registry,
    secret,
    ...echoedInputs(news),
  });
}
