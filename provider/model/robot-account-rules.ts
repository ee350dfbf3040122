// The RobotAccount rules that span fields, for a given Harbor release (null: the release is not
// known yet, so the rules that read its permissions wait for `up`): one named rule per job, run in
// this order so the failures read in the order of the inputs. At preview each rule runs unless it
// reads a value that is not known yet: an unknown `level` still lets every project name and
// permission be checked.
import type { z } from "zod";
import picomatch from "picomatch";
import { formatVersion, type HarborVersion, atLeast } from "../client/version";
import { HELM_PAIRS, permissionTable, type PermissionTable } from "./release-permissions";
import { entryScope, isPattern, resolveAccess, type PermissionEntry } from "./permission-entry";
import type { RobotAccountInputs } from "./robot-account";
import { containsUnknown, isUnknown } from "./unknowns";
import { shown } from "./validation";
import * as rules from "./robot-rules";
import { descriptionRoom, ownerFromInput, ownerMark } from "./owner-mark";
import * as lifecycle from "./secret-lifecycle";

type Add = (path: (string | number)[], message: string) => void;

/** What every rule reads: the inputs, and the release they are checked against with its table. */
interface Facts {
  inputs: RobotAccountInputs;
  /** null: not known yet (preview); the rules that read its permissions then wait. */
  release: HarborVersion | null;
  table: PermissionTable | undefined;
}

/** A rule over the whole robot. */
type RobotRule = (facts: Facts, add: Add) => void;
/** A rule over one permission entry; `"stop"` skips the entry's later rules. */
type EntryRule = (entry: PermissionEntry, i: number, facts: Facts, add: Add) => "stop" | void;

/** The level as declared (default "system"), or undefined while it is not known. */
function knownLevel(inputs: RobotAccountInputs): "system" | "project" | undefined {
  return isUnknown(inputs.level) ? undefined : (inputs.level ?? "system");
}

/** A chosen secret is rotated by changing it, not by a trigger that asks Harbor for a new one. */
const chosenSecretWithoutTrigger: RobotRule = ({ inputs }, add) => {
  if (inputs.secret !== undefined && inputs.rotationTrigger !== undefined) {
    add(
      ["rotationTrigger"],
      "must be left out when secret is set: a chosen secret is rotated by changing secret itself " +
        "(rotationTrigger only asks Harbor to generate a new secret)",
    );
  }
};

/** renewBeforeDays shorter than the duration it renews (model/secret-lifecycle.ts). */
const renewalShorterThanDuration: RobotRule = ({ inputs }, add) => lifecycle.renewalRule(inputs, add);

/**
 * The declared description must leave room for the owner mark in Harbor's 1024 characters; and the
 * mark alone must fit, also when no description is declared (Harbor fails a longer one with a 500).
 */
const descriptionLeavesRoomForMark: RobotRule = ({ inputs }, add) => {
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
};

/** `projects` is given exactly when the scope is "projects" (the scope it implies). */
const projectsMatchScope: EntryRule = (entry, i, _facts, add) => {
  const scope = entryScope(entry);
  if (scope === "projects" && !entry.projects) {
    add(["permissions", i, "projects"], 'is required unless scope is "system" or "allProjects"');
    return "stop";
  }
  if (scope !== "projects" && entry.projects) {
    add(["permissions", i, "projects"], `must be left out when scope is "${scope}"`);
  }
};

/** Each project is a Harbor project name or a valid glob pattern, and "*" is said as allProjects. */
const projectNamesValid: EntryRule = (entry, i, _facts, add) => {
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
};

/** The permission level an entry grants at: system resources, or a project's. */
function entryKind(entry: PermissionEntry): "system" | "project" {
  return entryScope(entry) === "system" ? "system" : "project";
}

function helmAdvice(pair: string, v: HarborVersion): string {
  return (
    `${pair} does not exist on Harbor ${formatVersion(v)}: Harbor 2.8 removed ChartMuseum. ` +
    `Push Helm charts as OCI artifacts (helm push … oci://<registry>/<project>) and grant "push"/"pull" ` +
    `(repository:push / repository:pull) instead`
  );
}

