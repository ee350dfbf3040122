// update: prove that the robot at the stored id is still ours, PUT the full desired robot (its
// description with the owner mark) under the name Harbor holds, then PATCH when the chosen secret or
// the rotation trigger changed. Always on the registry the robot lives on (diff replaces a robot that
// moves to another registry, so update never follows the connection elsewhere).
//
// Proof before the PUT, on every Harbor: the robot at the id must still have the stored name, level,
// project and creation time (identity.ts; else it is a stranger, after a restored backup or a moved DNS
// name), and carry this resource's owner mark or none (no mark: a robot of an earlier release, which
// this PUT marks; another owner's: a stack took it over with takeOver, so it is no longer ours). It
// costs one GET, or nothing when the provider process holds a fresh robot listing (client/caching-client.ts). The PUT
// goes under the name Harbor holds (it refuses any other), which also follows a prefix renamed outside
// Pulumi. What the state needs afterwards is what we sent; the expiry is computed as Harbor does
// (creation time + duration), so no read-back.
//
// Writes in this order, PUT then PATCH: the PATCH is the one whose effect cannot be undone (a new
// secret cannot be taken back), so it comes last, and when it fails the error carries the state in
// force (the new fields, the old secret) for the engine to record: never new fields in Harbor behind a
// state that says the old ones.
import { isBadRequest, isNotFound, isProjectNotFound, mayHaveBeenApplied } from "../client/errors";
import type { CachingHarborClient } from "../client/caching-client";
import type { ProviderContext } from "../context";
import type { WarningSink } from "../diagnostics";
import type { Robot, RobotUpdateRequest } from "../client/schemas";
import { harborAt } from "../harbor";
import { describeOwner, markedDescription, ownerFromInput, type RobotOwner } from "../model/owner-mark";
import type { CheckedRobotInputs } from "./check";
import { resolvePermissions, toHarborPermissions } from "./harbor-robot";
import { projectOf, strangerReason, takenOverBy } from "./identity";
import { expiryAfter, plannedDuration } from "./renewal";
import { rejectedOnReenable, secretRejected } from "./secret-check";
import { storedGrants, withoutGrants } from "./grants";
import {
  echoedInputs,
  storedPatternMatches,
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

/** The robot at the stored id as Harbor holds it now: from a fresh listing, else one GET. */
async function currentRobot(
  client: CachingHarborClient,
  olds: RobotAccountState,
  registryUrl: string,
): Promise<Robot> {
  const held = await client.heldRobot(olds.robotId);
  if (held) return held;
  try {
    return await client.getRobot(olds.robotId);
  } catch (e) {
    if (isNotFound(e)) throw new Error(goneMessage(olds, registryUrl));
    throw e;
  }
}

/** Throws, naming why, unless `robot` is this state's robot and not marked as another owner's. */
function proveOurs(
  olds: RobotAccountState,
  robot: Robot,
  owner: RobotOwner | undefined,
  registryUrl: string,
): void {
  const id = olds.robotId;
  const stranger = strangerReason(olds, robot);
  if (stranger) {
    throw new Error(
      `refusing to update robot id ${id} on ${registryUrl}: ${stranger}. It is not the robot this resource ` +
        "created, so nothing was changed. Run `pulumi refresh` to drop the missing robot from the state (the next " +
        "`pulumi up` creates it again), or check that the connection points at the registry it was created on.",
    );
  }
  const other = takenOverBy(olds, robot, owner);
  if (other) {
    throw new Error(
      `refusing to update robot ${robot.name} (id ${id}) on ${registryUrl}: it is managed by Pulumi ` +
        `${describeOwner(other)} now (its description's owner mark says so: that stack took it over with ` +
        "takeOver), not by this resource, so nothing was changed. `pulumi refresh` drops it from this stack's " +
        "state and leaves it to that stack; to take it back, refresh, then set takeOver: true here.",
    );
  }
}

/** Proves the robot ours, then PUTs under the name Harbor holds; returns that name. */
async function putAsOurs(
  client: CachingHarborClient,
  olds: RobotAccountState,
  body: Omit<RobotUpdateRequest, "name">,
  owner: RobotOwner | undefined,
  registryUrl: string,
): Promise<string> {
  const id = olds.robotId;
  const robot = await currentRobot(client, olds, registryUrl);
  proveOurs(olds, robot, owner, registryUrl);
  try {
    await client.updateRobot(id, { ...body, name: robot.name });
    return robot.name;
  } catch (e) {
    // A 404 names either the robot (gone) or a project in the permissions (the error says which).
    if (isNotFound(e) && !isProjectNotFound(e)) throw new Error(goneMessage(olds, registryUrl));
    if (!isBadRequest(e)) throw e;
    // Harbor refuses any name but the current one: the prefix may have changed since the robot was
    // read (a settings change, a listing a few seconds old). Read it again; prove and PUT once more.
    let again: Robot;
    try {
      again = await client.getRobot(id);
    } catch (g) {
      if (isNotFound(g)) throw new Error(goneMessage(olds, registryUrl));
      throw g;
    }
    if (again.name === robot.name) throw e; // the same name: Harbor refused something else
    proveOurs(olds, again, owner, registryUrl);
    await client.updateRobot(id, { ...body, name: again.name });
    return again.name;
  }
}

/**
 * The error of an update whose PUT was applied and whose secret step then failed. It carries the
 * state in force, which the engine records: the new fields, and the secret as it was, with the old
 * rotation trigger and any rejection kept, so the next `pulumi up` plans the secret change again.
 */
function halfApplied(
  e: Error,
  robot: string,
  news: CheckedRobotInputs,
  olds: RobotAccountState,
  inForce: RobotAccountState,
  rejected: boolean,
): Error {
  const chosen = news.secret !== undefined;
  const what = chosen ? "setting the declared secret" : "having Harbor issue a new secret";
  const secretNow = !mayHaveBeenApplied(e)
    ? "Harbor kept the robot's previous secret, and so does the state."
    : chosen
      ? "Harbor may have set the declared secret or kept the previous one (its answer was lost); the state keeps " +
        "the previous one."
      : "Harbor may have issued a new secret whose answer was lost (the previous one then no longer works); the " +
        "state keeps the previous one.";
  const { rotationTrigger: _t, ...rest } = inForce;
  const message =
    `robot ${robot} (id ${olds.robotId}): the update's description, duration, permissions, enabled state and owner ` +
    `mark are in force in Harbor, but ${what} failed: ${e.message}. ${secretNow} The Pulumi state records exactly ` +
    "that, and the next `pulumi up` tries the secret again.";
  return Object.assign(new Error(message), {
    id: String(olds.robotId),
    properties: {
      ...rest,
      secret: olds.secret,
      ...(olds.rotationTrigger !== undefined ? { rotationTrigger: olds.rotationTrigger } : {}),
      ...(rejected ? { secretRejectedAt: olds.secretRejectedAt ?? new Date().toISOString() } : {}),
      __provider: news.__provider,
    },
    reasons: [message],
  });
}

/**
 * Proves the robot ours and PUTs the whole declared robot (the duration planned, a renewal included);
 * returns the state then in force, with the secret as it was.
 */
async function putDeclaration(
  client: CachingHarborClient,
  olds: RobotAccountState,
  news: CheckedRobotInputs,
  registryUrl: string,
  warnings: WarningSink,
): Promise<RobotAccountState> {
  const { permissions, patternMatches } = await resolvePermissions(client, warnings, news.permissions);
  // The declared duration, or a renewal of it (renewal.ts); check made sure neither is unknown now.
  const planned = plannedDuration(olds, news) ?? { durationDays: olds.durationDays };
  const duration = planned.durationDays;
  const description = news.description ?? "";
  const disabled = news.disabled ?? false;
  const owner = ownerFromInput(news.owner);
  // Always the whole robot, duration included: PUT replaces everything, and Harbor ≤ 2.10 resets an
  // omitted duration to the default. The owner mark goes with it (robots of earlier releases get it now).
  const fullName = await putAsOurs(
    client,
    olds,
    {
      level: olds.level,
      description: markedDescription(description, owner),
      disable: disabled,
      duration,
      permissions: toHarborPermissions(permissions),
    },
    owner,
    registryUrl,
  );
  // The echoed inputs are the new ones (0.1's SDK also sent autoNameBase/Scope for named robots).
  const {
    secretRejectedAt: _s,
    renewalOffsetDays: _r,
    patternMatches: _p, // replaced below (absent when the new permissions name no pattern)
    ...kept
  } = withoutEchoedInputs(withoutGrants(withoutLegacy(olds)));
  return {
    ...kept,
    fullName,
    description,
    disabled,
    durationDays: duration,
    ...(planned.renewalOffsetDays ? { renewalOffsetDays: planned.renewalOffsetDays } : {}),
    expiresAt: expiryAfter(olds, duration),
    ...storedGrants(permissions),
    ...storedPatternMatches(patternMatches),
    registryUrl,
    secret: olds.secret,
    ...echoedInputs(news),
  };
}

/**
 * The secret after this update: the declared one set when it changed (or was found rejected), a new
 * one from Harbor on rotation (or when none is stored, or it was rejected), else the stored one.
 */
async function nextSecret(
  client: CachingHarborClient,
  olds: RobotAccountState,
  news: CheckedRobotInputs,
  fullName: string,
  rejected: boolean,
): Promise<string> {
  const id = olds.robotId;
  if (news.secret !== undefined) {
    // Also when the stored secret was found rejected (changed outside Pulumi): set it again.
    if (news.secret === olds.secret && !rejected) return olds.secret;
    await client.refreshSecret(id, news.secret);
    return news.secret;
  }
  const trigger = triggerText(news.rotationTrigger);
  if (trigger === triggerText(olds.rotationTrigger) && olds.secret && !rejected) return olds.secret;
  // Rotation (or a secret lost by an interrupted create, or rejected at refresh): Harbor issues a new one.
  const issued = await client.refreshSecret(id);
  if (!issued) throw new Error(`Harbor returned no new secret for robot ${fullName}`);
  return issued;
}

export async function updateRobotAccount(
  ctx: ProviderContext,
  olds: RobotAccountState,
  news: CheckedRobotInputs,
): Promise<RobotAccountState> {
  const { client, registryUrl } = harborAt(ctx, olds, news.connection);
  const inForce = await putDeclaration(client, olds, news, registryUrl, ctx.warnings);
  // Rejected: found so at refresh, or now, at the update that enables the robot again (secret-check.ts).
  const rejected = secretRejected(olds) || (await rejectedOnReenable(ctx, client, olds, news, inForce));
  try {
    return { ...inForce, secret: await nextSecret(client, olds, news, inForce.fullName, rejected) };
  } catch (e) {
    throw halfApplied(e as Error, inForce.fullName, news, olds, inForce, rejected);
  }
}
