// HTTP handlers of /robots and /robots/{robot_id} (Harbor's robot.go): binding, the order of checks,
// authorization (including robots that manage robots) and response shapes.

import { requireAuthenticated, requireProjectAccess, requireSystemAccess, type Caller } from "./authz";
import { bindBody, type Shape, type StructShape } from "./body";
import { created, ok, type Ctx, type Handler } from "./context";
import { badRequest, denied, internal, notFound, unprocessable } from "./errors";
import { parsePaging, parseQ, runList, type Fields, type QValue } from "./query";
import { validateName, validateRobotRequest, type PermissionInput } from "./robot-rules";
import * as store from "./robot-store";
import { readPermissions, robotToSwagger, type PermissionView } from "./robot-view";
import { INVALID_SECRET_MESSAGE, isValidSecret } from "./secrets";
import type { Profile } from "./profiles";
import type { StoredRobot } from "./state";

const ACCESS: Shape = {
  struct: "Access",
  fields: { resource: "string", action: "string", effect: "string" },
};
const PERMISSION: Shape = {
  struct: "RobotPermission",
  fields: { kind: "string", namespace: "string", access: { array: ACCESS } },
};
const COMMON_FIELDS = {
  name: "string",
  description: "string",
  secret: "string",
  level: "string",
  disable: "bool",
  duration: "int",
} as const;
const ROBOT_CREATE: StructShape = {
  struct: "RobotCreate",
  fields: { ...COMMON_FIELDS, permissions: { array: PERMISSION } },
};
// PUT takes the whole `Robot` definition; only these fields matter, the rest is ignored like in Harbor.
const ROBOT: StructShape = {
  struct: "Robot",
  fields: {
    ...COMMON_FIELDS,
    id: "int",
    editable: "bool",
    expires_at: "int",
    permissions: { array: PERMISSION },
  },
};
const ROBOT_SEC: StructShape = { struct: "RobotSec", fields: { secret: "string" } };

type Bound = Record<string, unknown>;
const str = (v: unknown) => (typeof v === "string" ? v : "");

function permissionsOf(body: Bound): PermissionInput[] {
  return ((body.permissions as Bound[] | undefined) ?? []).map((p) => ({
    kind: str(p?.kind),
    namespace: str(p?.namespace),
    access: ((p?.access as Bound[] | undefined) ?? []).map((a) => ({
      resource: str(a?.resource),
      action: str(a?.action),
      effect: str(a?.effect),
    })),
  }));
}

// ---- authorization helpers -------------------------------------------------------------------

/** System robots need the system-scope grant, project robots the grant in their project. */
function requireRobotAccess(ctx: Ctx, level: string, projectId: number | undefined, action: string): void {
  if (level === "system") requireSystemAccess(ctx.caller, "robot", action);
  else requireProjectAccess(ctx.state, ctx.caller, projectId, "robot", action);
}

/**
 * A robot may only hand out (or remove) what it holds itself (isValidPermissionScope): every
 * kind:namespace must be in the caller (or the caller has that kind with namespace "*"), and every
 * resource:action:effect must be granted there.
 */
function requireWithinCallerScope(ctx: Ctx, wanted: Array<PermissionInput | PermissionView>): void {
  const caller = ctx.caller;
  if (caller.kind !== "robot") return;
  const own = readPermissions(ctx.state, caller.robot);
  const within = wanted.every((w) => {
    const covering = own.filter(
      (o) => o.kind === w.kind && (o.namespace === w.namespace || o.namespace === "*"),
    );
    return (
      covering.length > 0 &&
      w.access.every((a) =>
        covering.some((o) =>
          o.access.some(
            (g) =>
              g.resource === a.resource && g.action === a.action && (g.effect ?? "") === (a.effect ?? ""),
          ),
        ),
      )
    );
  });
  if (!within) {
    throw denied(
      `permission scope is invalid. It must be equal to or more restrictive than the creator robot's permissions: ${caller.username}`,
    );
  }
}

