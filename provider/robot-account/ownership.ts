// Whether a robot found under the name we are creating (after a POST with an unknown outcome, a 409,
// or an interrupted run) may be finished as ours. The proof is the owner mark (model/owner-mark.ts):
// only a robot whose description names exactly this resource (stack and resource name) is ours. Then:
//
// - this create made it: a POST of ours had an unknown outcome (reset, timeout, 5xx), and the robot
//   was created after that POST was sent (Harbor's clock, corrected by its Date header). Only such a
//   robot may be deleted again when a later step of the create fails;
// - else an earlier run of this resource made it (the engine died after Harbor created it, before the
//   state recorded it): it is recovered, unless recovery is off (harbor:recoveryWindowHours 0) or the
//   robot is older than a window that was set. Its fields may differ from the declaration (the program
//   changed between the runs): the create brings it to the declaration, as a take-over does.
//
// No mark, another owner's mark, or a legacy (pre-2.2) robot: a stranger, never changed, never deleted,
// only taken over with `takeOver: true`. See docs/design.md ("Unknown outcomes and interrupted runs").
import type { Robot } from "../client/schemas";
import type { SettingNames } from "../client/setting-names";
import { describeOwner, parseOwnerMark, sameOwner, type RobotOwner } from "../model/owner-mark";

/** Date names whole seconds, creation_time may be truncated, and the Date was measured in transit. */
export const CLOCK_TOLERANCE_MS = 2_000;

export interface Clock {
  /** Harbor's "now" (epoch ms): our clock plus the offset its Date header showed. */
  harborNowMs: number;
  /** When our first POST was sent, on Harbor's clock; set only when a POST of ours had an unknown outcome. */
  unknownPostSentMs?: number;
  /** 0: recovery of robots left by earlier runs is off; Infinity: no limit (the default). */
  recoveryWindowMs: number;
}

export type Verdict =
  | { kind: "madeByThisCreate" }
  | { kind: "interruptedRun"; createdAt: string }
  | { kind: "stranger"; reason: string };

/** Why the robot found is not ours by its mark, if it is not. */
function notOurs(robot: Robot, owner: RobotOwner | undefined): string | undefined {
  if (robot.editable === false)
    return "it is a legacy robot (made before Harbor 2.2), which Pulumi cannot manage";
  const marked = parseOwnerMark(robot.description);
  if (!marked) return "it is not managed by Pulumi (its description carries no owner mark)";
  if (!owner)
    return `it is managed by Pulumi ${describeOwner(marked)}, and this create names no owner to compare with`;
  if (!sameOwner(marked, owner))
    return `it is managed by Pulumi ${describeOwner(marked)} (its description's owner mark says so), not by this resource (${describeOwner(owner)})`;
  return undefined;
}

export function judgeFoundRobot(
  robot: Robot,
  owner: RobotOwner | undefined,
  names: SettingNames,
  clock: Clock,
): Verdict {
  const stranger = notOurs(robot, owner);
  if (stranger) return { kind: "stranger", reason: stranger };
  const created = robot.creation_time ? Date.parse(robot.creation_time) : Number.NaN;
  const createdAt = Number.isNaN(created) ? "an unknown time" : new Date(created).toISOString();
  if (
    clock.unknownPostSentMs !== undefined &&
    !Number.isNaN(created) &&
    created >= clock.unknownPostSentMs - CLOCK_TOLERANCE_MS
  )
    return { kind: "madeByThisCreate" };
  if (clock.recoveryWindowMs <= 0)
    return {
      kind: "stranger",
      reason:
        `it carries this resource's owner mark but was created at ${createdAt}, before this run, and recovery ` +
        `of robots left by earlier runs is off (${names.key("recoveryWindowHours")} 0)`,
    };
  if (Number.isFinite(clock.recoveryWindowMs)) {
    const age = Number.isNaN(created) ? Number.POSITIVE_INFINITY : clock.harborNowMs - created;
    if (age > clock.recoveryWindowMs) {
      const hours = Math.round((clock.recoveryWindowMs / 3_600_000) * 100) / 100;
      return {
        kind: "stranger",
        reason:
          `it carries this resource's owner mark but was created at ${createdAt}, longer ago than the recovery ` +
          `window (${hours} h, ${names.key("recoveryWindowHours")})`,
      };
    }
  }
  return { kind: "interruptedRun", createdAt };
}
