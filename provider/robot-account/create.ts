// create: one POST; then a PATCH for a chosen secret and a PUT to start disabled (Harbor ignores both
// in POST). No read-back: the POST answer (id, full name, secret, creation_time, expires_at) and what
// we sent are every fact the state needs. Only a robot that existed before (taken over, or recovered
// after the program changed) is rewritten with a PUT and read back, for the expiry Harbor recomputes
// from that robot's own creation.
//
// The description sent carries the owner mark (model/owner-mark.ts): this resource's stack and name.
// Crash-proof: a POST whose outcome is unknown (reset, timeout, 5xx) or that meets a robot of the
// same name (409) is settled by reading Harbor; a robot found there is finished only when its mark
// proves it ours (see ownership.ts): made by this create, or left behind by an interrupted run. A
// robot this create made is deleted again when a later step fails; one that existed before never is.
import { isConflict, isOutcomeUnknown, mayHaveBeenApplied } from "../client/errors";
import type { CachingHarborClient } from "../client/caching-client";
import { retrying, type Backoff } from "../client/retry";
import type { Robot, RobotCreateRequest } from "../client/schemas";
import type { WarningSink } from "../diagnostics";
import type { ProviderContext } from "../context";
import { harborFor } from "../harbor";
import { warnOnVersionMismatch } from "../version-check";
import {
  describeOwner,
  markedDescription,
  ownerFromInput,
  parseOwnerMark,
  type RobotOwner,
} from "../model/owner-mark";
import { samePermissions, type NormalizedPermission } from "../model/permissions";
import { durationDays, MAX_DURATION_DAYS } from "../model/robot-rules";
import type { CheckedRobotInputs } from "./check";
import { findRobotByName, harborFacts, resolvePermissions, toHarborPermissions } from "./harbor-robot";
import { judgeFoundRobot } from "./ownership";
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
 * created: our POST was answered; settled: a POST of ours had an unknown outcome and made it;
 * recovered: an interrupted run made it; takenOver: someone else's, adopted with takeOver.
 */
type Origin = "created" | "settled" | "recovered" | "takenOver";

interface Posted {
  origin: Origin;
  robot: Robot;
  /** The generated secret, when our POST was answered. */
  secret?: string;
}

/**
 * POSTs sent before we stop trying to create a robot that lookups keep saying does not exist: as many
 * as the transport's attempts of an idempotent call, since a confirmed absence makes a repeat as safe.
 * Backed off as the transport does (a flaky Harbor often fails several requests in a row), without
 * jitter: one create has no crowd to spread.
 */
const POSTS: Backoff = { attempts: 7, baseDelayMs: 250, maxDelayMs: 4000, jitter: "none" };
/** Lookups (each itself retried by the transport) before an unknown outcome is reported unsettled: 1 s, then 2 s apart. */
const LOOKUPS: Backoff = { attempts: 3, baseDelayMs: 1000, maxDelayMs: 2000, jitter: "none" };

/** Reads Harbor until it answers: an unknown outcome must be settled, not guessed. */
function persistently<T>(read: () => Promise<T>): Promise<T> {
  return retrying(read, LOOKUPS, () => true);
}

/** A POST that did not create the robot (Harbor lists none): posting again cannot make a duplicate. */
class NotCreated extends Error {
  constructor(
    readonly failure: Error,
    readonly attempts: number,
  ) {
    super(failure.message);
  }
}

/** The robot as the state describes it, from the POST answer and what we sent. */
function createdRobot(
  created: { id: number; name: string; creation_time?: string; expires_at?: number },
  body: RobotCreateRequest,
  permissions: NormalizedPermission[],
): Robot {
  return {
    id: created.id,
    name: created.name,
    description: body.description ?? "",
    level: body.level,
    duration: body.duration,
    editable: true,
    disable: false, // Harbor ignores `disable` in POST
    expires_at: created.expires_at,
    permissions: permissions.map((p) => ({ ...p, access: [...p.access] })),
    creation_time: created.creation_time,
  };
}

