// The identity of a robot: the registry it lives on (see harbor.ts), its id there, and its name, level
// and project. Harbor never reuses an id and never renames a robot (only the global prefix changes),
// so a robot found at the stored id with another name, level or creation time is a stranger: the same
// id on another server, or a registry restored from elsewhere. Read treats it as gone; update and
// delete refuse to touch it.
//
// Then whose it is: a robot whose owner mark (model/owner-mark.ts) names another stack or resource was
// taken over from there (`takeOver: true` elsewhere). It is no longer ours: update refuses, refresh
// drops it from the state, delete leaves it. No mark is a robot of an earlier release: ours by its
// identity, marked at its next update.
import type { Robot } from "../client/schemas";
import { parseOwnerMark, sameOwner, type RobotOwner } from "../model/owner-mark";
import { storedOwner, type RobotAccountState } from "./state";
import { grantsOf } from "./grants";

type Stored = Pick<
  RobotAccountState,
  "robotId" | "name" | "fullName" | "level" | "creationTime" | "permissions" | "grants" | "grantedPermissions"
>;

/** The project of a project-level robot, as declared (and as Harbor granted it). */
export function projectOf(state: Pick<Stored, "level" | "permissions" | "grants" | "grantedPermissions">) {
  if (state.level !== "project") return undefined;
  return state.permissions?.[0]?.projects?.[0] ?? grantsOf(state)[0]?.namespace;
}

/** The name as Harbor stores it, without the prefix: `ci`, or `<project>+ci` for a project robot. */
export function storedName(
  state: Pick<Stored, "name" | "level" | "permissions" | "grants" | "grantedPermissions">,
) {
  const project = projectOf(state);
  return project === undefined ? state.name : `${project}+${state.name}`;
}

/** The full (login) name the robot has under `prefix`. */
export function fullNameUnder(prefix: string, state: Parameters<typeof storedName>[0]): string {
  return `${prefix}${storedName(state)}`;
}

/** The prefix part of the stored full name, when the state has one. */
export function storedPrefix(state: Parameters<typeof storedName>[0] & { fullName: string }) {
  const short = storedName(state);
  return state.fullName.endsWith(short) ? state.fullName.slice(0, -short.length) : undefined;
}

/** Why `robot` (found at the stored id) is not the robot of this state; undefined when it is. */
export function strangerReason(state: Stored, robot: Robot): string | undefined {
  const short = storedName(state);
  const described = `"${robot.name}" (${robot.level || "?"} level, created ${robot.creation_time ?? "?"})`;
  const ours = `"${state.fullName || short}" (${state.level} level, created ${state.creationTime || "?"})`;
  const mismatch = `robot id ${state.robotId} there is ${described}, not ${ours}`;
  if (robot.level !== state.level || !robot.name.endsWith(short)) return mismatch;
  const created = Date.parse(state.creationTime);
  const found = Date.parse(robot.creation_time ?? "");
  if (Number.isFinite(created) && Number.isFinite(found)) return created === found ? undefined : mismatch;
  // No creation time to compare (a robot kept by an interrupted create): the whole name must match,
  // unless the state does not know its prefix either.
  const prefix = storedPrefix(state);
  return prefix === undefined || robot.name === `${prefix}${short}` ? undefined : mismatch;
}

/**
 * The owner the robot's mark names when that is not this state's (nor `alsoOurs`: the owner an update
 * is about to write); undefined when the robot is ours by its mark or carries none.
 */
export function takenOverBy(
  state: Pick<RobotAccountState, "owner" | "autoNameBase" | "autoNameScope">,
  robot: Robot,
  alsoOurs?: RobotOwner,
): RobotOwner | undefined {
  const marked = parseOwnerMark(robot.description);
  if (!marked || sameOwner(marked, storedOwner(state)) || sameOwner(marked, alsoOurs)) return undefined;
  return marked;
}
