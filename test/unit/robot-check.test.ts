import assert from "node:assert/strict";
import { autoName, checkRobotAccount, type CheckedRobotInputs } from "../../provider/robot-account/check";
import { UNKNOWN } from "../../provider/model/unknowns";
import { BAD_ROBOT_INPUTS } from "./bad-robot-inputs";

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
        const { failures } = checkRobotAccount({}, inputs);
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
      {},
      ok({
        connection: { harborVersion: "2.7" },
        permissions: [{ projects: ["p"], access: ["read helm chart"] }],
      }),
    );
    assert.deepEqual(failures, []);
  });

  it("never puts the secret itself in a failure message", () => {
    const { failures } = checkRobotAccount({}, ok({ secret: "lowercaseonly-secret-value" }));
    assert.equal(failures.length, 1);
    assert.ok(!JSON.stringify(failures).includes("lowercaseonly-secret-value"));
  });

  it("skips rules for values not known yet at preview", () => {
    const { failures } = checkRobotAccount(
      {},
      ok({ secret: UNKNOWN, namePrefix: UNKNOWN, permissions: [{ projects: [UNKNOWN], access: ["pull"] }] }),
    );
    assert.deepEqual(failures, []);
  });

  it("auto-names from the resource name once and keeps the name on later runs", () => {
    const first = checkRobotAccount({}, {
      autoNameBase: "ciBuilder",
      permissions: ok().permissions,
    } as CheckedRobotInputs);
    assert.match(first.inputs.name!, /^cibuilder-[a-z0-9]{7}$/);
    assert.equal(first.inputs.autoNamed, true);
    const again = checkRobotAccount(first.inputs, {
      autoNameBase: "ciBuilder",
      permissions: ok().permissions,
    } as CheckedRobotInputs);
    assert.equal(again.inputs.name, first.inputs.name);
    assert.match(autoName("My_Robot!!"), /^my_robot-[a-z0-9]{7}$/);
  });
});