/** What decides whether a robot found under our name is ours (ownership.ts), and what to do if not. */
interface Claim {
  owner: RobotOwner | undefined;
  recoveryWindowMs: number;
  takeOver: boolean;
  /** The declared short name, for messages. */
  name: string;
  /** Where the adoption of a found robot is told. */
  warnings: WarningSink;
}

/** POST, settling a conflict or an unknown outcome by reading Harbor (see ownership.ts). */
async function postRobot(
  client: CachingHarborClient,
  body: RobotCreateRequest,
  permissions: NormalizedPermission[],
  claim: Claim,
  project: string | undefined,
): Promise<Posted> {
  const lookUp = () => persistently(() => findRobotByName(client, body.level, body.name, project));
  const firstSentLocal = Date.now();
  let unknownOutcome = false;
  const postOnce = async (attempt: number): Promise<Posted> => {
    let failure: Error;
    try {
      const created = await client.createRobot(body);
      return {
        origin: "created",
        robot: createdRobot(created, body, permissions),
        secret: created.secret,
      };
    } catch (e) {
      if (!isConflict(e) && !isOutcomeUnknown(e)) throw e;
      unknownOutcome ||= isOutcomeUnknown(e);
      failure = e as Error;
    }
    const existing = await lookUp();
    if (existing) return adoptOrRefuse(client, existing, claim, unknownOutcome ? firstSentLocal : undefined);
    if (isConflict(failure))
      throw new Error(
        `Harbor says a robot named "${body.name}" already exists, but it is not listed at the ${body.level} level` +
          `${project ? ` of project ${project}` : ""}: ${failure.message}`,
      );
    // Not created: posting again cannot make a duplicate (Harbor refuses a second robot of this name).
    throw new NotCreated(failure, attempt);
  };
  try {
    return await retrying(postOnce, POSTS, (e) => e instanceof NotCreated);
  } catch (e) {
    if (!(e instanceof NotCreated)) throw e;
    throw new Error(
      `creating robot "${body.name}" failed ${e.attempts} times with an unknown outcome, and Harbor lists no such robot, ` +
        `so nothing was created: ${e.failure.message}`,
    );
  }
}

