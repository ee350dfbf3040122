// RobotAccount inputs: one zod schema per target Harbor release. The SDK's input types, `check`
// and schema.json all derive from it.
import { z } from "zod";
import picomatch from "picomatch";
import { connectionField } from "./connection";
import { lookupFriendly } from "./friendly-permissions";
import { formatVersion, type HarborVersion, DEFAULT_HARBOR_VERSION, atLeast } from "../client/version";
import { HELM_PAIRS, permissionTable } from "./permission-table";
import { containsUnknown, isUnknown } from "./unknowns";
import { runWhenOnlyUnknownsFailed, shown } from "./validation";
import * as rules from "./robot-rules";
import { descriptionRoom, MARK_OPENING, ownerFromInput, ownerMark } from "./owner-mark";
import * as lifecycle from "./secret-lifecycle";
import { broadAccessReason } from "./broad-access-reason";
import { secretField } from "./secrets";

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

const OWNER_RULE =
  'must be "<organization>/<project>/<stack>/<resource name>" (the organization may be empty)';

const baseInputs = z
  .object({
    name: rules.robotName
      .optional()
      .describe(
        "Short name; Harbor shows it as <prefix><name> (project robots: <prefix><project>+<name>). Auto-named when omitted",
      ),
    description: rules.description
      .refine((d) => !d.includes(MARK_OPENING), {
        message: `must not contain "${MARK_OPENING}": that is the opening of the owner mark this provider appends to it`,
      })
      .optional()
      .describe(
        "Free text shown in Harbor; omitted: empty. Harbor also shows the owner mark appended to it, which takes its share of Harbor's 1024 characters",
      ),
    level: z.enum(["system", "project"]).optional().describe('"system" (default) or "project"'),
    duration: rules.duration
      .optional()
      .describe(
        'Expiration in days from creation, or "never"; omitted: the server\'s default robot expiration',
      ),
    disabled: z.boolean().optional().describe("A disabled robot cannot log in (default false)"),
    permissions: z
      .array(permissionEntry)
      .min(1)
      .describe("What the robot may do where: one entry per scope or list of projects (at least one)"),
    secret: secretField(
      rules.robotSecret
        .optional()
        .describe(
          "A secret of your choosing instead of Harbor's generated one: 8 to 128 bytes in UTF-8, with a lowercase letter, an uppercase letter and a digit",
        ),
    ),
    rotationTrigger: z
      .union([z.string(), z.number(), z.boolean()])
      .optional()
      .describe("Any value; when it changes, Harbor issues a new secret and the old one stops working"),
    takeOver: z
      .boolean()
      .optional()
      .describe("Take over an existing robot of the same name (its secret is replaced)"),
    namePrefix: z
      .string()
      .optional()
      .describe(
        "The robot name prefix in force (e.g. a RobotSettings output), so outputs follow a prefix change",
      ),
    verifySecret: lifecycle.verifySecret,
    renewBeforeDays: lifecycle.renewBeforeDays,
    broadAccessReason,
    connection: connectionField,
    owner: z
      .string()
      .refine((o) => ownerFromInput(o) !== undefined, OWNER_RULE)
      .optional()
      .describe(
        'The stack and resource that manage the robot, "<organization>/<project>/<stack>/<resource name>", written into its description as the owner mark. The TypeScript SDKs set it; the native provider takes project, stack and name from the resource URN, and the organization from this input when given (YAML: ${pulumi.organization}/${pulumi.project}/${pulumi.stack}/<name>)',
      ),
    autoNameBase: z
      .string()
      .optional()
      .describe("Set by the SDK of earlier releases: the resource name auto-names derive from (now `owner`)"),
    autoNameScope: z
      .string()
      .optional()
      .describe('Set by the SDK of earlier releases: "<organization>/<project>/<stack>" (now `owner`)'),
  })
  .strict();

export type RobotAccountInputs = z.infer<typeof baseInputs>;
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

function helmAdvice(pair: string, v: HarborVersion): string {
  return (
    `${pair} does not exist on Harbor ${formatVersion(v)}: Harbor 2.8 removed ChartMuseum. ` +
    `Push Helm charts as OCI artifacts (helm push … oci://<registry>/<project>) and grant "push"/"pull" ` +
    `(repository:push / repository:pull) instead`
  );
}

