// Who is calling and what they may do. Wrong credentials never fail a request by themselves: like
// Harbor's security middleware the caller just becomes anonymous and protected handlers answer 401
// (after Harbor's freeze: login-lock.ts).

import { forbidden, unauthorized } from "./errors";
import { ALL_PROJECTS_SCOPE, findByLoginName, fullName, isExpired, SYSTEM_SCOPE } from "./robot-store";
import type { LoginLock } from "./login-lock";
import type { State, StoredRobot, StoredUser } from "./state";
import { verifySecret } from "./secrets";

export type Caller =
  | { kind: "anonymous" }
  | { kind: "user"; username: string; user: StoredUser }
  | { kind: "robot"; username: string; robot: StoredRobot };

export type Authenticated = Exclude<Caller, { kind: "anonymous" }>;

export function parseBasic(header: string | undefined): { username: string; password: string } | undefined {
  const m = /^Basic\s+(\S+)$/i.exec(header ?? "");
  if (!m) return undefined;
  const decoded = Buffer.from(m[1] as string, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  return colon < 0 ? undefined : { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Who the credentials are; `failed` when a password was refused (Harbor answers that after its freeze). */
export interface Login {
  caller: Caller;
  failed: boolean;
}

/**
 * Robot generator first (name carries the current prefix), then local users, as in Harbor. With
 * `lock`, a locked name is refused unchecked and a refused password locks its name; without, the
 * check has no effect (the test handle's checkLogin).
 */
export function authenticate(state: State, authorization: string | undefined, lock?: LoginLock): Login {
  const anonymous = (failed: boolean): Login => ({ caller: { kind: "anonymous" }, failed });
  const creds = parseBasic(authorization);
  if (!creds) return anonymous(false);
  const robot = findByLoginName(state, creds.username);
  if (robot && !robot.disabled && !isExpired(state, robot) && verifySecret(creds.password, robot.secret)) {
    return { caller: { kind: "robot", username: fullName(state, robot), robot }, failed: false };
  }
  if (lock?.isLocked(creds.username)) return anonymous(false);
  const user = state.authenticateUser(creds.username, creds.password);
  if (user) return { caller: { kind: "user", username: user.username, user }, failed: false };
  lock?.lock(creds.username);
  return anonymous(true);
}

export function requireAuthenticated(caller: Caller): asserts caller is Authenticated {
  if (caller.kind === "anonymous") throw unauthorized();
}

export const isSysAdmin = (caller: Caller) => caller.kind === "user" && caller.user.admin;

/** A robot's grant for (resource, action) within the given scopes; an explicit deny wins. */
function robotCan(robot: StoredRobot, scopes: string[], resource: string, action: string): boolean {
  const matches = robot.scopes
    .filter((s) => scopes.includes(s.scope))
    .flatMap((s) => s.access)
    .filter((a) => a.resource === resource && a.action === action);
  return matches.length > 0 && !matches.some((a) => a.effect === "deny");
}

/** System scope: 401 for anonymous, 403 FORBIDDEN whose message is the caller's name (RequireSystemAccess). */
export function requireSystemAccess(
  caller: Caller,
  resource: string,
  action: string,
): asserts caller is Authenticated {
  requireAuthenticated(caller);
  if (isSysAdmin(caller)) return;
  if (caller.kind === "robot" && robotCan(caller.robot, [SYSTEM_SCOPE], resource, action)) return;
  throw forbidden(caller.username);
}

/** Project scope: admins, the project's owner (its project admin), robots granted it; else 403 "forbidden". */
export function requireProjectAccess(
  state: State,
  caller: Caller,
  projectId: number | undefined,
  resource: string,
  action: string,
): asserts caller is Authenticated {
  requireAuthenticated(caller);
  if (isSysAdmin(caller)) return;
  const project = projectId === undefined ? undefined : state.projects.get(projectId);
  if (project && caller.kind === "user" && project.ownerId === caller.user.id) return;
  if (
    project &&
    caller.kind === "robot" &&
    robotCan(caller.robot, [`/project/${project.id}`, ALL_PROJECTS_SCOPE], resource, action)
  ) {
    return;
  }
  throw forbidden("forbidden");
}