function creatorOf(caller: Exclude<Caller, { kind: "anonymous" }>): store.Creator {
  return caller.kind === "robot"
    ? { type: "robot", ref: caller.robot.id }
    : { type: "local", ref: caller.user.id };
}

// ---- lookups -----------------------------------------------------------------------------------

function robotIdParam(ctx: Ctx): number {
  const raw = ctx.req.params.robot_id ?? "";
  if (!/^-?\d+$/.test(raw)) throw unprocessable(`robot_id in path must be of type int64: "${raw}"`);
  return Number(raw);
}

function existingRobot(ctx: Ctx, id: number): StoredRobot {
  const robot = ctx.state.robots.get(id);
  if (!robot) throw notFound(`robot ${id} not found`);
  return robot;
}

// ---- list --------------------------------------------------------------------------------------

const ROBOT_FIELDS: Fields<StoredRobot> = {
  id: (r) => r.id,
  name: (r) => r.name,
  Name: (r) => r.name,
  description: (r) => r.description,
  disabled: (r) => r.disabled,
  duration: (r) => r.duration,
  expiresat: (r) => r.expiresAt,
  ExpiresAt: (r) => r.expiresAt,
  creation_time: (r) => r.creationTime,
  CreationTime: (r) => r.creationTime,
  update_time: (r) => r.updateTime,
  creator_type: (r) => r.creatorType,
};

function exactValue(q: Map<string, QValue>, key: string): string | undefined {
  const v = q.get(key);
  if (v === undefined) return undefined;
  // v2.15.2 type-asserts these to strings and panics otherwise (fixed only on main) → 500.
  if (v.kind !== "exact") throw internal();
  return v.value;
}

/**
 * Level/ProjectID handling of ListRobot: the project id to list (0: system robots), or undefined to
 * list every robot (v2.10.3's Level=system without ProjectID). No Level means system robots only.
 */
function projectIdFilter(profile: Profile, q: Map<string, QValue>): number | undefined {
  const level = exactValue(q, "Level");
  const projectId = exactValue(q, "ProjectID");
  q.delete("Level");
  q.delete("ProjectID");
  if (level === undefined) return 0;
  if (level !== "system" && level !== "project") throw badRequest("bad request error level input");
  if (level === "system") {
    if (!profile.looseRobotListLevels) return 0;
    // v2.10.3 hands ProjectID to the database filter as it is, and nothing else restricts the level.
    return projectId === undefined ? undefined : /^-?\d+$/.test(projectId) ? Number(projectId) : NaN;
  }
  if (projectId === undefined) throw badRequest("must with project ID when to query project robots");
  if (profile.looseRobotListLevels) {
    if (!/^-?\d+$/.test(projectId)) throw badRequest("Project ID must be int type.");
    return Number(projectId);
  }
  if (!/^\d+$/.test(projectId) || Number(projectId) <= 0)
    throw badRequest("ProjectID must be a positive integer");
  return Number(projectId);
}

export const listRobots: Handler = (ctx) => {
  const paging = parsePaging(ctx.req.query);
  requireAuthenticated(ctx.caller);
  const q = parseQ(ctx.req.query.get("q"));
  const projectId = projectIdFilter(ctx.profile, q);
  requireRobotAccess(ctx, projectId ? "project" : "system", projectId ?? 0, "list");
  const rows = [...ctx.state.robots.values()].filter(
    (r) => projectId === undefined || r.projectId === projectId,
  );
  const { items, headers } = runList(rows, ctx.req, { paging, q, fields: ROBOT_FIELDS, defaultKey: "name" });
  return ok(
    items.map((r) => robotToSwagger(ctx.state, ctx.profile, r)),
    headers,
  );
};

// ---- create ----------------------------------------------------------------------------------------

