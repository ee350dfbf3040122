// Least privilege, judged offline from a RobotAccount's inputs at preview: grants wider than a robot
// is likely to need. They are warnings (engine diagnostics), or check failures under harbor:strict;
// `broadAccessReason` on the robot (./broad-access-reason.ts) says why it needs them and silences
// them for that robot.
import { containsUnknown, isUnknown } from "./unknowns";
import { entryScope, resolveAccess, type PermissionEntry, type ResolvedAccess } from "./permission-entry";

/** Actions that only read: anything else (push, create, delete, update, stop, …) writes. */
const READ_ACTIONS = new Set(["read", "list", "pull"]);

/**
 * What a CI robot may need at system level: list the projects and read the catalog. Any other
 * system-wide pair (users, robots, registries, replication, garbage collection, …) is an
 * administrator's, not a pipeline's.
 */
export const CI_SYSTEM_PAIRS: readonly string[] = ["project:list", "catalog:read"];

export interface PrivilegeFinding {
  /** The input it is about, e.g. `permissions[0]` or `duration`. */
  property: string;
  message: string;
}

const pairOf = (a: ResolvedAccess) => `${a.resource}:${a.action}`;

/** The allowed pairs of an entry, when every item is known and resolves. */
function allowedPairs(entry: PermissionEntry): string[] {
  if (!Array.isArray(entry.access) || containsUnknown(entry.access)) return [];
  return entry.access
    .map((item) => resolveAccess(item))
    .filter((a): a is ResolvedAccess => a !== undefined && a.effect === "allow")
    .map(pairOf);
}

const writes = (pairs: string[]) => pairs.filter((p) => !READ_ACTIONS.has(p.slice(p.indexOf(":") + 1)));

const OPT_OUT = "or set broadAccessReason to say why this robot needs it";

/**
 * The robot's grants wider than least privilege, each naming the robot, the grant and how to narrow
 * it. What is not known yet (preview) is skipped.
 */
export function privilegeFindings(inputs: {
  name?: unknown;
  duration?: unknown;
  permissions?: unknown;
}): PrivilegeFinding[] {
  if (!Array.isArray(inputs.permissions)) return [];
  const robot =
    typeof inputs.name === "string" && !isUnknown(inputs.name) ? `robot ${inputs.name}` : "this robot";
  const findings: PrivilegeFinding[] = [];
  const allWrites: string[] = [];
  inputs.permissions.forEach((raw, i) => {
    if (isUnknown(raw) || typeof raw !== "object" || raw === null) return;
    const entry = raw as PermissionEntry;
    if (isUnknown(entry.scope) || isUnknown(entry.projects)) return;
    const pairs = allowedPairs(entry);
    const scope = entryScope(entry);
    allWrites.push(...writes(pairs));
    if (scope === "allProjects" && writes(pairs).length) {
      findings.push({
        property: `permissions[${i}]`,
        message:
          `${robot}: permissions[${i}] grants ${writes(pairs).join(", ")} over all projects, including projects created later. ` +
          `Narrow it: list the projects it writes to (projects: ["team-a", "team-a-*"]) and keep scope allProjects for ` +
          `read access only; ${OPT_OUT}.`,
      });
    }
    const beyondCi = scope === "system" ? pairs.filter((p) => !CI_SYSTEM_PAIRS.includes(p)) : [];
    if (beyondCi.length) {
      findings.push({
        property: `permissions[${i}]`,
        message:
          `${robot}: permissions[${i}] grants system-wide ${beyondCi.join(", ")}, beyond what a CI robot needs ` +
          `(at most ${CI_SYSTEM_PAIRS.join(" and ")} at system level). Narrow it: leave those to an administrator's ` +
          `tooling, or grant the project-level pairs in the projects concerned; ${OPT_OUT}.`,
      });
    }
  });
  const never = inputs.duration === "never" || inputs.duration === -1;
  if (never && allWrites.length) {
    findings.push({
      property: "duration",
      message:
        `${robot} never expires (duration: "never") and has write access (${[...new Set(allWrites)].join(", ")}): a ` +
        `leaked secret would stay valid for good. Narrow it: give it a duration in days (renewBeforeDays renews it in ` +
        `place before it expires); ${OPT_OUT}.`,
    });
  }
  return findings;
}
