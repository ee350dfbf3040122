// create: one POST; then a PATCH for a chosen secret and a PUT to start disabled (Harbor ignores both
// in POST). No read-back: the POST answer (id, full name, secret, creation_time, expires_at) and what
// we sent are every fact the state needs. Only a robot that existed before (taken over, or recovered
// after the program changed) is rewritten with a PUT and read back, for the expiry Harbor recomputes
// from that robot's own creation.
//
// The description sent carries the owner mark (model/owner-mark.ts): this resource's stack and name.
// Crash-proof: a POST whose outcome is unknown (reset, timeout, 5xx) or that meets a robot of the
// same name (409) is settled by reading Harbor (post.ts); a robot found there is finished only when
// its mark proves it ours (see ownership.ts): made by this create, or left behind by an interrupted
// run. A robot this create made is deleted again when a later step fails; one that existed before
// never is.
//
// In order: planCreate (settings, permissions, duration: before any write), postRobot, finishRobot
// (bringToDeclaration, issueSecret, disableIfDeclared), and unfinishedError when a step fails.
import { mayHaveBeenApplied } from "../client/errors";
import type { CachingHarborClient } from "../client/caching-client";
import type { Robot, RobotCreateRequest } from "../client/schemas";
import type { WarningSink } from "../diagnostics";
import type { ProviderContext } from "../context";
import { harborFor } from "../harbor";
import { warnOnVersionMismatch } from "../version-check";
import { markedDescription, ownerFromInput, type RobotOwner } from "../model/owner-mark";
import { samePermissions, type NormalizedPermission, type PatternMatches } from "../model/permissions";
import { durationDays, MAX_DURATION_DAYS } from "../model/robot-rules";
import type { CheckedRobotInputs } from "./check";
import { harborFacts, resolvePermissions, toHarborPermissions } from "./harbor-robot";
import { postRobot, type Claim, type Origin, type Posted } from "./post";
import { echoedInputs, storedPatternMatches, type RobotAccountState } from "./state";

/**
 * The server's default robot expiration (what Harbor's own UI pre-fills), or 30 days when unreadable.
 * Harbor lets the setting reach 9,999,999,999 days but refuses a robot longer than MAX_DURATION_DAYS.
 */
async function defaultDuration(client: CachingHarborClient, warnings: WarningSink): Promise<number> {
  let days: number;
  try {
    days = (await client.robotConfigurations()).robot_token_duration?.value ?? 30;
  } catch (e) {
    warnings.warn(
      `could not read Harbor's default robot expiration (${(e as Error).message}); using 30 days`,
    );
    return 30;
  }
  if (days <= MAX_DURATION_DAYS) return days;
  warnings.warn(
    `Harbor's default robot expiration (${days} days) is longer than Harbor accepts for a robot ` +
      `(${MAX_DURATION_DAYS} days); the robot gets ${MAX_DURATION_DAYS} days`,
  );
  return MAX_DURATION_DAYS;
}

/**
 * Whether a found robot already holds what the create would send (description with mark, duration,
 * grants), and is not disabled against the declaration (one to disable gets the create's last PUT).
 */
function holdsDeclaration(
  robot: Robot,
  body: RobotCreateRequest,
  permissions: NormalizedPermission[],
  disabled: boolean,
) {
  return (
    (robot.description ?? "") === body.description &&
    robot.duration === body.duration &&
    samePermissions(robot.permissions, permissions) &&
    !(robot.disable && !disabled)
  );
}

/** What a create sends and records, worked out before its first write. */
interface CreatePlan {
  client: CachingHarborClient;
  registryUrl: string;
  /** The POST's body: the declared robot, its description carrying the owner mark. */
  body: RobotCreateRequest;
  permissions: NormalizedPermission[];
  /** The project a project robot is listed under (for settling a POST by name). */
  project: string | undefined;
  disabled: boolean;
  owner: RobotOwner | undefined;
  claim: Claim;
  bookkeeping: ReturnType<typeof bookkeepingOf>;
}

/** What the state keeps besides Harbor's facts and the secret. */
function bookkeepingOf(inputs: CheckedRobotInputs, patternMatches: PatternMatches, registryUrl: string) {
  return {
    name: inputs.name!,
    ...storedPatternMatches(patternMatches),
    registryUrl,
    ...echoedInputs(inputs),
  };
}