/** A robot under our name: finish it when its owner mark proves it ours, take it over when asked, else refuse. */
function adoptOrRefuse(
  client: CachingHarborClient,
  existing: Robot,
  claim: Claim,
  unknownPostSentLocal: number | undefined,
): Posted {
  const offset = client.clockOffsetMs ?? 0;
  const verdict = judgeFoundRobot(existing, claim.owner, {
    harborNowMs: Date.now() + offset,
    ...(unknownPostSentLocal !== undefined ? { unknownPostSentMs: unknownPostSentLocal + offset } : {}),
    recoveryWindowMs: claim.recoveryWindowMs,
  });
  const label = `${existing.name} (id ${existing.id})`;
  if (verdict.kind === "madeByThisCreate") return { origin: "settled", robot: existing };
  if (verdict.kind === "interruptedRun") {
    claim.warnings.warn(
      `recovered robot ${label}: an interrupted run created it at ${verdict.createdAt}, and it carries this ` +
        `resource's owner mark, so it is finished and recorded now, with a new secret. ` +
        `(harbor:recoveryWindowHours 0 turns this off.)`,
    );
    return { origin: "recovered", robot: existing };
  }
  if (claim.takeOver) {
    const previous = parseOwnerMark(existing.description);
    claim.warnings.warn(
      `took over the existing robot ${label}` +
        (previous ? `, managed until now by Pulumi ${describeOwner(previous)}` : "") +
        `: it is marked as this resource's and gets a new secret; the old one stops working` +
        (previous ? ", and that stack's next refresh drops it from its state" : ""),
    );
    return { origin: "takenOver", robot: existing };
  }
  throw new Error(
    `robot "${claim.name}" already exists in Harbor (${label}), and it is not this resource's: ${verdict.reason}. ` +
      `Nothing was changed. To manage it from here, set takeOver: true (it is then marked as this resource's and its ` +
      `secret is replaced: the old one stops working), or choose another name.`,
  );
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

export async function createRobotAccount(
  ctx: ProviderContext,
  inputs: CheckedRobotInputs,
): Promise<{ id: string; outs: RobotAccountState }> {
  // Every setting this create reads is read before its first write: one refused now changes nothing.
  const recoveryWindow = ctx.settings.recoveryWindowMs();
  const { client, registry, registryUrl } = harborFor(ctx, inputs.connection);
  await warnOnVersionMismatch(ctx, client, registry, inputs.connection?.harborVersion);
  const level = inputs.level ?? "system";
  const name = inputs.name!;
  const project = level === "project" ? inputs.permissions[0]?.projects?.[0] : undefined;
  const { permissions, patternMatches } = await resolvePermissions(client, ctx.warnings, inputs.permissions);
  // Left out: the server's default (the state then echoes no `duration`, which is how diff knows).
  const duration =
    inputs.duration === undefined
      ? await defaultDuration(client, ctx.warnings)
      : durationDays(inputs.duration);
  const description = inputs.description ?? "";
  const owner = ownerFromInput(inputs.owner);
  const body: RobotCreateRequest = {
    name,
    description: markedDescription(description, owner),
    level,
    duration,
    permissions: toHarborPermissions(permissions),
  };
  const disabled = inputs.disabled ?? false;

  // What the state keeps besides Harbor's facts and the secret.
  const bookkeeping = {
    name,
    ...storedPatternMatches(patternMatches),
    registryUrl,
    ...echoedInputs(inputs),
  };

  const posted = await postRobot(
    client,
    body,
    permissions,
    {
      owner,
      recoveryWindowMs: recoveryWindow,
      takeOver: inputs.takeOver ?? false,
      name,
      warnings: ctx.warnings,
    },
    project,
  );
  let robot = posted.robot;
  let secret: string | undefined;
  // A robot taken over, or recovered after the program changed, is brought to the declaration (and
  // marked as ours) first: a take-over that fails there has changed nothing.
  const rewrite =
    posted.origin === "takenOver" ||
    (posted.origin === "recovered" && !holdsDeclaration(robot, body, permissions, disabled));
  let marked = posted.origin !== "takenOver";
  // A robot that existed before and carries this resource's mark is this resource's from now on: a
  // delete of this process leaves it (adopted.ts: the old instance of a replacement that keeps the name).
  if (posted.origin === "recovered") ctx.memory.adopted.record(registryUrl, robot, owner);
  let step = "applying the declared state";
  try {
    if (rewrite) {
      await client.updateRobot(robot.id, { ...body, name: robot.name, disable: disabled });
      marked = true;
      ctx.memory.adopted.record(registryUrl, robot, owner);
      // Harbor recomputes expires_at from the robot's creation when the duration changes: reading the
      // robot back is the only way to know the expiry without re-implementing Harbor's date arithmetic.
      step = "reading it back";
      robot = await client.getRobot(robot.id);
    }
    step = "issuing the secret";
    if (inputs.secret !== undefined) {
      await client.refreshSecret(robot.id, inputs.secret);
      secret = inputs.secret;
    } else {
      // A robot we did not see created has no secret we know: Harbor issues a new one.
      secret = posted.secret || (await client.refreshSecret(robot.id));
    }
    if (!secret) throw new Error("Harbor returned no secret");

    if (disabled && !robot.disable) {
      step = "disabling it";
      await client.updateRobot(robot.id, { ...body, name: robot.name, disable: true });
      robot = { ...robot, disable: true };
    }
    const outs = { ...harborFacts(robot, { durationDays: duration }), ...bookkeeping, secret };
    return { id: String(robot.id), outs };
  } catch (e) {
    throw await unfinishedError(e as Error, step, posted.origin, marked, robot, client, {
      name,
      // Whatever we know of the robot is kept, with the connection (a secret output: the engine marks
      // it secret like the input, also on this error path) so that delete and refresh reach it.
      partial: () => ({
        ...harborFacts(robot, { durationDays: duration }),
        ...bookkeeping,
        secret: secret ?? "",
      }),
      provider: inputs.__provider,
    });
  }
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
