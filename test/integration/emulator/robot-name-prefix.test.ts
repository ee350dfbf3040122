// Behaviour 8: names are stored without the prefix and the prefix is applied when read, so changing
// robot_name_prefix renames every robot and changes its login name; legacy robots keep their stored
// name and cannot be edited (403 DENIED).

import assert from "node:assert/strict";
import { harborError, projectRobotBody, systemRobotBody, useEmulator } from "../helpers/emulator-fixture";

describe("emulator: robot name prefix", () => {
  const fx = useEmulator();

  it("renames every robot when the prefix changes, and their login names with them", async () => {
    fx.emulator.seedProject("dev");
    const sys = (await fx.admin.post("/robots", systemRobotBody())).body;
    const proj = (await fx.admin.post("/robots", projectRobotBody("dev"))).body;
    assert.equal(sys.name, "robot$ci");
    assert.equal(proj.name, "robot$dev+ci");

    assert.equal((await fx.admin.put("/configurations", { robot_name_prefix: "bot-" })).status, 200);

    assert.equal((await fx.admin.get(`/robots/${sys.id}`)).body.name, "bot-ci");
    assert.equal((await fx.admin.get(`/robots/${proj.id}`)).body.name, "bot-dev+ci");
    assert.equal(fx.emulator.getRobot(sys.id)?.name, "ci", "stored without prefix");
    assert.equal(fx.emulator.checkLogin("robot$ci", sys.secret), false);
    assert.equal(fx.emulator.checkLogin("bot-ci", sys.secret), true);
    assert.equal(fx.emulator.checkLogin("bot-dev+ci", proj.secret), true);
  });

  it("makes a PUT with the old full name fail until the client re-reads", async () => {
    const created = (await fx.admin.post("/robots", systemRobotBody())).body;
    const stale = (await fx.admin.get(`/robots/${created.id}`)).body;
    fx.emulator.setConfig({ robot_name_prefix: "svc." });
    const res = await fx.admin.put(`/robots/${created.id}`, stale);
    assert.deepEqual(res.body, harborError("BAD_REQUEST", "cannot update the level or name of robot"));
    const fresh = (await fx.admin.get(`/robots/${created.id}`)).body;
    assert.equal((await fx.admin.put(`/robots/${created.id}`, fresh)).status, 200);
  });

  it("keeps the stored name of legacy robots and refuses to edit them", async () => {
    const { id } = fx.emulator.seedLegacyRobot("old");
    fx.emulator.setConfig({ robot_name_prefix: "bot-" });
    const legacy = (await fx.admin.get(`/robots/${id}`)).body;
    assert.equal(legacy.name, "robot$old");
    assert.equal(legacy.editable, false);
    const put = await fx.admin.put(`/robots/${id}`, {
      ...legacy,
      permissions: systemRobotBody().permissions,
    });
    assert.equal(put.status, 403);
    assert.deepEqual(put.body, harborError("DENIED", "editing of legacy robot is not allowed"));
    assert.equal((await fx.admin.patch(`/robots/${id}`, {})).status, 403);
    assert.equal((await fx.admin.delete(`/robots/${id}`)).status, 200, "legacy robots can be deleted");
  });

  it("lists legacy robots among the system robots", async () => {
    fx.emulator.seedLegacyRobot("old");
    await fx.admin.post("/robots", systemRobotBody());
    const names = (await fx.admin.get("/robots")).body.map((r: { name: string }) => r.name);
    assert.deepEqual(names.sort(), ["robot$ci", "robot$old"]);
  });
});
