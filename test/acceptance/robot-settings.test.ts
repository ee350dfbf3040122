// RobotSettings on a real Harbor: the robot name prefix and the default expiration changed, robots
// created with them and following a prefix change in the same `up`, and `destroy` putting back what
// Harbor had. A prefix change renames every robot on that Harbor: one more reason the layer needs a
// disposable one.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { RobotAccount, RobotSettings, type RobotSettingsArgs } from "../../sdk";
import type { LocalStack } from "../../scripts/engine";
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
      // prefix of the RobotSettings of the same program (README, "RobotSettings and robots").
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
