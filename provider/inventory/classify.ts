// One inventory record per Harbor robot, and the filters over them. Pure: the listing, the clock,
// the owner marks and the caller's stack come in; nothing is asked of Harbor here.
import type { Robot } from "../client/schemas";
import { FRIENDLY_PERMISSIONS } from "../model/friendly-permissions";
import type { InventoryArgs, InventoryRobot, OwnerClass, RobotOwner } from "../model/inventory";
import { normalize, type NormalizedPermission } from "../model/permissions";
import type { OwnerMarks } from "./owner-marks";

const DAY_SECONDS = 86_400;

/** A robot as listed, with the project whose listing it came from (project robots). */
export interface ListedRobot {
  robot: Robot;
  project?: string;
}

export interface ClassifyContext {
  /** Now, in ms since the epoch. */
  nowMs: number;
  marks: OwnerMarks;
  /** `<organization>/<project>/<stack>` of "this stack"; none: no robot is thisStack. */
  stack?: string;
}

const FRIENDLY_BY_PAIR = new Map<string, string>(
  Object.entries(FRIENDLY_PERMISSIONS).map(([name, pair]) => [pair, name]),
);

function namespaceLabel(namespace: string): string {
  if (namespace === "/") return "system";
  if (namespace === "*") return "all projects";
  return namespace;
}

/** "all projects: pull; team-a: pull, push; system: project:list" (denied pairs led by "!"). */
export function permissionsSummary(perms: NormalizedPermission[]): string {
  // Widest first: all projects, the named projects, then system resources.
  const rank = (ns: string) => (ns === "*" ? 0 : ns === "/" ? 2 : 1);
  return [...perms]
    .sort((a, b) => rank(a.namespace) - rank(b.namespace) || a.namespace.localeCompare(b.namespace))
    .map((p) => {
      const names = p.access.map((a) => {
        const pair = `${a.resource}:${a.action}`;
        return `${a.effect === "deny" ? "!" : ""}${FRIENDLY_BY_PAIR.get(pair) ?? pair}`;
      });
      return `${namespaceLabel(p.namespace)}: ${names.join(", ")}`;
    })
    .join("; ");
}

/**
 * Whether a mark's stack is `stack`. A mark that names no organization ("/project/stack": a native
 * provider robot whose program gave none, since the engine tells a plugin no organization) is
 * `stack`'s when the project and the stack agree.
 */
export function sameStack(marked: string, stack: string): boolean {
  if (marked === stack) return true;
  return marked.startsWith("/") && stack.slice(stack.indexOf("/")) === marked;
}

export function ownerClassOf(owner: RobotOwner | undefined, stack: string | undefined): OwnerClass {
  if (!owner) return "unmanaged";
  return stack !== undefined && sameStack(owner.stack, stack) ? "thisStack" : "otherStack";
}

function isoTime(ms: number): string | null {
  return Number.isFinite(ms) ? new Date(ms).toISOString() : null;
}

/**
 * Whole days to the expiry, a day begun counting as one (a robot made with 10 days shows 10, not
 * 9 days 23 hours): at least 1 before the expiry, at most -1 after it.
 */
function daysLeft(seconds: number): number {
  return seconds > 0 ? Math.ceil(seconds / DAY_SECONDS) : Math.min(-1, Math.floor(seconds / DAY_SECONDS));
}

/** The inventory record of one listed robot. */
export function inventoryRecord({ robot, project }: ListedRobot, ctx: ClassifyContext): InventoryRobot {
  const perms = normalize(robot.permissions);
  const level = robot.level === "project" ? "project" : "system";
  const projects =
    level === "project"
      ? [project ?? perms.find((p) => p.kind === "project")?.namespace ?? ""].filter(Boolean)
      : [...new Set(perms.filter((p) => p.kind === "project").map((p) => p.namespace))].sort();
  const owner = ctx.marks.parse(robot.description) ?? null;
  const never = robot.expires_at === undefined || robot.expires_at === -1;
  const secondsLeft = never ? undefined : robot.expires_at! - ctx.nowMs / 1000;
  const created = robot.creation_time ? Date.parse(robot.creation_time) : Number.NaN;
  return {
    id: robot.id,
    fullName: robot.name,
    level,
    projects,
    description: ctx.marks.strip(robot.description),
    owner,
    ownerClass: ownerClassOf(owner ?? undefined, ctx.stack),
    createdAt: isoTime(created),
    expiresAt: never ? null : isoTime(robot.expires_at! * 1000),
    daysLeft: secondsLeft === undefined ? null : daysLeft(secondsLeft),
    expired: secondsLeft !== undefined && secondsLeft <= 0,
    disabled: robot.disable,
    editable: robot.editable,
    creator:
      robot.creator_type !== undefined ? { type: robot.creator_type, ref: robot.creator_ref ?? 0 } : null,
    permissions: permissionsSummary(perms),
  };
}

/**
 * Expiring within `days`: enabled, not expired yet, and expiring no later than `days` from now. A
 * disabled robot cannot log in whatever its expiry, and an expired one already has.
 */
export function expiresWithin(r: InventoryRobot, days: number, nowMs: number): boolean {
  if (r.disabled || r.expired || r.expiresAt === null) return false;
  return Date.parse(r.expiresAt) <= nowMs + days * DAY_SECONDS * 1000;
}

/** Whether a record passes the filters of `args`. */
export function matches(r: InventoryRobot, args: InventoryArgs, nowMs: number): boolean {
  if (args.owner !== undefined && r.ownerClass !== args.owner) return false;
  if (args.level !== undefined && r.level !== args.level) return false;
  if (args.project !== undefined && !r.projects.some((p) => p === args.project || p === "*")) return false;
  if (args.expiringWithinDays !== undefined && !expiresWithin(r, args.expiringWithinDays, nowMs))
    return false;
  return true;
}
