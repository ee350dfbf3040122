import assert from "node:assert/strict";
import { diffRobotAccount } from "../../provider/robot-account/diff";
import type { CheckedRobotInputs } from "../../provider/robot-account/check";
import type { RobotAccountState } from "../../provider/robot-account/state";
import { UNKNOWN } from "../../provider/model/unknowns";
import { ProviderProcess } from "../helpers/provider-process";

const proc = new ProviderProcess();

/** What Harbor grants on a project, as the state holds it. */
const granted = (namespace: string, ...actions: string[]) => ({
  kind: "project",
  namespace,
  access: actions.map((action) => ({ resource: "repository", action, effect: "allow" as const })),
});

const state = (over: Partial<RobotAccountState> = {}): RobotAccountState => ({
  robotId: 7,
  name: "ci",
  fullName: "robot$ci",
  level: "system",
  description: "CI",
  durationDays: 30,
  expiresAt: 0,
  creationTime: "2026-11-01T00:00:00.000Z",
  disabled: false,
  // Harbor's read order is random; the state keeps whatever order it came in.
  grantedPermissions: [granted("team-a-web", "pull"), granted("team-a-api", "push", "pull")],
  permissions: [
    { projects: ["team-a-web"], access: ["pull"] },
    { projects: ["team-a-api"], access: ["pull", "push"] },
  ],
  patternMatches: { "team-a-*": ["team-a-api", "team-a-web"] },
  registry: "harbor.example.com",
  secret: "s",
  ...over,
});

const inputs = (over: Partial<CheckedRobotInputs> = {}): CheckedRobotInputs => ({
  name: "ci",
  description: "CI",
  duration: 30,
  permissions: [
    { projects: ["team-a-web"], access: ["pull"] },
    { projects: ["team-a-api"], access: ["pull", "push", "pull"] },
  ],
  ...over,
});

describe("RobotAccount diff", () => {
  it("sees no change when only Harbor's order and duplicates differ", () => {
    assert.equal(diffRobotAccount(proc.ctx.settings, state(), inputs()).changes, false);
  });

  it("compares patterns through the projects they matched at the last refresh", () => {
    const withPattern = inputs({ permissions: [{ projects: ["team-a-*"], access: ["pull"] }] });
    const s = state({ grantedPermissions: [granted("team-a-web", "pull"), granted("team-a-api", "pull")] });
    assert.equal(diffRobotAccount(proc.ctx.settings, s, withPattern).changes, false);
    // A refresh found a new matching project: granting it is a change.
    const grown = { ...s, patternMatches: { "team-a-*": ["team-a-api", "team-a-new", "team-a-web"] } };
    assert.equal(diffRobotAccount(proc.ctx.settings, grown, withPattern).changes, true);
  });

  it("updates in place for description, disabled, duration, permissions, secret and rotation", () => {
    for (const over of [
      { description: "other" },
      { disabled: true },
      { duration: "never" as const },
      { permissions: [{ scope: "allProjects" as const, access: ["pull"] }] },
      { secret: "N3wSecretValue" },
      { rotationTrigger: "2026-Q4" },
    ]) {
      const d = diffRobotAccount(proc.ctx.settings, state(), inputs(over));
      assert.equal(d.changes, true, JSON.stringify(over));
      assert.deepEqual(d.replaces, [], JSON.stringify(over));
    }
  });

  it("leaves duration alone when the input omits it", () => {
    assert.equal(
      diffRobotAccount(
        proc.ctx.settings,
        state({ durationDays: 30, duration: undefined }),
        inputs({ duration: undefined }),
      ).changes,
      false,
    );
  });

  it("replaces on a new name (create first) and on a new level (delete first)", () => {
    const renamed = diffRobotAccount(proc.ctx.settings, state(), inputs({ name: "ci2" }));
    assert.deepEqual(renamed.replaces, ["name"]);
    assert.equal(renamed.deleteBeforeReplace, false);
    const relevel = diffRobotAccount(
      proc.ctx.settings,
      state(),
      inputs({ level: "project", permissions: [{ projects: ["team-a-api"], access: ["pull"] }] }),
    );
    assert.ok(relevel.replaces.includes("level"));
    assert.equal(relevel.deleteBeforeReplace, true);
  });

  it("follows a prefix change and treats unknown values as changes at preview", () => {
    assert.equal(
      diffRobotAccount(proc.ctx.settings, state(), inputs({ namePrefix: "robot$" })).changes,
      false,
    );
    assert.equal(diffRobotAccount(proc.ctx.settings, state(), inputs({ namePrefix: "bot-" })).changes, true);
    assert.equal(diffRobotAccount(proc.ctx.settings, state(), inputs({ namePrefix: UNKNOWN })).changes, true);
  });

  it("sees a shortened prefix (robot$ → robot) and compares project robots' full names", () => {
    assert.equal(diffRobotAccount(proc.ctx.settings, state(), inputs({ namePrefix: "robot" })).changes, true);
    const projectRobot = state({
      level: "project",
      fullName: "robot$team-a-api+ci",
      grantedPermissions: [granted("team-a-api", "pull")],
      permissions: [{ projects: ["team-a-api"], access: ["pull"] }],
    });
    const asProject = (namePrefix: string) =>
      inputs({ level: "project", namePrefix, permissions: [{ projects: ["team-a-api"], access: ["pull"] }] });
    assert.equal(diffRobotAccount(proc.ctx.settings, projectRobot, asProject("robot$")).changes, false);
    assert.equal(diffRobotAccount(proc.ctx.settings, projectRobot, asProject("robot")).changes, true);
    assert.equal(
      diffRobotAccount(proc.ctx.settings, projectRobot, asProject("robot$team-a-api")).changes,
      true,
    );
  });

  it("warns when a shorter duration would put the expiry in the past", () => {
    const now = Date.parse("2026-11-28T00:00:00Z") / 1000;
    const d = diffRobotAccount(proc.ctx.settings, state(), inputs({ duration: 10 }), now);
    assert.equal(d.warnings.length, 1);
    assert.match(d.warnings[0]!, /counts from its creation/);
    assert.deepEqual(
      diffRobotAccount(proc.ctx.settings, state(), inputs({ duration: 90 }), now).warnings,
      [],
    );
  });
});