/** Whether a single-entry, single-project list could be a project robot's (unknowns count as fine). */
function projectRobotShapeProblem(entries: unknown[]): boolean {
  if (entries.length !== 1) return true;
  const only = entries[0] as Partial<PermissionEntry> | string;
  if (isUnknown(only) || typeof only !== "object" || only === null) return false;
  if (!isUnknown(only.scope) && entryScope(only) !== "projects") return true;
  if (isUnknown(only.projects) || only.projects === undefined) return false;
  if (!Array.isArray(only.projects) || only.projects.length !== 1) return true;
  const project = only.projects[0];
  return !isUnknown(project) && typeof project === "string" && isPattern(project);
}

/**
 * The declared description must leave room for the owner mark in Harbor's 1024 characters; and the
 * mark alone must fit, also when no description is declared (Harbor fails a longer one with a 500).
 */
function descriptionRoomRule(
  inputs: RobotAccountInputs,
  add: (path: (string | number)[], message: string) => void,
): void {
  if (isUnknown(inputs.description)) return;
  const declared = typeof inputs.description === "string" ? inputs.description : "";
  const owner = ownerFromInput(inputs.owner);
  if (!owner) return;
  const mark = ownerMark(owner);
  if (mark.length > rules.MAX_DESCRIPTION) {
    add(
      ["description"],
      `has no room: the owner mark alone, which names this robot's stack ${shown(owner.stack)} and resource ` +
        `${shown(owner.resource)}, takes ${mark.length} characters, more than the ` +
        `${rules.MAX_DESCRIPTION} Harbor keeps: shorten the resource name by at least ` +
        `${mark.length - rules.MAX_DESCRIPTION} characters`,
    );
    return;
  }
  const room = descriptionRoom(owner);
  if (declared === "" || rules.characters(declared) <= room) return;
  add(
    ["description"],
    `must be at most ${Math.max(room, 0)} characters for this robot: Harbor keeps ${rules.MAX_DESCRIPTION} characters of ` +
      `description, and ${rules.MAX_DESCRIPTION - room} of them hold the owner mark " ${mark}" that ` +
      "tells which stack manages the robot (the longer the stack and resource names, the less room is left)",
  );
}

/**
 * Rules that span fields, for a given Harbor release (null: the release is not known yet, so the
 * permission-table rules wait for `up`). At preview each rule runs unless it reads a value that is
 * not known yet: an unknown `level` still lets every project name and permission be checked.
 */
