// RobotSettings and the robots that take something from them, with the real engine: robots declared
// without `duration` get the default expiration the program declares, and robots without `namePrefix`
// carry the prefix the program declares, whatever order the engine runs the steps in. Harbor's
// settings write is slowed down (emulator latency on PUT /configurations), so a robot step that ran
// beside it would certainly read the old values. RobotSettings of another registry are not waited for.
// The same through the native provider's TypeScript classes, with an explicit Provider for the other.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, type HarborEmulator } from "../../emulator";
import { resolveConnection } from "../../provider/client/connection";
import { ClientPool } from "../../provider/client/client-pool";
import { createLocalStack, pathWithPlugin, type LocalStack } from "../../scripts/engine";
import { RobotAccount, RobotSettings, type RobotSettingsArgs } from "../../sdk";
import * as native from "../../sdk/native";
import { emulatorStack, exportedResources, type EmulatorStack } from "./harness";

// Clients of the test itself, to look at Harbor beside the provider.
const harborClients = new ClientPool();

const pull = [{ scope: "allProjects" as const, access: ["pull"] }];
const SETTINGS_TYPE = "pulumi-nodejs:dynamic/harbor:RobotSettings";
const ROBOT_TYPE = "pulumi-nodejs:dynamic/harbor:RobotAccount";

describe("e2e: robots wait for the RobotSettings of their registry", function () {
  this.timeout(600_000);
  let s: EmulatorStack;
  let far: HarborEmulator;
  const desired: {
    robots: string[];
    settings: RobotSettingsArgs;
    elsewhere: boolean;
    settingsAfterFirstRobot?: boolean;
  } = { robots: [], settings: {}, elsewhere: false };
  const outputs = async () =>
    Object.fromEntries(Object.entries(await s.stack.outputs()).map(([k, v]) => [k, v.value]));
  const slowSettingsWrite = () =>
    s.emu.injectFault({ method: "PUT", route: "/configurations", kind: "latency", latencyMs: 1500 });

  before(async () => {
    far = await startEmulator();
    s = await emulatorStack("settings-order", async () => {
      const out: Record<string, pulumi.Output<unknown>> = {};
      const robots: RobotAccount[] = [];
      // Declared before the settings: the order of declaration must not matter either.
      for (const name of desired.robots) {
        const r = new RobotAccount(name, { name, permissions: pull });
        robots.push(r);
        Object.assign(out, {
          [`${name}Name`]: r.fullName,
          [`${name}Secret`]: r.secret,
          [`${name}Days`]: r.durationDays,
        });
      }
      new RobotSettings(
        "settings",
        desired.settings,
        desired.settingsAfterFirstRobot ? { dependsOn: [robots[0]!] } : undefined,
      );
      if (desired.elsewhere) {
        new RobotSettings("elsewhere", {
          namePrefix: "far-",
          defaultExpirationDays: 7,
          connection: { url: far.url, username: far.admin.username, password: far.admin.password },
        });
      }
      return out;
    });
    // The program itself must know the stack's registry to tell it from another one.
    await s.stack.setConfig("harbor:url", { value: s.emu.url });
  });
  after(async () => {
    await s?.close();
    await far?.close();
  });

  it("robots left to the server default get the default the program declares", async () => {
    desired.robots = ["a", "b", "c"];
    desired.settings = { defaultExpirationDays: 90 };
    slowSettingsWrite();
    await s.stack.up();
    const out = await outputs();
    for (const name of desired.robots) {
      assert.equal(out[`${name}Days`], 90, `robot ${name}'s duration`);
      assert.equal(s.emu.listRobots().find((r) => r.fullName === `robot$${name}`)?.duration, 90);
    }
  });

  it("a prefix change reaches new and existing robots in the same up, with logins that work", async () => {
    desired.robots = ["a", "b", "c", "d"]; // d is new
    desired.settings = { defaultExpirationDays: 90, namePrefix: "bot-" };
    slowSettingsWrite();
    await s.stack.up();
    const out = await outputs();
    for (const name of desired.robots) {
      assert.equal(out[`${name}Name`], `bot-${name}`, `robot ${name}'s fullName output`);
      assert.ok(s.emu.checkLogin(`bot-${name}`, String(out[`${name}Secret`])), `robot ${name} logs in`);
    }
    assert.equal(out.dDays, 90);
    await s.stack.preview({ expectNoChanges: true });
  });

  it("RobotSettings of another registry are not waited for, and lend no prefix", async () => {
    desired.elsewhere = true;
    await s.stack.up();
    assert.equal(far.listRobots().length, 0);
    const { resources: settings } = await exportedResources(s.stack, SETTINGS_TYPE);
    const urn = (name: string) => settings.find((r) => r.urn.endsWith(`::${name}`))!.urn;
    const { resources: robots } = await exportedResources(s.stack, ROBOT_TYPE);
    for (const r of robots as Array<{ urn: string; dependencies?: string[] }>) {
      assert.ok(r.dependencies?.includes(urn("settings")), `${r.urn} waits for its registry's settings`);
      assert.ok(!r.dependencies?.includes(urn("elsewhere")), `${r.urn} does not wait for another registry's`);
    }
    const out = await outputs();
    assert.equal(out.aName, "bot-a");
  });

  it("a RobotSettings told to wait for a robot is not waited for by that robot (no cycle)", async () => {
    desired.elsewhere = false;
    desired.settingsAfterFirstRobot = true;
    await s.stack.up(); // a cycle would never finish
    const { resources: settings } = await exportedResources(s.stack, SETTINGS_TYPE);
    const { resources: robots } = await exportedResources(s.stack, ROBOT_TYPE);
    const deps = (name: string) =>
      (robots as Array<{ urn: string; dependencies?: string[] }>).find((r) => r.urn.endsWith(`::${name}`))
        ?.dependencies ?? [];
    assert.ok(!deps("a").includes(settings[0]!.urn));
    assert.ok(deps("b").includes(settings[0]!.urn));
  });

  it("destroy removes the robots first, then restores the settings", async () => {
    await s.stack.destroy();
    assert.equal(s.emu.listRobots().length, 0);
    const config = await harborClients
      .clientFor(resolveConnection(undefined, undefined, s.env))
      .getConfigurations();
    assert.equal(config.robot_name_prefix?.value, "robot$");
    assert.equal(config.robot_token_duration?.value, 30);
  });
});

