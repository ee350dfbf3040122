// One permission entry of a RobotAccount (where, and what the robot may do there) and the helpers
// that read one: the inputs' model and its rules use them, and so do the handlers.
import { z } from "zod";
import { lookupFriendly } from "./friendly-permissions";
import { shown } from "./validation";

export const accessItem = z.union(
  [
    z
      .string()
      .min(1)
      .describe(
        'A friendly name ("push", "pull", "delete artifact", "read helm chart", "create helm chart version", "delete helm chart version", "create tag", "delete tag", "create artifact label", "create scan") or a Harbor "resource:action" pair such as "repository:pull"',
      ),
    z
      .object({
        resource: z.string().min(1),
        action: z.string().min(1),
        effect: z.enum(["allow", "deny"]).optional().describe('Default "allow"'),
      })
      .strict(),
  ],
  {
    error: (issue) =>
      issue.code === "invalid_union"
        ? `${shown(issue.input)} must be a permission name such as "pull", a "resource:action" pair, or { resource, action, effect }`
        : undefined,
  },
);

export const permissionEntry = z
  .object({
    scope: z
      .enum(["system", "allProjects", "projects"])
      .optional()
      .describe(
        '"system": system resources (namespace "/"); "allProjects": every project, including ones created later; "projects" (the default when `projects` is given): the listed projects',
      ),
    projects: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe(
        'Project names, or glob patterns such as "team-a-*" (expanded against the project list at create and on every refresh)',
      ),
    access: z.array(accessItem).min(1).describe("What the robot may do there"),
  })
  .strict();

export type PermissionEntry = z.infer<typeof permissionEntry>;
export type AccessItem = z.infer<typeof accessItem>;

const GLOB_CHARS = /[*?[\]{}!]/;
export function isPattern(project: string): boolean {
  return GLOB_CHARS.test(project);
}

/** The entry's scope, with "projects" implied by a `projects` list. */
export function entryScope(
  e: Pick<PermissionEntry, "scope" | "projects">,
): "system" | "allProjects" | "projects" {
  return e.scope ?? "projects";
}

export interface ResolvedAccess {
  resource: string;
  action: string;
  effect: "allow" | "deny";
}

/** A friendly name or pair as Harbor's resource/action; undefined when it is neither. */
export function resolveAccess(item: AccessItem): ResolvedAccess | undefined {
  if (typeof item !== "string")
    return { resource: item.resource, action: item.action, effect: item.effect ?? "allow" };
  const pair = lookupFriendly(item) ?? item.trim();
  const m = /^([a-z][a-z0-9-]*):([a-z][a-z0-9-]*)$/.exec(pair);
  return m ? { resource: m[1]!, action: m[2]!, effect: "allow" } : undefined;
}
