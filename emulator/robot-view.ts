// How robots look in responses (Harbor's ToSwagger + populatePermissions): prefixed name, scopes
// turned back into kind/namespace with current project names, deleted projects left out, zero
// values omitted like go-swagger's omitempty, and permission entries in a random order per read.

import { randomInt } from "node:crypto";
import type { Profile } from "./profiles";
import { fullName, isEditable, levelOf, SYSTEM_SCOPE, ALL_PROJECTS_SCOPE } from "./robot-store";
import type { State, StoredRobot } from "./state";

export interface PermissionView {
  kind: string;
  namespace: string;
  access: Array<{ resource: string; action: string; effect?: string }>;
}

/** Scopes as kind/namespace in stored order; a scope whose project is gone is silently dropped. */
export function readPermissions(state: State, robot: StoredRobot): PermissionView[] {
  const views: PermissionView[] = [];
  for (const s of robot.scopes) {
    let kind = "project";
    let namespace: string | undefined;
    if (s.scope === SYSTEM_SCOPE) [kind, namespace] = ["system", "/"];
    else if (s.scope === ALL_PROJECTS_SCOPE) namespace = "*";
    else namespace = state.projects.get(Number(s.scope.slice("/project/".length)))?.name;
    if (namespace === undefined) continue;
    const access = s.access.map((a) => (a.effect ? { ...a } : { resource: a.resource, action: a.action }));
    views.push({ kind, namespace, access });
  }
  return views;
}

const orderKey = (perms: PermissionView[]) => perms.map((p) => `${p.kind}:${p.namespace}`).join("|");

/**
 * Harbor groups permissions through a Go map, so their order changes between reads. Emulate that,
 * and make sure two consecutive reads of a robot never agree, so that a client that compares lists
 * by position fails every time rather than now and then.
 */
function shuffled(
  lastOrder: Map<number, string>,
  robotId: number,
  perms: PermissionView[],
): PermissionView[] {
  if (perms.length < 2) return perms;
  const previous = lastOrder.get(robotId);
  let out = perms;
  do {
    out = [...perms];
    for (let i = out.length - 1; i > 0; i--) {
      const j = randomInt(i + 1);
      [out[i], out[j]] = [out[j] as PermissionView, out[i] as PermissionView];
    }
  } while (orderKey(out) === previous);
  lastOrder.set(robotId, orderKey(out));
  return out;
}

const lastOrders = new WeakMap<State, Map<number, string>>();

/** The `Robot` definition as Harbor serialises it. */
export function robotToSwagger(state: State, profile: Profile, robot: StoredRobot): Record<string, unknown> {
  let orders = lastOrders.get(state);
  if (!orders) lastOrders.set(state, (orders = new Map()));
  const permissions = shuffled(orders, robot.id, readPermissions(state, robot));
  const view: Record<string, unknown> = {
    id: robot.id,
    name: fullName(state, robot),
    description: robot.description || undefined,
    level: levelOf(robot),
    duration: robot.duration,
    editable: isEditable(robot),
    disable: robot.disabled,
    expires_at: robot.expiresAt || undefined,
    permissions: permissions.length ? permissions : undefined,
    creator_type: profile.creatorFields ? robot.creatorType || undefined : undefined,
    creator_ref: profile.creatorFields ? robot.creatorRef || undefined : undefined,
    creation_time: new Date(robot.creationTime).toISOString(),
    update_time: new Date(robot.updateTime).toISOString(),
  };
  return JSON.parse(JSON.stringify(view)) as Record<string, unknown>;
}

/** The harness's raw view (`getRobot`): stored facts, permissions in stored order. */
export function robotRawView(state: State, robot: StoredRobot) {
  return {
    id: robot.id,
    name: robot.name,
    fullName: fullName(state, robot),
    description: robot.description,
    disabled: robot.disabled,
    duration: robot.duration,
    expiresAt: robot.expiresAt,
    creationTime: robot.creationTime,
    level: levelOf(robot),
    projectId: robot.projectId,
    editable: isEditable(robot),
    permissions: readPermissions(state, robot) as unknown[],
  };
}

export type RobotRawView = ReturnType<typeof robotRawView>;
