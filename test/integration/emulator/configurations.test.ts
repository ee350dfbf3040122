// Behaviour 14: GET /configurations wraps values in {value, editable}; PUT changes only the keys sent;
// read-only mode (editable:false, PUT → 403); robot_token_duration must be positive with at most 10
// digits (400); wrong JSON types → 422; admins only.

import assert from "node:assert/strict";
import { harborError, useEmulator } from "../helpers/emulator-fixture";

describe("emulator: /configurations", () => {
  const fx = useEmulator();

  it("returns {value, editable} wrappers with Harbor's defaults", async () => {
    const res = await fx.admin.get("/configurations");
    assert.equal(res.status, 200);
    assert.deepEqual(res.body.robot_name_prefix, { value: "robot$", editable: true });
    assert.deepEqual(res.body.robot_token_duration, { value: 30, editable: true });
    assert.deepEqual(res.body.read_only, { value: false, editable: true });
    assert.deepEqual(res.body.project_creation_restriction, { value: "everyone", editable: true });
  });

  it("changes only the keys sent", async () => {
    const before = (await fx.admin.get("/configurations")).body;
    const res = await fx.admin.put("/configurations", { robot_token_duration: 90, unknown_key: "ignored" });
    assert.equal(res.status, 200);
    assert.equal(res.text, "");
    const after = (await fx.admin.get("/configurations")).body;
    assert.deepEqual(after, { ...before, robot_token_duration: { value: 90, editable: true } });
    await fx.admin.put("/configurations", { robot_name_prefix: "" });
    assert.equal(
      (await fx.admin.get("/configurations")).body.robot_name_prefix.value,
      "",
      "empty prefix accepted up to 2.15.2",
    );
  });

  for (const [value, message] of [
    [0, "the robot_token_duration value must be positive"],
    [-5, "the robot_token_duration value must be positive"],
    [10_000_000_000, "the robot_token_duration value is over the limit value: 9999999999"],
  ] as const) {
    it(`rejects robot_token_duration ${value} with 400`, async () => {
      const res = await fx.admin.put("/configurations", { robot_token_duration: value });
      assert.deepEqual(res.body, harborError("BAD_REQUEST", message));
    });
  }

  it("accepts the 10-digit maximum", async () => {
    assert.equal(
      (await fx.admin.put("/configurations", { robot_token_duration: 9_999_999_999 })).status,
      200,
    );
  });

  for (const body of [
    { robot_token_duration: "30" },
    { robot_token_duration: 1.5 },
    { robot_name_prefix: 7 },
    { read_only: "no" },
  ]) {
    it(`answers 422 for ${JSON.stringify(body)}`, async () => {
      const res = await fx.admin.put("/configurations", body);
      assert.equal(res.status, 422);
      assert.equal(res.body.errors[0].code, "UNPROCESSABLE_ENTITY");
    });
  }

  it("becomes read-only like CONFIG_OVERWRITE_JSON", async () => {
    fx.emulator.setConfigReadOnly(true);
    const { scan_all_policy: schedule, ...items } = (await fx.admin.get("/configurations")).body;
    assert.deepEqual(schedule, {}, "the scan-all schedule is no {value, editable} item");
    assert.ok(Object.values(items).every((item) => (item as { editable: boolean }).editable === false));
    const res = await fx.admin.put("/configurations", { robot_name_prefix: "bot-" });
    assert.equal(res.status, 403);
    assert.deepEqual(
      res.body,
      harborError(
        "FORBIDDEN",
        "current config is init by env variable: CONFIG_OVERWRITE_JSON, it cannot be updated",
      ),
    );
    assert.equal((await fx.admin.get("/configurations")).body.robot_name_prefix.value, "robot$");
  });

  it("is for system admins only", async () => {
    fx.emulator.addUser("dev", "Dev12345");
    const robot = fx.emulator.seedRobot({ name: "ops" });
    const dev = await fx.admin.as("dev", "Dev12345").get("/configurations");
    assert.deepEqual(dev.body, harborError("FORBIDDEN", "dev"));
    const asRobot = await fx.admin
      .as(robot.fullName, robot.secret)
      .put("/configurations", { robot_token_duration: 5 });
    assert.deepEqual(asRobot.body, harborError("FORBIDDEN", "robot$ops"));
    assert.equal((await fx.admin.anonymous().get("/configurations")).status, 401);
  });
});
