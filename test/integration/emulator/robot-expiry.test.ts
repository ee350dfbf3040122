// Behaviour 4: expires_at (Unix seconds, -1 = never) is counted from the creation time, on create
// and on update; expired robots still exist but cannot log in.

import assert from "node:assert/strict";
import { systemRobotBody, useEmulator } from "../helpers/emulator-fixture";

const DAY = 86_400;
const T0 = Date.UTC(2026, 10, 28, 7, 0, 0);

describe("emulator: robot expiry", () => {
  const fx = useEmulator();
  beforeEach(() => fx.emulator.setClock(T0));

  async function createAndLater(duration: number, laterDays: number) {
    const created = await fx.admin.post("/robots", systemRobotBody({ duration }));
    fx.emulator.advanceClock(laterDays * DAY * 1000);
    return created;
  }

  it("computes expires_at from the creation time on create", async () => {
    const res = await fx.admin.post("/robots", systemRobotBody({ duration: 30 }));
    assert.equal(res.body.expires_at, T0 / 1000 + 30 * DAY);
    assert.equal(res.body.creation_time, "2026-11-28T07:00:00.000Z");
  });

  it("recomputes from the creation time, not from now, when the duration changes", async () => {
    const created = await createAndLater(30, 10);
    const robot = (await fx.admin.get(`/robots/${created.body.id}`)).body;
    assert.equal((await fx.admin.put(`/robots/${robot.id}`, { ...robot, duration: 60 })).status, 200);
    const after = (await fx.admin.get(`/robots/${robot.id}`)).body;
    assert.equal(after.expires_at, T0 / 1000 + 60 * DAY);
    assert.equal(after.creation_time, "2026-11-28T07:00:00.000Z");
    assert.notEqual(after.update_time, after.creation_time);
  });

  it("sets -1 when the duration becomes -1, and back to a date when it becomes positive", async () => {
    const created = await createAndLater(30, 1);
    const robot = (await fx.admin.get(`/robots/${created.body.id}`)).body;
    await fx.admin.put(`/robots/${robot.id}`, { ...robot, duration: -1 });
    assert.equal((await fx.admin.get(`/robots/${robot.id}`)).body.expires_at, -1);
    await fx.admin.put(`/robots/${robot.id}`, { ...robot, duration: 5 });
    assert.equal((await fx.admin.get(`/robots/${robot.id}`)).body.expires_at, T0 / 1000 + 5 * DAY);
  });

  it("can make a robot expired at once by shortening the duration", async () => {
    const created = await createAndLater(30, 10);
    const robot = (await fx.admin.get(`/robots/${created.body.id}`)).body;
    assert.ok(fx.emulator.checkLogin(robot.name, created.body.secret));
    await fx.admin.put(`/robots/${robot.id}`, { ...robot, duration: 5 });
    assert.equal(fx.emulator.checkLogin(robot.name, created.body.secret), false);
    assert.equal((await fx.admin.get(`/robots/${robot.id}`)).status, 200, "an expired robot still exists");
  });

  it("lets a robot log in until expires_at and not at or after it", async () => {
    const created = await fx.admin.post("/robots", systemRobotBody({ duration: 1 }));
    fx.emulator.advanceClock(DAY * 1000 - 1000);
    assert.ok(fx.emulator.checkLogin(created.body.name, created.body.secret));
    fx.emulator.advanceClock(1000);
    assert.equal(fx.emulator.checkLogin(created.body.name, created.body.secret), false);
  });
});
