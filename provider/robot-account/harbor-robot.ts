// Between the RobotAccount inputs/state and Harbor's robot objects.
import { isNotFound } from "../client/errors";
import type { CachingHarborClient } from "../client/caching-client";
import type { RobotFilter } from "../client/harbor-client";
import type { Robot, RobotPermission } from "../client/schemas";
import {
  desiredPermissions,
  expandPatterns,
  normalize,
  patternsOf,
  type NormalizedPermission,
  type PatternMatches,
} from "../model/permissions";
import type { PermissionEntry } from "../model/robot-account";
import { declaredDescription } from "../model/owner-mark";
import type { WarningSink } from "../diagnostics";
import type { RobotAccountState } from "./state";
import { grantsOf, storedGrants } from "./grants";

export function toHarborPermissions(perms: NormalizedPermission[]): RobotPermission[] {
  return perms.map((p) => ({
    kind: p.kind,
    namespace: p.namespace,
    access: p.access.map((a) => ({ ...a })),
  }));
}

/** Lists projects (once per operation) to expand the given patterns. */
export async function matchPatterns(
  client: CachingHarborClient,
  patterns: string[],
): Promise<PatternMatches> {
  if (patterns.length === 0) return {};
  const names = (await client.allProjects()).map((p) => p.name);
  return expandPatterns(patterns, names);
}

/** The permissions to send, with patterns expanded now; fails when nothing would be granted. */
export async function resolvePermissions(
  client: CachingHarborClient,
  warnings: WarningSink,
  entries: PermissionEntry[],
): Promise<{ permissions: NormalizedPermission[]; patternMatches: PatternMatches }> {
  const patterns = patternsOf(entries);
  const patternMatches = await matchPatterns(client, patterns);
  for (const p of patterns) {
    if (patternMatches[p]!.length === 0)
      warnings.warn(
        `permissions: the pattern "${p}" matches no project yet; it is granted on the first refresh that finds one`,
      );
  }
  const permissions = desiredPermissions(entries, patternMatches);
  if (permissions.length === 0) {
    throw new Error(
      `permissions: nothing to grant: the patterns ${patterns.map((p) => `"${p}"`).join(", ")} match no project, ` +
        `and Harbor needs at least one permission. Add a project or a scope, or create a matching project first.`,
    );
  }
  return { permissions, patternMatches };
}

/** Where to list a robot: system robots, or the robots of its project. */
export async function robotFilter(
  client: CachingHarborClient,
  level: "system" | "project",
  project: string | undefined,
): Promise<RobotFilter | undefined> {
  if (level === "system") return { level: "system" };
  const found = project === undefined ? undefined : await client.projectByName(project);
  return found ? { level: "project", projectId: found.project_id } : undefined;
}

/** The robot with this short name at this level (for recovery and take-over), if any. */
export async function findRobotByName(
  client: CachingHarborClient,
  level: "system" | "project",
  name: string,
  project: string | undefined,
): Promise<Robot | undefined> {
  const filter = await robotFilter(client, level, project);
  if (!filter) return undefined;
  const stored = level === "project" ? `${project}+${name}` : name;
  const found = await client.listRobots(filter, { name: stored });
  return found.find((r) => r.name.endsWith(stored) && r.level === level);
}

/** A listed robot by id; undefined only when Harbor says 404 (a missing or stale list entry is re-checked). */
export async function readRobot(
  client: CachingHarborClient,
  state: Pick<RobotAccountState, "robotId" | "level" | "grants" | "grantedPermissions">,
): Promise<Robot | undefined> {
  const project = state.level === "project" ? grantsOf(state)[0]?.namespace : undefined;
  // The listing only saves requests: a project that cannot be read (gone, no permission, a failed
  // request) sends us to the robot itself, whose GET reports any real failure.
  const filter = await robotFilter(client, state.level, project).catch(() => undefined);
  if (filter) {
    const listed = await client.listedRobot(filter, state.robotId);
    if (listed) return listed;
  }
  try {
    return await client.getRobot(state.robotId);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}

/**
 * The state fields Harbor is the source of. The description is the declared one: the owner mark
 * Harbor holds with it (model/owner-mark.ts) is never an output, so it never shows as a change.
 */
export function harborFacts(robot: Robot, fallback: { durationDays: number; creationTime?: string }) {
  return {
    robotId: robot.id,
    fullName: robot.name,
    level: (robot.level === "project" ? "project" : "system") as "system" | "project",
    description: declaredDescription(robot.description),
    disabled: robot.disable ?? false,
    durationDays: robot.duration ?? fallback.durationDays,
    expiresAt: robot.expires_at ?? -1,
    creationTime: robot.creation_time ?? fallback.creationTime ?? "",
    ...storedGrants(normalize(robot.permissions)),
  };
}