/**
 * Reads every setting this create needs (before its first write: one refused now changes nothing),
 * expands the permission patterns and resolves the duration.
 */
async function planCreate(ctx: ProviderContext, inputs: CheckedRobotInputs): Promise<CreatePlan> {
  const recoveryWindowMs = ctx.settings.recoveryWindowMs();
  const { client, registry, registryUrl } = harborFor(ctx, inputs.connection);
  await warnOnVersionMismatch(ctx, client, registry, inputs.connection?.harborVersion);
  const level = inputs.level ?? "system";
  const name = inputs.name!;
  const { permissions, patternMatches } = await resolvePermissions(client, ctx.warnings, inputs.permissions);
  // Left out: the server's default (the state then echoes no `duration`, which is how diff knows).
  const duration =
    inputs.duration === undefined
      ? await defaultDuration(client, ctx.warnings)
      : durationDays(inputs.duration);
  const owner = ownerFromInput(inputs.owner);
  return {
    client,
    registryUrl,
    body: {
      name,
      description: markedDescription(inputs.description ?? "", owner),
      level,
      duration,
      permissions: toHarborPermissions(permissions),
    },
    permissions,
    project: level === "project" ? inputs.permissions[0]?.projects?.[0] : undefined,
    disabled: inputs.disabled ?? false,
    owner,
    claim: {
      owner,
      recoveryWindowMs,
      takeOver: inputs.takeOver ?? false,
      name,
      warnings: ctx.warnings,
      names: ctx.settings.names,
    },
    bookkeeping: bookkeepingOf(inputs, patternMatches, registryUrl),
  };
}

/** How far finishing a posted robot got: what the error path needs to keep or undo. */
interface Progress {
  step: string;
  robot: Robot;
  /** Whether the robot carries this resource's mark (a take-over's does only after its PUT). */
  marked: boolean;
  secret?: string;
}

/** The state of the robot as far as it is known. */
function stateOf(plan: CreatePlan, robot: Robot, secret: string): RobotAccountState {
  return { ...harborFacts(robot, { durationDays: plan.body.duration }), ...plan.bookkeeping, secret };
}

/**
 * A robot taken over, or recovered after the program changed, is brought to the declaration (and
 * marked as ours) first, so a take-over that fails there has changed nothing; then read back.
 */
async function bringToDeclaration(ctx: ProviderContext, plan: CreatePlan, progress: Progress): Promise<void> {
  const { client, body, disabled } = plan;
  await client.updateRobot(progress.robot.id, { ...body, name: progress.robot.name, disable: disabled });
  progress.marked = true;
  ctx.memory.adopted.record(plan.registryUrl, progress.robot, plan.owner);
  // Harbor recomputes expires_at from the robot's creation when the duration changes: reading the
  // robot back is the only way to know the expiry without re-implementing Harbor's date arithmetic.
  progress.step = "reading it back";
  progress.robot = await client.getRobot(progress.robot.id);
}

/** Sets the declared secret, else keeps the one the POST returned, else has Harbor issue one. */
async function issueSecret(
  plan: CreatePlan,
  declared: string | undefined,
  posted: Posted,
  progress: Progress,
): Promise<string> {
  progress.step = "issuing the secret";
  if (declared !== undefined) {
    await plan.client.refreshSecret(progress.robot.id, declared);
    progress.secret = declared;
  } else {
    // A robot we did not see created has no secret we know: Harbor issues a new one.
    progress.secret = posted.secret || (await plan.client.refreshSecret(progress.robot.id));
  }
  if (!progress.secret) throw new Error("Harbor returned no secret");
  return progress.secret;
}

/** Harbor ignores `disable` in a POST: a robot declared disabled gets it in a PUT, last. */
async function disableIfDeclared(plan: CreatePlan, progress: Progress): Promise<void> {
  if (!plan.disabled || progress.robot.disable) return;
  progress.step = "disabling it";
  await plan.client.updateRobot(progress.robot.id, {
    ...plan.body,
    name: progress.robot.name,
    disable: true,
  });
  progress.robot = { ...progress.robot, disable: true };
}

