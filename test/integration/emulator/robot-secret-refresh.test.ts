// Behaviour 6: PATCH {} generates and returns a new secret; PATCH with a secret validates it
// (8–128 characters, upper, lower, digit) and answers {}; the old secret stops working.

import assert from "node:assert/strict";
import { harborError, systemRobotBody, useEmulator } from "../helpers/emulator-fixture";

const BAD_SECRET = harborError(
  "BAD_REQUEST",
  "the secret must be 8-128, inclusively, characters long with at least 1 uppercase letter, 1 lowercase letter and 1 number",
);

describe("emulator: PATCH /robots/{id} (secret refresh)", () => {
  const fx = useEmulator();

  async function created() {
    const res = await fx.admin.post("/robots", systemRobotBody({ duration: 30 }));
    return res.body as { id: number; name: string; secret: string; expires_at: number };
  }

  it("generates a new secret for {} and the old one stops working", async () => {
    const robot = await created();
    const res = await fx.admin.patch(`/robots/${robot.id}`, {});
    assert.equal(res.status, 200);
    assert.match(res.body.secret, /^[a-zA-Z0-9]{32}$/);
    assert.notEqual(res.body.secret, robot.secret);
    assert.equal(fx.emulator.checkLogin(robot.name, robot.secret), false);
    assert.equal(fx.emulator.checkLogin(robot.name, res.body.secret), true);
  });

  it("sets a given valid secret and answers {}", async () => {
    const robot = await created();
    const res = await fx.admin.patch(`/robots/${robot.id}`, { secret: "Chosen1secret" });
    assert.equal(res.status, 200);
    assert.deepEqual(res.body, {});
    assert.equal(fx.emulator.checkLogin(robot.name, robot.secret), false);
    assert.equal(fx.emulator.checkLogin(robot.name, "Chosen1secret"), true);
    const probe = await fx.admin
      .anonymous()
      .get("/users/current", { auth: { username: robot.name, password: "Chosen1secret" } });
    assert.equal(
      probe.status,
      412,
      "the chosen secret authenticates over HTTP (412: a robot has no user record)",
    );
  });

  for (const secret of ["Short1a", "alllower123", "ALLUPPER123", "NoDigitsHere", `Aa1${"x".repeat(126)}`]) {
    it(`rejects ${secret.length > 20 ? `a ${secret.length}-character secret` : JSON.stringify(secret)}`, async () => {
      const robot = await created();
      const res = await fx.admin.patch(`/robots/${robot.id}`, { secret });
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, BAD_SECRET);
      assert.ok(fx.emulator.checkLogin(robot.name, robot.secret), "a rejected secret changes nothing");
    });
  }

  it("accepts 8 and 128 characters", async () => {
    const robot = await created();
    assert.equal((await fx.admin.patch(`/robots/${robot.id}`, { secret: "Abcdef12" })).status, 200);
    assert.equal(
      (await fx.admin.patch(`/robots/${robot.id}`, { secret: `Aa1${"x".repeat(125)}` })).status,
      200,
    );
  });

  it("does not change expiry, permissions or enabled state", async () => {
    const robot = await created();
    const before = (await fx.admin.get(`/robots/${robot.id}`)).body;
    await fx.admin.patch(`/robots/${robot.id}`, {});
    const after = (await fx.admin.get(`/robots/${robot.id}`)).body;
    assert.equal(after.expires_at, before.expires_at);
    assert.equal(after.disable, before.disable);
    assert.deepEqual(after.permissions, before.permissions);
  });

  it("needs a body (422) and an existing robot (404)", async () => {
    const robot = await created();
    const noBody = await fx.admin.patch(`/robots/${robot.id}`);
    assert.equal(noBody.status, 422);
    assert.equal(noBody.body.errors[0].code, "UNPROCESSABLE_ENTITY");
    assert.deepEqual(
      (await fx.admin.patch("/robots/999", {})).body,
      harborError("NOT_FOUND", "robot 999 not found"),
    );
  });
});
