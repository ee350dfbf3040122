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

// What the provider stores for a robot (auto-named "ci-abc1234"), as check and create would make it.
const robotFacts = {
  name: "ci-abc1234",
  robotId: 9,
  fullName: "robot$ci-abc1234",
  secret: "S3cret-value",
  creationTime: "2026-11-29T08:00:00.000Z",
  expiresAt: -1,
  registryUrl: "https://harbor.example.com:8443/h",
};

describe("SDK resources expose every documented output", () => {
  const inputs: Record<string, Record<string, unknown>> = {};
  let robot: RobotAccount;
  let settings: RobotSettings;

  before(async () => {
    await pulumi.runtime.setMocks(
      {
        // The engine answers with the provider's outputs; here: a name as check would make it.
        newResource: (args) => {
          inputs[args.name] = args.inputs;
          return {
            id: `${args.name}-id`,
            state: { ...args.inputs, ...(args.type.endsWith(":RobotAccount") ? robotFacts : {}) },
          };
        },
        call: () => ({}),
      },
      "project",
      "stack",
      false,
    );
    // The smallest inputs: no name, description or disabled.
    robot = new RobotAccount("ci", { permissions: [{ scope: "allProjects", access: ["pull"] }] });
    settings = new RobotSettings("settings", {});
    new RobotAccount("named", { name: "ci", permissions: [{ scope: "allProjects", access: ["pull"] }] });
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

  it("derives credentialsJson and dockerConfigJson from the stored facts, as secrets", async () => {
    assert.equal(await pulumi.isSecret(robot.credentialsJson), true);
    assert.equal(await pulumi.isSecret(robot.dockerConfigJson), true);
    assert.deepEqual(JSON.parse(await valueOf(robot.credentialsJson)), {
      id: 9,
      name: "robot$ci-abc1234",
      secret: "S3cret-value",
      creation_time: "2026-11-29T08:00:00.000Z",
      expires_at: -1,
    });
    const auth = Buffer.from("robot$ci-abc1234:S3cret-value").toString("base64");
    assert.deepEqual(JSON.parse(await valueOf(robot.dockerConfigJson)), {
      auths: {
        "harbor.example.com:8443": { username: "robot$ci-abc1234", password: "S3cret-value", auth },
      },
    });
  });

  it("sends every robot's owner (its owner mark and auto-name), and no longer the auto-name's two parts", () => {
    // Under mocks without an organization the organization is empty.
    assert.equal(inputs.ci?.owner, "/project/stack/ci");
    assert.equal(inputs.named?.owner, "/project/stack/named");
    for (const r of [inputs.ci, inputs.named]) {
      assert.equal("autoNameBase" in r!, false);
      assert.equal("autoNameScope" in r!, false);
    }
  });

  it("an auto-named robot's name can be used", async () => {
    assert.equal(await valueOf(robot.name.apply((n) => `user ${n}`)), "user ci-abc1234");
  });
});
