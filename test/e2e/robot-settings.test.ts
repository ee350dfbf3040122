// RobotSettings through the real engine: only managed keys are written, drift shows on refresh,
// destroy restores, and robots that follow the prefix keep working credentials.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { RobotAccount, RobotSettings, type RobotSettingsArgs } from "../../sdk";
import { ClientPool } from "../../provider/client/client-pool";
import { resolveConnection } from "../../provider/client/connection";
import { diagnostics, emulatorStack, exportedResources, failureOf, type EmulatorStack } from "./harness";

// Clients of the test itself, to look at Harbor beside the provider.
const harborClients = new ClientPool();

describe("e2e: RobotSettings with the real engine", function () {
  this.timeout(600_000);
  let s: EmulatorStack;
  const desired: { settings: RobotSettingsArgs; withRobot: boolean } = { settings: {}, withRobot: false };
  const config = async () =>
    harborClients.clientFor(resolveConnection(undefined, undefined, s.env)).getConfigurations();
  const out = async (k: string) => (await s.stack.outputs())[k]?.value;

  before(async () => {
    s = await emulatorStack("settings", async () => {
      const settings = new RobotSettings("settings", desired.settings);
      const result: Record<string, pulumi.Output<unknown>> = {
        prefix: settings.namePrefix,
        days: settings.defaultExpirationDays,
      };
      if (desired.withRobot) {
        const robot = new RobotAccount("ci", {
          name: "ci",
          namePrefix: settings.namePrefix,
          permissions: [{ scope: "allProjects", access: ["pull"] }],
        });
        Object.assign(result, {
          robotName: robot.fullName,
          robotSecret: robot.secret,
          robotDocker: robot.dockerConfigJson,
          robotDuration: robot.durationDays,
        });
      }
      return result;
    });
  });
  after(async () => s?.close());

  it("sets the default expiration without touching the prefix or unrelated settings", async () => {
    desired.settings = { defaultExpirationDays: 45 };
    await s.stack.up();
    const c = await config();
    assert.equal(c.robot_token_duration?.value, 45);
    assert.equal(c.robot_name_prefix?.value, "robot$");
    assert.equal(await out("prefix"), "robot$");
  });

  it("the same Harbor reached another way is an update, never a replacement that would revert it", async () => {
    for (const connection of [{ url: `${s.emu.url}/api/v2.0/` }, undefined]) {
      desired.settings = { defaultExpirationDays: 45, ...(connection ? { connection } : {}) };
      const preview = await s.stack.preview();
      assert.equal(preview.changeSummary.replace ?? 0, 0, JSON.stringify(preview.changeSummary));
      await s.stack.up();
      assert.equal((await config()).robot_token_duration?.value, 45);
    }
    const { resources } = await exportedResources(s.stack, "pulumi-nodejs:dynamic/harbor:RobotSettings");
    assert.deepEqual(resources[0]?.outputs.previous, { defaultExpirationDays: 30 });
  });

  it("new robots without a duration get the server's default expiration", async () => {
    desired.withRobot = true;
    await s.stack.up();
    assert.equal(await out("robotDuration"), 45);
  });

  it("reports out-of-band changes as drift on refresh, and up puts them back", async () => {
    s.emu.setConfig({ robot_token_duration: 7 });
    await s.stack.refresh();
    const { resources } = await exportedResources(s.stack, "pulumi-nodejs:dynamic/harbor:RobotSettings");
    assert.equal(
      resources[0]?.outputs.defaultExpirationDays,
      7,
      "refresh should record the drift in the state",
    );
    const preview = await s.stack.preview({ diff: true });
    assert.ok((preview.changeSummary.update ?? 0) >= 1);
    // The refresh handed the engine the inputs as Harbor holds them: the diff names the drift.
    assert.match(preview.stdout, /defaultExpirationDays\s*:\s*7 => 45/, preview.stdout);
    await s.stack.up();
    assert.equal((await config()).robot_token_duration?.value, 45);
  });

  it("a prefix change renames robots, and a robot following the prefix keeps working credentials", async () => {
    desired.settings = { defaultExpirationDays: 45, namePrefix: "bot-" };
    // A real engine warning (severity "warning"), at preview and again when it happens.
    const atPreview = diagnostics();
    await s.stack.preview({ onEvent: atPreview.onEvent });
    assert.ok(
      atPreview.warnings().some((m) => /renames EVERY robot account/.test(m)),
      `no engine warning: ${JSON.stringify(atPreview.all().filter((d) => d.severity !== "debug"))}`,
    );
    const atUp = diagnostics();
    await s.stack.up({ onEvent: atUp.onEvent });
    assert.ok(atUp.warnings().some((m) => /from "robot\$" to "bot-"/.test(m)));
    assert.equal(await out("robotName"), "bot-ci");
    const docker = JSON.parse(String(await out("robotDocker")));
    const auth = Object.values(docker.auths)[0] as { username: string; password: string };
    assert.equal(auth.username, "bot-ci");
    assert.ok(s.emu.checkLogin("bot-ci", String(await out("robotSecret"))));
    assert.ok(!s.emu.checkLogin("robot$ci", String(await out("robotSecret"))));
    await s.stack.preview({ expectNoChanges: true });
  });

  it("a prefix removed from the inputs is restored at that update, and the robot follows", async () => {
    desired.settings = { defaultExpirationDays: 45 };
    const atUp = diagnostics();
    await s.stack.up({ onEvent: atUp.onEvent });
    assert.equal((await config()).robot_name_prefix?.value, "robot$");
    assert.ok(atUp.warnings().some((m) => /from "bot-" to "robot\$"/.test(m)));
    assert.equal(await out("robotName"), "robot$ci");
    assert.ok(s.emu.checkLogin("robot$ci", String(await out("robotSecret"))));
    await s.stack.preview({ expectNoChanges: true });
  });

  it("a shortened prefix (robot$ → robot) reaches the robot's login and credentials", async () => {
    desired.settings = { defaultExpirationDays: 45, namePrefix: "robot" };
    await s.stack.up();
    assert.equal(await out("robotName"), "robotci");
    const docker = JSON.parse(String(await out("robotDocker")));
    assert.equal((Object.values(docker.auths)[0] as { username: string }).username, "robotci");
    assert.ok(s.emu.checkLogin("robotci", String(await out("robotSecret"))));
    desired.settings = { defaultExpirationDays: 45 };
    await s.stack.up();
    assert.equal(await out("robotName"), "robot$ci");
  });

  it("fails clearly when Harbor's configuration is read-only", async () => {
    s.emu.setConfigReadOnly(true);
    desired.settings = { defaultExpirationDays: 60, namePrefix: "bot-" };
    const message = await failureOf(s.stack.up());
    assert.match(message, /read-only.*CONFIG_OVERWRITE_JSON/);
    s.emu.setConfigReadOnly(false);
    desired.settings = { defaultExpirationDays: 45 };
  });

  it("destroy restores the values found before", async () => {
    await s.stack.destroy();
    const c = await config();
    assert.equal(c.robot_name_prefix?.value, "robot$");
    assert.equal(c.robot_token_duration?.value, 30);
  });
});
