// Who is calling and what they may do. Wrong credentials never fail a request by themselves: like
// Harbor's security middleware the caller just becomes anonymous and protected handlers answer 401
// (after Harbor's wait for a refused password: password-checks.ts).

import { forbidden, unauthorized } from "./errors";
import type { PasswordChecks } from "./password-checks";
import { ALL_PROJECTS_SCOPE, findByLoginName, fullName, isExpired, SYSTEM_SCOPE } from "./robot-store";
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

type Credentials = { username: string; password: string };

/** Harbor's robot generator: the robot these credentials name (with the current prefix), if its secret is valid. */
function robotCaller(state: State, creds: Credentials): Caller | undefined {
  const robot = findByLoginName(state, creds.username);
  return robot && !robot.disabled && !isExpired(state, robot) && verifySecret(creds.password, robot.secret)
    ? { kind: "robot", username: fullName(state, robot), robot }
    : undefined;
}

function userCaller(state: State, creds: Credentials): Caller | undefined {
  const user = state.authenticateUser(creds.username, creds.password);
  return user ? { kind: "user", username: user.username, user } : undefined;
}

/**
 * Robot generator first, then local users, as in Harbor; no check is counted, costed or locked (the
 * test handle's checkLogin).
 */
export function authenticate(state: State, authorization: string | undefined): Caller {
  const creds = parseBasic(authorization);
  if (!creds) return { kind: "anonymous" };
  return robotCaller(state, creds) ?? userCaller(state, creds) ?? { kind: "anonymous" };
}

/**
 * Harbor's security middleware for a request: Basic credentials first (one password check through
 * `checks`, with Harbor's lock and wait after a refusal), and only when they authenticate nobody,
 * the user of the request's session. So a wrong password beside a valid session is the session's
 * user (answered after the wait), and valid Basic credentials win over a session (both measured on
 * real Harbor).
 */
export async function identify(
  state: State,
  checks: PasswordChecks,
  authorization: string | undefined,
  sessionUserId: number | undefined,
): Promise<Caller> {
  const creds = parseBasic(authorization);
  if (creds) {
    const caller = await checks.check(
      "basic",
      creds.username,
      () => userCaller(state, creds),
      () => robotCaller(state, creds),
    );
    if (caller) return caller;
  }
  const user = sessionUserId === undefined ? undefined : state.users.get(sessionUserId);
  return user ? { kind: "user", username: user.username, user } : { kind: "anonymous" };
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
