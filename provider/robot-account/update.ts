// update: PUT the full desired robot under its expected full name, then PATCH when the chosen secret
// or the rotation trigger changed. Always on the registry the robot lives on (diff replaces a robot
// that moves to another registry, so update never follows the connection elsewhere).
//
// Why no GET first: Harbor's PUT takes the robot's current full name and level and refuses any other
// ("cannot update the level or name of robot", 400), so a PUT that succeeds under the stored name has
// itself proven that the robot at this id is ours; a GET would only cost a request. Only when the PUT
// is refused do we read the robot, to tell a prefix renamed outside Pulumi (PUT again under the
// current name) from a stranger (refuse, change nothing). What the state needs afterwards is what we
// sent; the expiry is computed as Harbor does (creation time + duration), so no read-back either.
import { isBadRequest, isNotFound, isProjectNotFound } from "../client/errors";
import type { HarborClient } from "../client/harbor-client";
import type { Robot, RobotUpdateRequest } from "../client/schemas";
import { harborAt } from "../harbor";
import { forgetRobot } from "../lookups";
import type { CheckedRobotInputs } from "./check";
import { resolvePermissions, toHarborPermissions } from "./harbor-robot";
import { fullNameUnder, projectOf, strangerReason } from "./identity";
import { expiryAfter, plannedDuration } from "./renewal";
import { rejectedOnReenable, secretRejected } from "./secret-check";
import { storedGrants, withoutGrants } from "./grants";
import {
  echoedInputs,
  triggerText,
  withoutEchoedInputs,
  withoutLegacy,
  type RobotAccountState,
} from "./state";

function goneMessage(olds: RobotAccountState, registryUrl: string): string {
  const project = projectOf(olds);
  const why =
    project === undefined
      ? "it was deleted outside Pulumi"
      : `it was deleted, or its project "${project}" was (Harbor deletes a project's robots with the project)`;
  return (
    `robot ${olds.fullName || olds.name} (id ${olds.robotId}) no longer exists on ${registryUrl}: ${why}. ` +
    "Run `pulumi refresh` (or `pulumi up --refresh`) to drop it from the state; the next `pulumi up` creates it again" +
    (project === undefined ? "." : ` once the project "${project}" exists.`)
  );
}

/** PUT under `name`; when Harbor refuses the name, find out why and PUT again only if the robot is ours. */
async function putAsOurs(
  client: HarborClient,
  olds: RobotAccountState,
  body: RobotUpdateRequest,
  registryUrl: string,
): Promise<string> {
  const id = olds.robotId;
  try {
    await client.updateRobot(id, body);
    return body.name;
  } catch (e) {
    // A 404 names either the robot (gone) or a project in the permissions (the error says which).
    if (isNotFound(e) && !isProjectNotFound(e)) throw new Error(goneMessage(olds, registryUrl));
    if (!isBadRequest(e)) throw e;
    let current: Robot;
    try {
      current = await client.getRobot(id);
    } catch (g) {
      if (isNotFound(g)) throw new Error(goneMessage(olds, registryUrl));
      throw g;
    }
    const stranger = strangerReason(olds, current);
    if (stranger) {
      throw new Error(
        `refusing to update robot id ${id} on ${registryUrl}: ${stranger}. It is not the robot this resource ` +
          "created, so nothing was changed. Run `pulumi refresh` to drop the missing robot from the state (the next " +
          "`pulumi up` creates it again), or check that the connection points at the registry it was created on.",
      );
    }
    if (current.name === body.name) throw e; // ours, under this name: Harbor refused something else
    // Ours, renamed by a prefix change made outside Pulumi: Harbor wants the current name.
    await client.updateRobot(id, { ...body, name: current.name });
    return current.name;
  }
}

export async function updateRobotAccount(
  olds: RobotAccountState,
  news: CheckedRobotInputs,
): Promise<RobotAccountState> {
  const { client, registryUrl } = harborAt(olds, news.connection);
  const id = olds.robotId;
  const { permissions, patternMatches } = await resolvePermissions(client, news.permissions);
  // The declared duration, or a renewal of it (renewal.ts); check made sure neither is unknown now.
  const planned = plannedDuration(olds, news) ?? { durationDays: olds.durationDays };
  const duration = planned.durationDays;
  const description = news.description ?? "";
  const disabled = news.disabled ?? false;
  const expected =
    news.namePrefix !== undefined ? fullNameUnder(news.namePrefix, olds) : olds.fullName || olds.name;
  // Always the whole robot, duration included: PUT replaces everything, and Harbor ≤ 2.10 resets an
  // omitted duration to the default.
  const fullName = await putAsOurs(
    client,
    olds,
    {
      name: expected,
      level: olds.level,
      description,
      disable: disabled,
      duration,
      permissions: toHarborPermissions(permissions),
    },
    registryUrl,
  );
  forgetRobot(client, id);

  const expiresAt = expiryAfter(olds, duration);
  // Rejected: found so at refresh, or now, at the update that enables the robot again (secret-check.ts).
  const rejected =
    secretRejected(olds) || (await rejectedOnReenable(client, olds, news, { fullName, expiresAt }));
  let secret = olds.secret;
  const trigger = triggerText(news.rotationTrigger);
  if (news.secret !== undefined) {
    // Also when the stored secret was found rejected (changed outside Pulumi): set it again.
    if (news.secret !== olds.secret || rejected) {
      await client.refreshSecret(id, news.secret);
      secret = news.secret;
    }
  } else if (trigger !== triggerText(olds.rotationTrigger) || !olds.secret || rejected) {
    // Rotation (or a secret lost by an interrupted create, or rejected at refresh): Harbor issues a new one.
    const issued = await client.refreshSecret(id);
    if (!issued) throw new Error(`Harbor returned no new secret for robot ${fullName}`);
    secret = issued;
  }

  // The echoed inputs are the new ones (0.1's SDK also sent autoNameBase/Scope for named robots).
  const {
    secretRejectedAt: _s,
    renewalOffsetDays: _r,
    ...kept
  } = withoutEchoedInputs(withoutGrants(withoutLegacy(olds)));
  return {
    ...kept,
    fullName,
    description,
    disabled,
    durationDays: duration,
    ...(planned.renewalOffsetDays ? { renewalOffsetDays: planned.renewalOffsetDays } : {}),
    expiresAt,
    ...storedGrants(permissions),
    patternMatches,
    registryUrl,
    secret,
    ...echoedInputs(news),
  };
}
