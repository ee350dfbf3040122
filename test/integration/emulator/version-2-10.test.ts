// The 2.10 profile where it differs from 2.15: version string, PUT without duration resets to the
// configured default (and recomputes expires_at), no creator fields, smaller permission table.

import assert from "node:assert/strict";
import { systemRobotBody, useEmulator } from "../helpers/emulator-fixture";

const DAY = 86_400;
const T0 = Date.UTC(2026, 5, 1);

describe("emulator: 2.10 profile", () => {
  const fx = useEmulator({ version: "2.10" });
  beforeEach(() => fx.emulator.setClock(T0));

  it("reports itself as 2.10", async () => {
    assert.equal(fx.emulator.version, "2.10");
    assert.match((await fx.admin.get("/systeminfo")).body.harbor_version, /^v2\.10\.3-/);
  });

  for (const how of ["omitted", "null", "0"]) {
    it(`resets the duration to robot_token_duration when PUT sends it ${how}`, async () => {
      const created = (await fx.admin.post("/robots", systemRobotBody({ duration: 90 }))).body;
      const robot = (await fx.admin.get(`/robots/${created.id}`)).body;
      fx.emulator.setConfig({ robot_token_duration: 15 });
      fx.emulator.advanceClock(3 * DAY * 1000);
      const { duration: _omit, ...rest } = robot;
      const body = how === "omitted" ? rest : { ...rest, duration: how === "null" ? null : 0 };
      assert.equal((await fx.admin.put(`/robots/${robot.id}`, body)).status, 200);
      const after = (await fx.admin.get(`/robots/${robot.id}`)).body;
      assert.equal(after.duration, 15);
      assert.equal(after.expires_at, T0 / 1000 + 15 * DAY, "recomputed from the creation time");
    });
  }

  it("has no creator fields", async () => {
    const created = (await fx.admin.post("/robots", systemRobotBody())).body;
    const robot = (await fx.admin.get(`/robots/${created.id}`)).body;
    assert.equal(robot.creator_type, undefined);
    assert.equal(robot.creator_ref, undefined);
  });
});

describe("emulator: 2.15 profile keeps the duration on PUT", () => {
  const fx = useEmulator({ version: "2.15" });

  it("keeps duration and expires_at when PUT omits the duration", async () => {
    fx.emulator.setClock(T0);
    const created = (await fx.admin.post("/robots", systemRobotBody({ duration: 90 }))).body;
    const robot = (await fx.admin.get(`/robots/${created.id}`)).body;
    fx.emulator.setConfig({ robot_token_duration: 15 });
    const { duration: _omit, ...rest } = robot;
    await fx.admin.put(`/robots/${robot.id}`, rest);
    const after = (await fx.admin.get(`/robots/${robot.id}`)).body;
    assert.equal(after.duration, 90);
    assert.equal(after.expires_at, T0 / 1000 + 90 * DAY);
    assert.equal(after.creator_type, "local");
    assert.equal(after.creator_ref, 1);
  });
});
