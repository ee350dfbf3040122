// RobotSettings on a real Harbor: the robot name prefix and the default expiration changed, robots
// created with them and following a prefix change in the same `up`, and `destroy` putting back what
// Harbor had; then (issue 17, cases 4 and 5) a value an administrator changed after the stack wrote
// it, and a declared value already in force, which destroy leaves as they are. A prefix change
// renames every robot on that Harbor: one more reason the layer needs a disposable one.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { RobotAccount, RobotSettings, type RobotSettingsArgs } from "../../sdk";
import type { LocalStack } from "../../scripts/engine";
import { diagnostics } from "../e2e/harness";
import { run } from "./run";
import { acceptanceStack, outputsOf } from "./stack";

describe("acceptance: RobotSettings on a real Harbor", function () {
  this.timeout(600_000);
  const project = run.name("apps");
  const tag = randomBytes(2).toString("hex");
  const [firstPrefix, secondPrefix] = [`bot-${tag}-a$`, `bot-${tag}-b$`];
  const settings: RobotSettingsArgs = { namePrefix: firstPrefix, defaultExpirationDays: 45 };
  let s: LocalStack;
  let out: Record<string, unknown> = {};

  const keys = ["system", "project"] as const;
  const shortName = { system: run.name("sys"), project: `${project}+${run.name("proj")}` };
  const login = (key: (typeof keys)[number], prefix: string) =>
    run.harbor.loginStatus(`${prefix}${shortName[key]}`, String(out[`${key}Secret`]));

  before(async () => {
    await run.harbor.createProject(project);
    s = await acceptanceStack("acc-settings", async () => {
      const robotSettings = new RobotSettings("settings", settings);
      // Neither declares a duration nor a namePrefix: they take the default expiration and follow the
      // prefix of the RobotSettings of the same program (docs/robot-settings.md, "RobotSettings and robots").
      const system = new RobotAccount("system", {
        name: run.name("sys"),
        permissions: [{ projects: [project], access: ["pull"] }],
      });
      const projectRobot = new RobotAccount("project", {
        name: run.name("proj"),
        level: "project",
        permissions: [{ projects: [project], access: ["pull"] }],
      });
      return {
        namePrefix: robotSettings.namePrefix,
        defaultExpirationDays: robotSettings.defaultExpirationDays,
        previous: robotSettings.previous,
        ...Object.fromEntries(
          (
            [
              ["system", system],
              ["project", projectRobot],
            ] as const
          ).flatMap(([k, r]) => [
            [`${k}Id`, r.robotId],
            [`${k}FullName`, r.fullName],
            [`${k}Secret`, r.secret],
            [`${k}DurationDays`, r.durationDays],
          ]),
        ),
      };
    });
  });

  it("changes the prefix and the default expiration; robots are created with both", async () => {
    await s.stack.up();
    out = await outputsOf(s);
    assert.deepEqual(await run.harbor.settings(), {
      robot_name_prefix: firstPrefix,
      robot_token_duration: 45,
    });
    assert.equal(out.namePrefix, firstPrefix);
    assert.deepEqual(out.previous, {
      namePrefix: run.settingsBefore.robot_name_prefix,
      defaultExpirationDays: run.settingsBefore.robot_token_duration,
    });
    for (const k of keys) {
      const robot = await run.harbor.robot(Number(out[`${k}Id`]));
      assert.equal(out[`${k}FullName`], `${firstPrefix}${shortName[k]}`);
      assert.equal(robot?.name, out[`${k}FullName`], `${k}: Harbor's name`);
      assert.equal(robot?.duration, 45, `${k}: the new default expiration`);
      assert.equal(out[`${k}DurationDays`], 45);
      assert.equal(await login(k, firstPrefix), 412, `${k} logs in under the new prefix`);
    }
  });

  it("a prefix change renames the robots, and their outputs follow in the same up", async () => {
    settings.namePrefix = secondPrefix;
    const up = await s.stack.up();
    out = await outputsOf(s);
    assert.equal((await run.harbor.settings()).robot_name_prefix, secondPrefix);
    assert.equal(up.summary.resourceChanges?.update, 3, "the settings and both robots");
    for (const k of keys) {
      assert.equal(out[`${k}FullName`], `${secondPrefix}${shortName[k]}`);
      assert.equal((await run.harbor.robot(Number(out[`${k}Id`])))?.name, out[`${k}FullName`]);
      assert.equal(await login(k, secondPrefix), 412, `${k} logs in under the new name`);
      assert.equal(await login(k, firstPrefix), 401, `${k}: the old name no longer logs in`);
    }
    await s.stack.preview({ expectNoChanges: true });
  });

  it("destroy deletes the robots and puts back the settings Harbor had", async () => {
    await s.stack.destroy();
    assert.deepEqual(await run.harbor.settings(), run.settingsBefore);
    for (const k of keys) assert.equal(await run.harbor.robot(Number(out[`${k}Id`])), undefined);
  });
});

describe("acceptance: RobotSettings put back only a value that is still theirs (issue 17)", function () {
  this.timeout(600_000);
  let declared: RobotSettingsArgs = {};
  let s: LocalStack;
  let original: number; // Harbor's default expiration before this run
  let ours: number; // what the stack writes
  let admins: number; // what an administrator writes afterwards
  const days = async () => (await run.harbor.settings()).robot_token_duration;

  before(async () => {
    original = run.settingsBefore.robot_token_duration;
    [ours, admins] = [41, 42, 43].filter((d) => d !== original) as [number, number];
    s = await acceptanceStack("acc-settings-owners", async () => {
      const settings = new RobotSettings("settings", declared);
      return { previous: settings.previous, notRestored: settings.notRestored };
    });
  });

  it("destroy leaves a default expiration an administrator changed after the stack wrote it, and says so", async () => {
    declared = { defaultExpirationDays: ours };
    await s.stack.up();
    assert.equal(await days(), ours);
    assert.deepEqual((await outputsOf(s)).previous, { defaultExpirationDays: original });
    await run.harbor.putSettings({ robot_token_duration: admins }); // as an administrator would
    const seen = diagnostics();
    await s.stack.destroy({ onEvent: seen.onEvent });
    assert.equal(await days(), admins, "the administrator's value is kept");
    // The registry as RobotSettings name it: host[:port] (http and https reach the same settings).
    const expected =
      `defaultExpirationDays on ${new URL(run.target.url).host} was not put back to ${original}: ${admins} is in force, ` +
      `not ${ours} that this resource wrote`;
    assert.ok(
      seen.warnings().some((w) => w.includes(expected)),
      `no warning saying ${expected}: ${JSON.stringify(seen.warnings())}`,
    );
  });

  it("a stack declaring the value already in force records nothing to put back, and its destroy leaves it", async () => {
    // The administrator's value is in force: it could as well be this stack's own, written by a run
    // interrupted before the engine saved its state, so it must never be "restored" over later.
    declared = { defaultExpirationDays: admins };
    await s.stack.up();
    assert.deepEqual((await outputsOf(s)).previous, {}, "nothing to put back");
    const seen = diagnostics();
    await s.stack.destroy({ onEvent: seen.onEvent });
    assert.equal(await days(), admins, "destroy wrote nothing");
    assert.deepEqual(seen.warnings(), []);
    // Leave Harbor as this file found it (the run's sweep would too, but this test changed it).
    await run.harbor.putSettings({ robot_token_duration: original });
    assert.deepEqual(await run.harbor.settings(), run.settingsBefore);
  });
});