/** Each access item names a permission the release grants at the entry's level. */
const accessGrantedByRelease: EntryRule = (entry, i, { release, table }, add) => {
  if (!table || !Array.isArray(entry.access)) return;
  const v = release!;
  const kind = entryKind(entry);
  const allowed = kind === "system" ? table.system : table.project;
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
    if (allowed.has(pair)) return;
    // Name the pair once: `"repository:fly" (repository:fly)` says nothing twice.
    const named = typeof item === "string" && item.trim() !== pair ? `${given} (${pair})` : pair;
    if ((HELM_PAIRS as readonly string[]).includes(pair) && atLeast(v, 2, 8)) add(at, helmAdvice(pair, v));
    else {
      const other = kind === "system" ? table.project : table.system;
      const hint = other.has(pair)
        ? ` (it is a ${kind === "system" ? "project" : "system"}-level permission)`
        : "";
      add(at, `${named} is not a ${kind}-level permission Harbor ${formatVersion(v)} grants${hint}`);
    }
  });
};

/** Harbor adds an implicit pull to push only for project-level robots: a system robot says pull. */
const systemRobotPushWithPull: EntryRule = (entry, i, { inputs, table }, add) => {
  if (!table || !Array.isArray(entry.access) || containsUnknown(entry.access)) return;
  if (knownLevel(inputs) !== "system" || entryKind(entry) !== "project") return;
  const granted = new Set(
    entry.access.map(resolveAccess).flatMap((r) => (r ? [`${r.resource}:${r.action}`] : [])),
  );
  if (granted.has("repository:push") && !granted.has("repository:pull")) {
    add(
      ["permissions", i, "access"],
      'grants push without pull: Harbor gives system robots no implicit pull, so add "pull" next to "push"',
    );
  }
};

const ENTRY_RULES: EntryRule[] = [
  projectsMatchScope,
  projectNamesValid,
  accessGrantedByRelease,
  systemRobotPushWithPull,
];

/** Every known entry through the entry rules, in order (an entry whose scope is unknown waits). */
const eachPermissionEntry: RobotRule = (facts, add) => {
  facts.inputs.permissions.forEach((entry, i) => {
    if (isUnknown(entry) || typeof entry !== "object" || entry === null) return;
    if (isUnknown(entry.scope) || isUnknown(entry.projects)) return;
    for (const rule of ENTRY_RULES) if (rule(entry, i, facts, add) === "stop") return;
  });
};

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

/** A project robot has one entry naming one project (no pattern). */
const projectRobotOneProject: RobotRule = ({ inputs }, add) => {
  if (knownLevel(inputs) !== "project") return;
  if (projectRobotShapeProblem(inputs.permissions as unknown[])) {
    add(
      ["permissions"],
      "a project-level robot needs exactly one entry naming exactly one project (no pattern)",
    );
  }
};

/** A project robot's name is stored with its project ("<project>+<name>"), which has a length limit. */
const projectRobotNameFits: RobotRule = ({ inputs }, add) => {
  const entries = inputs.permissions as unknown[];
  if (knownLevel(inputs) !== "project" || projectRobotShapeProblem(entries)) return;
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
};

/** The rules that read the permission entries, which wait while the list itself is unknown. */
const permissionRules: RobotRule = (facts, add) => {
  if (!Array.isArray(facts.inputs.permissions)) return;
  for (const rule of [eachPermissionEntry, projectRobotOneProject, projectRobotNameFits]) rule(facts, add);
};

const ROBOT_RULES: RobotRule[] = [
  chosenSecretWithoutTrigger,
  renewalShorterThanDuration,
  descriptionLeavesRoomForMark,
  permissionRules,
];

/** The cross-field rules for a release, as a zod superRefine. */
export function crossFieldRules(v: HarborVersion | null) {
  const table = v === null ? undefined : permissionTable(v);
  return (inputs: RobotAccountInputs, ctx: z.RefinementCtx) => {
    const add: Add = (path, message) => ctx.addIssue({ code: "custom", path, message });
    const facts: Facts = { inputs, release: v, table };
    for (const rule of ROBOT_RULES) rule(facts, add);
  };
}
