// Every documented output (model/outputs.ts, the source of schema.json) exists on the SDK's
// resources, including those whose input is left out: `ci.name.apply(…)` on an auto-named robot
// must not throw. Mocks stand in for the engine: they show which properties the program registers.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { robotAccountOutputs, robotSettingsOutputs } from "../../provider/model/outputs";
import { RobotAccount, RobotSettings } from "../../sdk";

function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply(resolve));
}

describe("SDK resources expose every documented output", () => {
  let robot: RobotAccount;
  let settings: RobotSettings;

  before(async () => {
    await pulumi.runtime.setMocks(
      {
        // The engine answers with the provider's outputs; here: a name as check would make it.
        newResource: (args) => ({
          id: `${args.name}-id`,
          state: { ...args.inputs, ...(args.type.endsWith(":RobotAccount") ? { name: "ci-abc1234" } : {}) },
        }),
        call: () => ({}),
      },
      "project",
      "stack",
      false,
    );
    // The smallest inputs: no name, description or disabled.
    robot = new RobotAccount("ci", { permissions: [{ scope: "allProjects", access: ["pull"] }] });
    settings = new RobotSettings("settings", {});
  });

  for (const [what, outputs, resource] of [
    ["RobotAccount", robotAccountOutputs, () => robot],
    ["RobotSettings", robotSettingsOutputs, () => settings],
  ] as const) {
    it(`${what}: ${Object.keys(outputs.shape).length} outputs`, () => {
      const r = resource() as unknown as Record<string, unknown>;
      const missing = Object.keys(outputs.shape).filter((k) => !pulumi.Output.isInstance(r[k]));
      assert.deepEqual(missing, [], `outputs missing on ${what}`);
    });
  }

  it("an auto-named robot's name can be used", async () => {
    assert.equal(await valueOf(robot.name.apply((n) => `user ${n}`)), "user ci-abc1234");
  });
});
