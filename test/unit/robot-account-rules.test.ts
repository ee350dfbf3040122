// The RobotAccount rules that span fields (model/robot-account-rules.ts): every rule's message, on
// the path it names, and the order failures come in (entry by entry, then the project robot's).
import assert from "node:assert/strict";
import { robotAccountInputs } from "../../provider/model/robot-account";
import { parseHarborVersion } from "../../provider/client/version";
import { UNKNOWN } from "../../provider/model/unknowns";

function failures(inputs: Record<string, unknown>, release: string | null = "2.15.2"): string[] {
  const schema = robotAccountInputs(release === null ? null : parseHarborVersion(release)!);
  const result = schema.safeParse(inputs);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

const pull = { scope: "allProjects", access: ["pull"] };
const BAD_PROJECT_NAME =
  "\"Bad_Name\" is not a valid Harbor project name (lowercase letters, digits and single '.', '_' or '-')";

describe("RobotAccount cross-field rules", () => {
  it("a chosen secret takes no rotation trigger; renewal is shorter than the duration", () => {
    assert.deepEqual(
      failures({
        secret: "Abcdefg1x",
        rotationTrigger: 1,
        duration: 5,
        renewBeforeDays: 5,
        permissions: [pull],
      }),
      [
        "rotationTrigger: must be left out when secret is set: a chosen secret is rotated by changing secret " +
          "itself (rotationTrigger only asks Harbor to generate a new secret)",
        "renewBeforeDays: must be less than duration (5 days): a renewed robot is valid for 5 days, so with " +
          "renewBeforeDays 5 every run would renew it again",
      ],
    );
  });

  it("checks every entry in turn: scope and projects, project names, access, push without pull", () => {
    assert.deepEqual(
      failures({
        permissions: [
          { access: ["pull"] },
          { scope: "system", projects: ["a"], access: ["pull"] },
          {
            projects: ["*", "Bad_Name", "team-[a"],
            access: ["push", "fly", "repository:fly", "read helm chart"],
          },
          { scope: "system", access: ["push"] },
        ],
      }),
      [
        'permissions.0.projects: is required unless scope is "system" or "allProjects"',
        'permissions.1.projects: must be left out when scope is "system"',
        'permissions.1.access.0: "pull" (repository:pull) is not a system-level permission Harbor 2.15 grants ' +
          "(it is a project-level permission)",
        'permissions.2.projects.0: "*" as a project: use scope: "allProjects" (it also covers projects created later)',
        `permissions.2.projects.1: ${BAD_PROJECT_NAME}`,
        'permissions.2.projects.2: "team-[a" is not a valid glob pattern: Missing closing: "]" - use "\\\\]" to ' +
          "match literal characters",
        'permissions.2.access.1: "fly" is neither a known permission name nor a "resource:action" pair',
        "permissions.2.access.2: repository:fly is not a project-level permission Harbor 2.15 grants",
        "permissions.2.access.3: helm-chart:read does not exist on Harbor 2.15: Harbor 2.8 removed ChartMuseum. " +
          'Push Helm charts as OCI artifacts (helm push … oci://<registry>/<project>) and grant "push"/"pull" ' +
          "(repository:push / repository:pull) instead",
        "permissions.2.access: grants push without pull: Harbor gives system robots no implicit pull, " +
          'so add "pull" next to "push"',
        'permissions.3.access.0: "push" (repository:push) is not a system-level permission Harbor 2.15 grants ' +
          "(it is a project-level permission)",
      ],
    );
  });

  it("a project robot has one entry naming one project, and its stored name fits", () => {
    assert.deepEqual(failures({ level: "project", permissions: [pull] }), [
      "permissions: a project-level robot needs exactly one entry naming exactly one project (no pattern)",
    ]);
    const long = {
      level: "project",
      name: "n".repeat(250),
      permissions: [{ projects: ["p".repeat(10)], access: ["pull"] }],
    };
    assert.deepEqual(failures(long), [
      `name: with its project ("pppppppppp+${"n".repeat(49)}…" (261 characters)) must be at most 255 characters`,
    ]);
  });

  it("the description leaves room for the owner mark, and the mark alone fits", () => {
    assert.deepEqual(failures({ owner: "/p/s/ci", description: "d".repeat(1024), permissions: [pull] }), [
      "description: must be at most 975 characters for this robot: Harbor keeps 1024 characters of description, " +
        'and 49 of them hold the owner mark " [managed by Pulumi: stack "/p/s", resource "ci"]" that tells which ' +
        "stack manages the robot (the longer the stack and resource names, the less room is left)",
    ]);
    assert.deepEqual(failures({ owner: `/p/s/${"c".repeat(1100)}`, permissions: [pull] }), [
      `description: has no room: the owner mark alone, which names this robot's stack "/p/s" and resource ` +
        `"${"c".repeat(60)}…" (1100 characters), takes 1146 characters, more than the 1024 Harbor keeps: ` +
        "shorten the resource name by at least 122 characters",
    ]);
  });

  it("rules that read the release wait for it; those that read an unknown value wait for it", () => {
    assert.deepEqual(failures({ permissions: [{ projects: ["Bad_Name"], access: ["fly", "push"] }] }, null), [
      `permissions.0.projects.0: ${BAD_PROJECT_NAME}`,
    ]);
    // Only the unknown's own type failure (check drops it): no push-without-pull, no project rule.
    assert.deepEqual(
      failures({ level: UNKNOWN, permissions: [{ projects: ["a"], access: ["push"] }, pull] }),
      ['level: Invalid option: expected one of "system"|"project"'],
    );
    assert.deepEqual(failures({ permissions: [{ scope: UNKNOWN, access: ["pull"] }] }), [
      'permissions.0.scope: Invalid option: expected one of "system"|"allProjects"|"projects"',
    ]);
    assert.deepEqual(failures({ permissions: UNKNOWN, level: "project" }), [
      "permissions: Invalid input: expected array, received string",
    ]);
  });
});
