// A TypeScript program on the native provider (pulumi-harbor-robots/native), through the Automation
// API: two registries (HARBOR_* for the default provider, an explicit Provider for the second), an
// auto-named robot, settings, secrets as secrets, no code in the state.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, type HarborEmulator } from "../../emulator";
import {
  createLocalStack,
  exportStackEncrypted,
  pathWithPlugin,
  type LocalStack,
} from "../../scripts/engine";
import { autoName } from "../../provider/robot-account/check";
import { Provider, RobotAccount, RobotSettings } from "../../sdk/native";
import { assertCiphertext } from "./harness";

describe("native provider from a TypeScript program (Automation API)", function () {
  let a: HarborEmulator;
  let b: HarborEmulator;
  let local: LocalStack;

  before(async () => {
    a = await startEmulator();
    b = await startEmulator();
    a.seedProject("team-a");
    local = await createLocalStack({
      projectName: "native-ts",
      envVars: {
        ...a.harborEnv(),
        PATH: await pathWithPlugin(),
      },
      program: async () => {
        const registryB = new Provider("registry-b", {
          url: b.url,
          username: b.admin.username,
          password: b.admin.password,
        });
        const ci = new RobotAccount("ci", { permissions: [{ projects: ["team-a"], access: ["pull"] }] });
        const deployer = new RobotAccount(
          "deployer",
          { name: "deployer", duration: "never", permissions: [{ scope: "allProjects", access: ["pull"] }] },
          { provider: registryB },
        );
        const settings = new RobotSettings("settings", { defaultExpirationDays: 40 });
        return {
          ciName: ci.fullName,
          ciSecret: ci.secret,
          deployerSecret: deployer.secret,
          prefix: settings.namePrefix,
          granted: pulumi.output(ci.grantedPermissions),
        };
      },
    });
  });

  after(async () => {
    local?.cleanup();
    await a?.close();
    await b?.close();
  });

  it("up creates the robots on their registries; secrets are secret outputs and ciphertext in the state", async () => {
    const up = await local.stack.up();
    assert.equal(up.summary.result, "succeeded");
    const out = up.outputs;
    assert.equal(
      out.ciName!.value,
      `robot$${autoName("ci", "organization/native-ts/test")}`,
      "auto-named as the dynamic SDK names it, the organization included (issue 17 case 11)",
    );
    assert.equal(out.ciSecret!.secret, true);
    assert.equal(out.deployerSecret!.secret, true);
    assert.ok(a.checkLogin(out.ciName!.value, out.ciSecret!.value));
    assert.ok(b.checkLogin("robot$deployer", out.deployerSecret!.value));
    assert.equal(a.listRobots().length, 1);
    assert.equal(b.listRobots().length, 1);
    assert.equal(out.prefix!.value, "robot$");

    const state = await exportStackEncrypted(local.stack);
    const robots = state.deployment.resources.filter(
      (r: { type: string }) => r.type === "harbor-robots:index:RobotAccount",
    );
    assert.equal(robots.length, 2);
    for (const r of robots) {
      assertCiphertext(r.outputs.secret, "secret");
      assert.equal(r.inputs.__provider, undefined, "no serialized provider code in the state");
    }
  });

  it("preview shows no change, and destroy removes both robots", async () => {
    const preview = await local.stack.preview();
    assert.deepEqual(
      Object.keys(preview.changeSummary).filter((k) => k !== "same"),
      [],
      JSON.stringify(preview.changeSummary),
    );
    await local.stack.destroy();
    assert.deepEqual(a.listRobots(), []);
    assert.deepEqual(b.listRobots(), []);
  });
});
