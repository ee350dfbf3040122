// Request validation for robots, in Harbor's order and with Harbor's messages (handler/robot.go).
// These checks run before authorization, exactly as in Harbor's handler, so an anonymous caller
// with a bad name gets 400 rather than 401.

import { badRequest, internal } from "./errors";
import { isGrantable } from "./profile-permissions";
import type { Profile } from "./profiles";

export interface AccessInput {
  resource: string;
  action: string;
  effect: string;
}

export interface PermissionInput {
  kind: string;
  namespace: string;
  access: AccessInput[];
}

const NAME_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;
const MAX_INT32 = 2 ** 31 - 1;

/** Create only: PUT cannot change the name, so it is never re-validated there. */
export function validateName(name: string): void {
  if (!NAME_PATTERN.test(name))
    throw badRequest("robot name is not in lower case or contains illegal characters");
}

/**
 * Column sizes of the robot table: Harbor has no API check, the database fails (→ 500). PostgreSQL's
 * varchar(n) counts characters (code points): 1024 "😀" fit in the description, 1025 "a" do not.
 */
export function checkColumnSizes(storedName: string, description: string): void {
  if ([...storedName].length > 255 || [...description].length > 1024) throw internal();
}

function isValidDuration(profile: Profile, d: number): boolean {
  if (profile.zeroDurationMeansDefault) return d >= -1;
  return d === -1 || (d > 0 && d < MAX_INT32);
}

/** Harbor's handler `validate(duration, level, permissions)`. */
export function validateRobotRequest(
  profile: Profile,
  duration: number,
  level: string,
  permissions: PermissionInput[],
): void {
  if (!isValidDuration(profile, duration)) {
    throw badRequest(
      `bad request error duration input: ${duration}, duration must be either -1(Never) or a positive integer`,
    );
  }
  if (level !== "system" && level !== "project") throw badRequest(`bad request error level input: ${level}`);
  if (permissions.length === 0) throw badRequest("bad request empty permission");
  // "to create a project robot, the permission must be only one project scope"
  if (level === "project" && (permissions.length !== 1 || permissions[0]?.kind !== "project")) {
    throw badRequest("bad request permission");
  }
  for (const perm of permissions) {
    if (perm.kind !== "system" && perm.kind !== "project")
      throw badRequest(`bad request permission level: ${perm.kind}`);
    if (perm.access.length === 0) throw badRequest("bad request empty access");
    for (const a of perm.access) {
      if (!isGrantable(profile.permissions, perm.kind, a.resource, a.action)) {
        throw badRequest(`bad request permission: ${a.resource}:${a.action}`);
      }
    }
  }
}
