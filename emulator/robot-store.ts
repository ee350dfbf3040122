// Robot rows: the controller half of Harbor's robot API (scope conversion, create, update, secret,
// delete). No HTTP and no authorization here, so the test harness can seed through the same code.

import { badRequest, conflict, notFound } from "./errors";
import type { Profile } from "./profiles";
import { checkColumnSizes, type PermissionInput } from "./robot-rules";
import { generateSecret, hashSecret } from "./secrets";
import type { State, StoredAccess, StoredRobot, StoredScope } from "./state";

export const SYSTEM_SCOPE = "/system";
export const ALL_PROJECTS_SCOPE = "/project/*";
const DAY_SECONDS = 86_400;

export interface Creator {
  type: string;
  ref: number;
}

export interface RobotFields {
  name: string;
  description: string;
  level: "system" | "project";
  duration: number;
  permissions: PermissionInput[];
}

/** Harbor's toScope: kind+namespace → rbac scope; project names are resolved to ids now. */
function scopeOf(state: State, p: PermissionInput): string {
  if (p.kind === "system") {
    if (p.namespace !== "/") throw badRequest("unknown namespace");
    return SYSTEM_SCOPE;
  }
  if (p.namespace === "*") return ALL_PROJECTS_SCOPE;
  const project = state.projectByName(p.namespace);
  if (!project) throw notFound(`project ${p.namespace} not found`);
  return `/project/${project.id}`;
}

const sameAccess = (a: StoredAccess) => (b: StoredAccess) =>
  a.resource === b.resource && a.action === b.action && a.effect === b.effect;

/**
 * Entries for the same scope end up as one, and repeated accesses collapse: Harbor's unique
 * constraints on permission_policy / role_permission do this in the database.
 */
export function toScopes(state: State, permissions: PermissionInput[]): StoredScope[] {
  const merged = new Map<string, StoredAccess[]>();
  for (const p of permissions) {
    const scope = scopeOf(state, p);
    const list = merged.get(scope) ?? [];
    for (const a of p.access) if (!list.some(sameAccess(a))) list.push({ ...a });
    merged.set(scope, list);
  }
  return [...merged].map(([scope, access]) => ({ scope, access }));
}

function expiresAt(fromMs: number, duration: number): number {
  return duration === -1 ? -1 : Math.floor(fromMs / 1000) + duration * DAY_SECONDS;
}

/** Up to v2.10 a zero duration means "the configured robot_token_duration". */
function effectiveDuration(state: State, profile: Profile, duration: number): number {
  return duration === 0 && profile.zeroDurationMeansDefault ? state.robotTokenDuration : duration;
}

function projectOfProjectRobot(state: State, permissions: PermissionInput[]): number {
  const namespace = permissions[0]?.namespace ?? "";
  const project = state.projectByName(namespace);
  if (!project) throw notFound(`project ${namespace} not found`);
  return project.id;
}

/** Insert a robot; the caller has validated the request. Returns the plaintext secret once. */
export function createRobot(state: State, profile: Profile, input: RobotFields, creator: Creator) {
  const projectId = input.level === "project" ? projectOfProjectRobot(state, input.permissions) : 0;
  const scopes = toScopes(state, input.permissions);
  const storedName = projectId ? `${state.projects.get(projectId)?.name}+${input.name}` : input.name;
  checkColumnSizes(storedName, input.description);
  if ([...state.robots.values()].some((r) => r.name === storedName && r.projectId === projectId)) {
    // The database's own error is not appended (measured on v2.10.3 and v2.15.2).
    throw conflict(`robot account ${projectId}:${storedName} already exists`);
  }
  const now = state.now();
  const duration = effectiveDuration(state, profile, input.duration);
  const secret = generateSecret();
  const robot: StoredRobot = {
    id: state.allocateId("robot"),
    name: storedName,
    description: input.description,
    projectId,
    secret: hashSecret(secret),
    // A new robot is always enabled: Harbor ignores `disable` (and `secret`) on create.
    disabled: false,
    duration,
    expiresAt: expiresAt(now, duration),
    creationTime: now,
    updateTime: now,
    creatorType: creator.type,
    creatorRef: creator.ref,
    scopes,
  };
  state.robots.set(robot.id, robot);
  state.changed();
  return { robot, secret };
}

export interface RobotUpdate {
  description: string;
  disable: boolean;
  /** undefined = keep (v2.11+); the profile decides what 0 means. */
  duration: number | undefined;
  permissions: PermissionInput[];
}

/** Harbor's updateV2Robot after the name/level checks: a full replacement of the mutable fields. */
export function updateRobot(state: State, profile: Profile, robot: StoredRobot, update: RobotUpdate): void {
  // Resolve everything first: a failure (e.g. a deleted project) must leave the robot unchanged,
  // as Harbor's transaction middleware rolls the whole request back.
  const scopes = toScopes(state, update.permissions);
  if (robot.projectId && (scopes.length !== 1 || scopes[0]?.scope !== `/project/${robot.projectId}`)) {
    throw badRequest("cannot update the project id of robot");
  }
  checkColumnSizes(robot.name, update.description);
  const duration =
    update.duration === undefined ? robot.duration : effectiveDuration(state, profile, update.duration);
  if (duration !== robot.duration) {
    // Counted from the creation time, not from now, as Harbor's PUT does.
    robot.expiresAt = expiresAt(robot.creationTime, duration);
    robot.duration = duration;
  }
  robot.description = update.description;
  robot.disabled = update.disable;
  robot.scopes = scopes;
  robot.updateTime = state.now();
  state.changed();
}

/** Sets the given secret, or generates one and returns it. */
export function refreshSecret(
  state: State,
  robot: StoredRobot,
  secret: string | undefined,
): string | undefined {
  const generated = secret ? undefined : generateSecret();
  robot.secret = hashSecret(secret ?? generated ?? "");
  robot.updateTime = state.now();
  state.changed();
  return generated;
}

export function deleteRobot(state: State, id: number): void {
  state.robots.delete(id);
  state.changed();
}

/**
 * Deleting a project deletes its project robots (DeleteByProjectID). System robots keep their
 * "/project/<id>" scope rows; reads skip them because the id no longer resolves.
 */
export function deleteProject(state: State, projectId: number): void {
  state.projects.delete(projectId);
  for (const r of [...state.robots.values()]) if (r.projectId === projectId) state.robots.delete(r.id);
  state.changed();
}

/** Legacy (pre-2.2) robots have no secret; Harbor marks only robots with a secret editable. */
export const isEditable = (robot: StoredRobot) => robot.secret !== undefined;

export const levelOf = (robot: StoredRobot): "system" | "project" =>
  robot.projectId === 0 ? "system" : "project";

/** The name every response shows: the current prefix + stored name; legacy robots as stored. */
export function fullName(state: State, robot: StoredRobot): string {
  return isEditable(robot) ? state.robotPrefix + robot.name : robot.name;
}

export function findByLoginName(state: State, loginName: string): StoredRobot | undefined {
  const prefix = state.robotPrefix;
  if (!loginName.startsWith(prefix)) return undefined;
  const stored = loginName.slice(prefix.length);
  return [...state.robots.values()].find((r) => isEditable(r) && r.name === stored);
}

export function isExpired(state: State, robot: StoredRobot): boolean {
  return robot.expiresAt !== -1 && robot.expiresAt <= Math.floor(state.now() / 1000);
}