describe("e2e: the same order on the native provider (pulumi-harbor-robots/native)", function () {
  this.timeout(600_000);
  let a: HarborEmulator;
  let b: HarborEmulator;
  let local: LocalStack;

  before(async () => {
    [a, b] = await Promise.all([startEmulator(), startEmulator()]);
    local = await createLocalStack({
      projectName: "native-order",
      envVars: {
        ...a.harborEnv(),
        PATH: await pathWithPlugin(),
      },
      program: async () => {
        const far = new native.Provider("far", {
          url: b.url,
          username: b.admin.username,
          password: b.admin.password,
        });
        const near = new native.RobotAccount("near", { name: "near", permissions: pull });
        const away = new native.RobotAccount("away", { name: "away", permissions: pull }, { provider: far });
        new native.RobotSettings("settings", { defaultExpirationDays: 90, namePrefix: "bot-" });
        return {
          nearName: near.fullName,
          nearSecret: near.secret,
          nearDays: near.durationDays,
          awayName: away.fullName,
        };
      },
    });
    await local.stack.setConfig("harbor-robots:url", { value: a.url });
  });
  after(async () => {
    local?.cleanup();
    await a?.close();
    await b?.close();
  });

  it("a robot of the settings' registry waits and takes the prefix; one on another provider does not", async () => {
    a.injectFault({ method: "PUT", route: "/configurations", kind: "latency", latencyMs: 1500 });
    const { outputs: out } = await local.stack.up();
    assert.equal(out.nearDays!.value, 90);
    assert.equal(out.nearName!.value, "bot-near");
    assert.ok(a.checkLogin("bot-near", String(out.nearSecret!.value)));
    assert.equal(out.awayName!.value, "robot$away", "another registry's prefix is not lent");
    assert.equal(b.listRobots()[0]?.duration, 30);
    await local.stack.preview({ expectNoChanges: true });
    await local.stack.destroy();
  });
});
