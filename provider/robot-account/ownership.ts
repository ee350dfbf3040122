// Whether a robot found under the name we are creating may be finished as ours. Two cases are ours:
//
// - this create made it: a POST of ours had an unknown outcome (reset, timeout, 5xx), and the robot
//   was created after that POST was sent (Harbor's clock, corrected by its Date header) with exactly
//   the fields we sent;
// - an interrupted run made it: the engine died after Harbor created it, before the state recorded it.
//   Nothing in Harbor can prove that, so the evidence is: the same registry (the one this resource
//   targets), the same name, level and project, every field equal to the declaration (description,
//   duration, permissions; enabled, or disabled as declared), an editable robot, and a creation time
//   within the recovery window (harbor:recoveryWindowHours, default 24; 0 turns recovery off).
//
// Anything else is a stranger: never changed, never deleted, only taken over with `takeOver: true`.
// See docs/design.md ("Interrupted runs") for the remaining risk.
import type { Robot } from "../client/schemas";
import { samePermissions, type NormalizedPermission } from "../model/permissions";

/** Date names whole seconds, creation_time may be truncated, and the Date was measured in transit. */
export const CLOCK_TOLERANCE_MS = 2_000;

export interface Declared {
  description: string;
  /** Days, -1 never (the server default already resolved). */
  duration: number;
  level: "system" | "project";
  permissions: NormalizedPermission[];
  disabled: boolean;
}

export interface Clock {
  /** Harbor's "now" (epoch ms): our clock plus the offset its Date header showed. */
  harborNowMs: number;
  /** When our first POST was sent, on Harbor's clock; set only when a POST of ours had an unknown outcome. */
  unknownPostSentMs?: number;
  /** 0: recovery of interrupted runs is off. */
  recoveryWindowMs: number;
}

export type Verdict =
  | { kind: "madeByThisCreate" }
  | { kind: "interruptedRun"; createdAt: string }
  | { kind: "stranger"; reason: string };

/** The first field in which the robot differs from what our create would have made, if any. */
export function declarationMismatch(robot: Robot, declared: Declared): string | undefined {
  if (robot.editable === false) return "it is a legacy robot (made before Harbor 2.2)";
  if (robot.level !== declared.level) return `its level is ${robot.level}, not ${declared.level}`;
  if ((robot.description ?? "") !== declared.description) return "its description differs";
  if ((robot.duration ?? undefined) !== declared.duration)
    return `its duration is ${robot.duration ?? "unset"} days, not ${declared.duration}`;
  if (!samePermissions(robot.permissions, declared.permissions)) return "its permissions differ";
  // A create leaves a robot enabled until its last step (PUT) disables it as declared.
  if (robot.disable && !declared.disabled) return "it is disabled";
  return undefined;
}

export function judgeFoundRobot(robot: Robot, declared: Declared, clock: Clock): Verdict {
  const mismatch = declarationMismatch(robot, declared);
  if (mismatch) return { kind: "stranger", reason: mismatch };
  const created = robot.creation_time ? Date.parse(robot.creation_time) : Number.NaN;
  if (Number.isNaN(created)) return { kind: "stranger", reason: "Harbor gives no creation time for it" };
  const createdAt = new Date(created).toISOString();
  if (clock.unknownPostSentMs !== undefined && created >= clock.unknownPostSentMs - CLOCK_TOLERANCE_MS)
    return { kind: "madeByThisCreate" };
  if (clock.recoveryWindowMs <= 0)
    return {
      kind: "stranger",
      reason: `it was created at ${createdAt}, before this run, and recovery of interrupted runs is off (harbor:recoveryWindowHours 0)`,
    };
  const age = clock.harborNowMs - created;
  if (age > clock.recoveryWindowMs) {
    const hours = Math.round((clock.recoveryWindowMs / 3_600_000) * 100) / 100;
    return {
      kind: "stranger",
      reason: `it was created at ${createdAt}, longer ago than the recovery window (${hours} h, harbor:recoveryWindowHours)`,
    };
  }
  return { kind: "interruptedRun", createdAt };
}