function crossFieldRules(v: HarborVersion | null) {
  const table = v === null ? undefined : permissionTable(v);
  return (inputs: RobotAccountInputs, ctx: z.RefinementCtx) => {
    const add = (path: (string | number)[], message: string) =>
      ctx.addIssue({ code: "custom", path, message });
    const levelKnown = !isUnknown(inputs.level);
    const level = inputs.level ?? "system";

    if (inputs.secret !== undefined && inputs.rotationTrigger !== undefined) {
      add(
        ["rotationTrigger"],
        "must be left out when secret is set: a chosen secret is rotated by changing secret itself " +
          "(rotationTrigger only asks Harbor to generate a new secret)",
      );
    }
    lifecycle.renewalRule(inputs, add);
    descriptionRoomRule(inputs, add);
    if (!Array.isArray(inputs.permissions)) return;

    inputs.permissions.forEach((entry, i) => {
      if (isUnknown(entry) || typeof entry !== "object" || entry === null) return;
      if (isUnknown(entry.scope) || isUnknown(entry.projects)) return;
      const scope = entryScope(entry);
      if (scope === "projects" && !entry.projects) {
        add(["permissions", i, "projects"], 'is required unless scope is "system" or "allProjects"');
        return;
      }
      if (scope !== "projects" && entry.projects) {
        add(["permissions", i, "projects"], `must be left out when scope is "${scope}"`);
      }
      for (const [j, project] of (Array.isArray(entry.projects) ? entry.projects : []).entries()) {
        const at = ["permissions", i, "projects", j];
        if (isUnknown(project) || typeof project !== "string") continue;
        if (project === "*") {
          add(at, '"*" as a project: use scope: "allProjects" (it also covers projects created later)');
        } else if (isPattern(project)) {
          try {
            picomatch.makeRe(project, { strictBrackets: true });
          } catch (e) {
            add(at, `${shown(project)} is not a valid glob pattern: ${(e as Error).message}`);
          }
        } else if (!rules.PROJECT_NAME_PATTERN.test(project)) {
          add(
            at,
            `${shown(project)} is not a valid Harbor project name (lowercase letters, digits and single '.', '_' or '-')`,
          );
        }
      }
      if (!table || !Array.isArray(entry.access)) return;
      const kind = scope === "system" ? "system" : "project";
      const allowed = kind === "system" ? table.system : table.project;
      const granted = new Set<string>();
      entry.access.forEach((item, j) => {
        if (containsUnknown(item)) return;
        const at = ["permissions", i, "access", j];
        const resolved = resolveAccess(item);
        const given = typeof item === "string" ? shown(item) : `${item.resource}:${item.action}`;
        if (!resolved) {
          add(at, `${given} is neither a known permission name nor a "resource:action" pair`);
          return;
        }
        const pair = `${resolved.resource}:${resolved.action}`;
        granted.add(pair);
        if (allowed.has(pair)) return;
        // Name the pair once: `"repository:fly" (repository:fly)` says nothing twice.
        const named = typeof item === "string" && item.trim() !== pair ? `${given} (${pair})` : pair;
        if ((HELM_PAIRS as readonly string[]).includes(pair) && atLeast(v!, 2, 8))
          add(at, helmAdvice(pair, v!));
        else {
          const other = kind === "system" ? table.project : table.system;
          const hint = other.has(pair)
            ? ` (it is a ${kind === "system" ? "project" : "system"}-level permission)`
            : "";
          add(at, `${named} is not a ${kind}-level permission Harbor ${formatVersion(v!)} grants${hint}`);
        }
      });
      // Harbor adds an implicit pull to push only for project-level robots.
      if (
        levelKnown &&
        level === "system" &&
        kind === "project" &&
        granted.has("repository:push") &&
        !granted.has("repository:pull") &&
        !containsUnknown(entry.access)
      ) {
        add(
          ["permissions", i, "access"],
          'grants push without pull: Harbor gives system robots no implicit pull, so add "pull" next to "push"',
        );
      }
    });

    if (levelKnown && level === "project") {
      const entries = inputs.permissions as unknown[];
      if (projectRobotShapeProblem(entries)) {
        add(
          ["permissions"],
          "a project-level robot needs exactly one entry naming exactly one project (no pattern)",
        );
        return;
      }
      const project = (entries[0] as PermissionEntry).projects?.[0];
      if (typeof inputs.name === "string" && !isUnknown(inputs.name) && project && !isUnknown(project)) {
        const stored = `${project}+${inputs.name}`;
        if (stored.length > rules.MAX_STORED_NAME) {
          add(
            ["name"],
            `with its project (${shown(stored)}) must be at most ${rules.MAX_STORED_NAME} characters`,
          );
        }
      }
    }
  };
}

/**
 * The RobotAccount input schema for a Harbor release (the default: the newest tested; null: not
 * known yet, at preview).
 */
export function robotAccountInputs(v: HarborVersion | null = DEFAULT_HARBOR_VERSION) {
  // One schema per release and process: building one (its permission table, and zod compiling its
  // fast path on the first parse) cost more than the check itself, at every check of every robot.
  const key = v === null ? "unknown" : `${v.major}.${v.minor}.${v.patch}`;
  let schema = schemaByRelease.get(key);
  if (!schema) {
    schema = baseInputs.superRefine(crossFieldRules(v), runWhenOnlyUnknownsFailed);
    schemaByRelease.set(key, schema);
  }
  return schema;
}

const schemaByRelease = new Map<string, ReturnType<typeof baseInputs.superRefine>>();

export const robotAccountInputSchema = baseInputs;
