import assert from "node:assert/strict";
import { autoName, checkRobotAccount, type CheckedRobotInputs } from "../../provider/robot-account/check";
import { UNKNOWN } from "../../provider/model/unknowns";
import { BAD_ROBOT_INPUTS } from "./bad-robot-inputs";
import { ProviderProcess } from "../helpers/provider-process";

const proc = new ProviderProcess();

const STACK_CONNECTION: Record<string, string> = {
  "harbor:url": "http://127.0.0.1:8080",
  "harbor:username": "admin",
  "harbor:password": "Harbor12345",
};

const ok = (extra: Record<string, unknown> = {}) =>
  ({
    name: "ci",
    permissions: [{ projects: ["team-a-api"], access: ["push", "pull"] }],
    ...extra,
  }) as CheckedRobotInputs;

describe("RobotAccount check", () => {
  describe(`rejects ${BAD_ROBOT_INPUTS.length} kinds of bad input, naming the field and the rule`, () => {
    for (const bad of BAD_ROBOT_INPUTS) {
      it(bad.why, () => {
        const inputs = { ...bad.inputs } as CheckedRobotInputs;
        if (bad.harborVersion) inputs.connection = { harborVersion: bad.harborVersion };
        // As in the e2e run: a stack-level Harbor with its credentials.
        if (bad.stackConnection) proc.configure({ get: (k) => STACK_CONNECTION[k] });
        const { failures } = (() => {
          try {
            return checkRobotAccount(proc.ctx, {}, inputs);
          } finally {
            proc.configure(undefined);
          }
        })();
        const hit = failures.find((f) => f.property === bad.property && bad.reason.test(f.reason));
        assert.ok(
          hit,
          `expected a failure on "${bad.property}" matching ${bad.reason}; got ${JSON.stringify(failures)}`,
        );
      });
    }
  });

  it("accepts a typical system robot with friendly names, pairs, patterns and all projects", () => {
    const { failures } = checkRobotAccount(
      proc.ctx,
      {},
      ok({
        description: "CI",
        duration: "never",
        secret: "S3cretPassw0rd",
        permissions: [
          { scope: "system", access: ["project:list"] },
          { scope: "allProjects", access: ["pull"] },
          {
            projects: ["team-a-*", "team-b-data"],
            access: [
              "push",
              "pull",
              "delete artifact",
              "create tag",
              { resource: "tag", action: "delete", effect: "deny" },
            ],
          },
        ],
      }),
    );
    assert.deepEqual(failures, []);
  });

  it("accepts helm chart permissions when targeting Harbor 2.7", () => {
    const { failures } = checkRobotAccount(
      proc.ctx,
      {},
      ok({
        connection: { harborVersion: "2.7" },
        permissions: [{ projects: ["p"], access: ["read helm chart"] }],
      }),
    );
    assert.deepEqual(failures, []);
  });

  it("never puts the secret itself in a failure message", () => {
    const { failures } = checkRobotAccount(proc.ctx, {}, ok({ secret: "lowercaseonly-secret-value" }));
    assert.equal(failures.length, 1);
    assert.ok(!JSON.stringify(failures).includes("lowercaseonly-secret-value"));
  });

  it("skips rules for values not known yet at preview", () => {
    const { failures } = checkRobotAccount(
      proc.ctx,
      {},
      ok({ secret: UNKNOWN, namePrefix: UNKNOWN, permissions: [{ projects: [UNKNOWN], access: ["pull"] }] }),
    );
    assert.deepEqual(failures, []);
  });

  it("words every failure in the project's sentences, never zod's generic text", () => {
    for (const bad of BAD_ROBOT_INPUTS) {
      for (const f of checkRobotAccount(proc.ctx, {}, { ...bad.inputs } as CheckedRobotInputs).failures) {
        assert.doesNotMatch(
          f.reason,
          /Too small|Too big|Invalid (option|input|union)|expected (array|string|number)|^Unrecognized/,
          `${bad.why}: ${f.reason}`,
        );
        assert.ok(
          f.reason.length < 400,
          `${bad.why}: the message echoes too much (${f.reason.length} characters)`,
        );
      }
    }
  });

  it("runs the rules that do not depend on values unknown at preview", () => {
    const failuresOf = (extra: Record<string, unknown>) =>
      checkRobotAccount(proc.ctx, {}, ok(extra)).failures;
    // duration from another resource: the permission rules still run.
    assert.ok(
      failuresOf({ duration: UNKNOWN, permissions: [{ projects: ["p"], access: ["push"] }] }).some(
        (f) => f.property === "permissions[0].access" && /add "pull"/.test(f.reason),
      ),
    );
    // level unknown: project names and pairs are still checked, the level-bound rules wait.
    const levelUnknown = failuresOf({
      level: UNKNOWN,
      permissions: [{ projects: ["Team A"], access: ["repository:fly"] }],
    });
    assert.deepEqual(levelUnknown.map((f) => f.property).sort(), [
      "permissions[0].access[0]",
      "permissions[0].projects[0]",
    ]);
    // A project robot with two entries is wrong whatever the unknown project turns out to be.
    assert.ok(
      failuresOf({
        level: "project",
        permissions: [
          { projects: [UNKNOWN], access: ["pull"] },
          { projects: ["b"], access: ["pull"] },
        ],
      }).some((f) => f.property === "permissions" && /exactly one entry/.test(f.reason)),
    );
    // A secret from another resource with a rotation trigger: the combination is known to be wrong.
    assert.ok(
      failuresOf({ secret: UNKNOWN, rotationTrigger: 1 }).some((f) => f.property === "rotationTrigger"),
    );
    // The Harbor release not known yet: the permission table waits, the rest still runs.
    const versionUnknown = failuresOf({
      connection: { harborVersion: UNKNOWN },
      permissions: [{ projects: ["Team A"], access: ["read helm chart"] }],
    });
    assert.deepEqual(
      versionUnknown.map((f) => f.property),
      ["permissions[0].projects[0]"],
    );
  });

  it("auto-names from the resource name: the same name at preview and at up, kept on later runs", () => {
    const declared = {
      autoNameBase: "ciBuilder",
      autoNameScope: "platform/prod",
      permissions: ok().permissions,
    } as CheckedRobotInputs;
    // preview and up each run check with no earlier inputs: they must agree.
    const atPreview = checkRobotAccount(proc.ctx, {}, { ...declared });
    const atUp = checkRobotAccount(proc.ctx, {}, { ...declared });
    assert.match(atPreview.inputs.name!, /^cibuilder-[a-z0-9]{7}$/);
    assert.equal(atUp.inputs.name, atPreview.inputs.name);
    assert.equal(atPreview.inputs.autoNamed, true);
    // Another stack of the same program gets another robot on a shared Harbor.
    const otherStack = checkRobotAccount(proc.ctx, {}, { ...declared, autoNameScope: "platform/staging" });
    assert.notEqual(otherStack.inputs.name, atPreview.inputs.name);
    // A name made by an earlier release (random) is kept.
    const later = checkRobotAccount(proc.ctx, { ...atUp.inputs, name: "cibuilder-old1234" }, { ...declared });
    assert.equal(later.inputs.name, "cibuilder-old1234");
    assert.match(autoName("My_Robot!!"), /^my_robot-[a-z0-9]{7}$/);
  });
});