export const createRobot: Handler = (ctx) => {
  const body = bindBody(ctx.req.body, "robot", ROBOT_CREATE);
  const permissions = permissionsOf(body);
  // `secret` and `disable` are bound but ignored, as in every Harbor release 2.2–2.15.
  const fields = {
    name: str(body.name),
    description: str(body.description),
    level: str(body.level) as "system" | "project",
    duration: (body.duration as number | undefined) ?? 0,
    permissions,
  };
  validateName(fields.name);
  validateRobotRequest(ctx.profile, fields.duration, fields.level, permissions);
  const caller = ctx.caller;
  requireAuthenticated(caller);
  const project =
    fields.level === "project" ? ctx.state.projectByName(permissions[0]?.namespace ?? "") : undefined;
  requireRobotAccess(ctx, fields.level, project?.id, "create");
  requireWithinCallerScope(ctx, permissions);
  const { robot, secret } = store.createRobot(ctx.state, ctx.profile, fields, creatorOf(caller));
  return created(`/api/v2.0/robots/${robot.id}`, {
    id: robot.id,
    name: store.fullName(ctx.state, robot),
    secret,
    creation_time: new Date(robot.creationTime).toISOString(),
    expires_at: robot.expiresAt,
  });
};

// ---- read / delete --------------------------------------------------------------------------------

export const getRobot: Handler = (ctx) => {
  const id = robotIdParam(ctx);
  requireAuthenticated(ctx.caller);
  const robot = existingRobot(ctx, id);
  requireRobotAccess(ctx, store.levelOf(robot), robot.projectId, "read");
  return ok(robotToSwagger(ctx.state, ctx.profile, robot));
};

export const deleteRobot: Handler = (ctx) => {
  const id = robotIdParam(ctx);
  requireAuthenticated(ctx.caller);
  const robot = existingRobot(ctx, id);
  requireRobotAccess(ctx, store.levelOf(robot), robot.projectId, "delete");
  requireWithinCallerScope(ctx, readPermissions(ctx.state, robot));
  store.deleteRobot(ctx.state, robot.id);
  return ok();
};

// ---- update / refresh secret --------------------------------------------------------------------

/** Shared start of PUT and PATCH: an existing, editable robot the caller may update (admin only in practice). */
function robotToEdit(ctx: Ctx, id: number): StoredRobot {
  requireAuthenticated(ctx.caller);
  const robot = existingRobot(ctx, id);
  if (!store.isEditable(robot)) throw denied("editing of legacy robot is not allowed");
  return robot;
}

export const updateRobot: Handler = (ctx) => {
  const id = robotIdParam(ctx);
  const body = bindBody(ctx.req.body, "robot", ROBOT);
  const robot = robotToEdit(ctx, id);
  const permissions = permissionsOf(body);
  const level = str(body.level);
  // v2.11+: duration is nullable and null/omitted keeps the current value; on v2.10 it binds to 0.
  const sent = body.duration as number | undefined;
  const duration = sent ?? (ctx.profile.zeroDurationMeansDefault ? 0 : undefined);
  validateRobotRequest(ctx.profile, duration ?? robot.duration, level, permissions);
  requireRobotAccess(ctx, store.levelOf(robot), robot.projectId, "update");
  if (level !== store.levelOf(robot) || str(body.name) !== store.fullName(ctx.state, robot)) {
    throw badRequest("cannot update the level or name of robot");
  }
  store.updateRobot(ctx.state, ctx.profile, robot, {
    description: str(body.description),
    disable: body.disable === true,
    duration,
    permissions,
  });
  return ok();
};

export const refreshSecret: Handler = (ctx) => {
  const id = robotIdParam(ctx);
  const body = bindBody(ctx.req.body, "robotSec", ROBOT_SEC);
  const robot = robotToEdit(ctx, id);
  requireRobotAccess(ctx, store.levelOf(robot), robot.projectId, "update");
  const wanted = str(body.secret);
  if (wanted && !isValidSecret(wanted)) throw badRequest(INVALID_SECRET_MESSAGE);
  const generated = store.refreshSecret(ctx.state, robot, wanted || undefined);
  return ok(generated ? { secret: generated } : {});
};
