// The POST of a create, settled when its outcome is unknown (reset, timeout, 5xx) or Harbor answers
// 409: Harbor is read for a robot of the name, and one found is finished only when its owner mark
// proves it ours (ownership.ts): made by this create, or left behind by an interrupted run; else it
// is taken over when the resource says so, or refused. Not found after an unknown outcome: nothing
// was created, so the POST is sent again (Harbor refuses a second robot of a name).
import { isConflict, isOutcomeUnknown } from "../client/errors";
import type { CachingHarborClient } from "../client/caching-client";
import { retrying, type Backoff } from "../client/retry";
import type { Robot, RobotCreateRequest } from "../client/schemas";
import type { SettingNames } from "../client/setting-names";
import type { WarningSink } from "../diagnostics";
import { describeOwner, parseOwnerMark, type RobotOwner } from "../model/owner-mark";
import type { NormalizedPermission } from "../model/permissions";
import { findRobotByName } from "./harbor-robot";
import { judgeFoundRobot } from "./ownership";

/**
 * created: our POST was answered; settled: a POST of ours had an unknown outcome and made it;
 * recovered: an interrupted run made it; takenOver: someone else's, adopted with takeOver.
 */
export type Origin = "created" | "settled" | "recovered" | "takenOver";

export interface Posted {
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
export interface Claim {
  owner: RobotOwner | undefined;
  recoveryWindowMs: number;
  takeOver: boolean;
  /** The declared short name, for messages. */
  name: string;
  /** Where the adoption of a found robot is told. */
  warnings: WarningSink;
  /** How those messages name a setting (the context's). */
  names: SettingNames;
}

/** POST, settling a conflict or an unknown outcome by reading Harbor (see ownership.ts). */
export async function postRobot(
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
  const verdict = judgeFoundRobot(existing, claim.owner, claim.names, {
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
        `(${claim.names.key("recoveryWindowHours")} 0 turns this off.)`,
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