/** The steps after the POST; a failure is reported by unfinishedError, which keeps or undoes the robot. */
async function finishRobot(
  ctx: ProviderContext,
  plan: CreatePlan,
  posted: Posted,
  inputs: CheckedRobotInputs,
): Promise<{ id: string; outs: RobotAccountState }> {
  const { robot, origin } = posted;
  const progress: Progress = { step: "applying the declared state", robot, marked: origin !== "takenOver" };
  // A robot that existed before and carries this resource's mark is this resource's from now on: a
  // delete of this process leaves it (adopted.ts: the old instance of a replacement that keeps the name).
  if (origin === "recovered") ctx.memory.adopted.record(plan.registryUrl, robot, plan.owner);
  const rewrite =
    origin === "takenOver" ||
    (origin === "recovered" && !holdsDeclaration(robot, plan.body, plan.permissions, plan.disabled));
  try {
    if (rewrite) await bringToDeclaration(ctx, plan, progress);
    const secret = await issueSecret(plan, inputs.secret, posted, progress);
    await disableIfDeclared(plan, progress);
    return { id: String(progress.robot.id), outs: stateOf(plan, progress.robot, secret) };
  } catch (e) {
    throw await unfinishedError(
      e as Error,
      progress.step,
      origin,
      progress.marked,
      progress.robot,
      plan.client,
      {
        name: plan.claim.name,
        // Whatever we know of the robot is kept, with the connection (a secret output: the engine marks
        // it secret like the input, also on this error path) so that delete and refresh reach it.
        partial: () => stateOf(plan, progress.robot, progress.secret ?? ""),
        provider: inputs.__provider,
      },
    );
  }
}

export async function createRobotAccount(
  ctx: ProviderContext,
  inputs: CheckedRobotInputs,
): Promise<{ id: string; outs: RobotAccountState }> {
  const plan = await planCreate(ctx, inputs);
  const posted = await postRobot(plan.client, plan.body, plan.permissions, plan.claim, plan.project);
  return finishRobot(ctx, plan, posted, inputs);
}

/**
 * The error for a create that could not be finished. A robot this create made is deleted again; one
 * that existed before (recovered, taken over) never is. A robot that stays in Harbor as ours (marked)
 * is recorded in the state (the error carries its id and properties), so the next `pulumi up`
 * finishes it; a take-over that failed before its robot was marked changed nothing.
 */
async function unfinishedError(
  e: Error,
  step: string,
  origin: Origin,
  marked: boolean,
  robot: Robot,
  client: CachingHarborClient,
  ctx: { name: string; partial: () => RobotAccountState; provider: unknown },
): Promise<Error> {
  const keep = (message: string) =>
    Object.assign(new Error(message), {
      id: String(robot.id),
      properties: { ...ctx.partial(), __provider: ctx.provider },
      reasons: [message],
    });
  if (origin === "takenOver" && !marked)
    return new Error(
      `taking over robot "${ctx.name}" (id ${robot.id}) failed while ${step}: ${e.message}. ` +
        (mayHaveBeenApplied(e)
          ? "Harbor may or may not have applied that write; the next `pulumi up` (with takeOver still set) finishes the take-over."
          : "Nothing was changed."),
    );
  if (origin === "takenOver")
    return keep(
      `taking over robot ${robot.name} (id ${robot.id}) failed while ${step} (${e.message}). It is marked as this ` +
        `resource's now and kept in the Pulumi state, and the next \`pulumi up\` finishes it.`,
    );
  if (origin === "recovered")
    return keep(
      `finishing the recovered robot ${robot.name} (id ${robot.id}) failed while ${step} (${e.message}). It existed ` +
        `before this run, so it is not deleted: it is kept in the Pulumi state, and the next \`pulumi up\` finishes it.`,
    );
  try {
    await client.deleteRobot(robot.id); // the client strikes it from its listings
  } catch (cleanup) {
    return keep(
      `creating robot "${ctx.name}" failed while ${step} (${e.message}), and deleting it again failed too ` +
        `(${(cleanup as Error).message}). It is kept in the Pulumi state (robot id ${robot.id}) so it is not ` +
        `lost: the next \`pulumi up\` finishes it and issues its secret, and \`pulumi destroy\` removes it.`,
    );
  }
  return new Error(
    `creating robot "${ctx.name}" failed while ${step}; the robot was deleted again, nothing is left behind: ${e.message}`,
  );
}
