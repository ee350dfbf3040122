// Behaviour 1: POST /robots ignores `secret` and `disable`, answers 201 with the prefixed full name,
// a generated 32-character secret and a Location header.

import assert from "node:assert/strict";
import { systemRobotBody, useEmulator } from "../helpers/emulator-fixture";

describe("emulator: create robot", () => {
  const fx = useEmulator();

  it("answers 201 with full name, generated secret and Location", async () => {
    const res = await fx.admin.post("/robots", systemRobotBody({ name: "builder" }));
    assert.equal(res.status, 201);
    assert.equal(res.body.name, "robot$builder");
    assert.match(res.body.secret, /^[a-zA-Z0-9]{32}$/);
    assert.equal(typeof res.body.id, "number");
    assert.equal(res.headers.get("location"), `/api/v2.0/robots/${res.body.id}`);
    assert.match(res.body.creation_time, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    assert.ok(fx.emulator.checkLogin("robot$builder", res.body.secret), "the returned secret logs in");
  });

  it("ignores a secret and disable sent on create", async () => {
    const chosen = "MyOwnSecret123";
    const res = await fx.admin.post("/robots", systemRobotBody({ secret: chosen, disable: true }));
    assert.equal(res.status, 201);
    assert.notEqual(res.body.secret, chosen);
    assert.equal(fx.emulator.checkLogin(res.body.name, chosen), false);
    assert.equal(fx.emulator.checkLogin(res.body.name, res.body.secret), true);
    const got = await fx.admin.get(`/robots/${res.body.id}`);
    assert.equal(got.body.disable, false);
    assert.equal(got.body.secret, undefined, "GET never returns the secret");
    assert.equal(fx.emulator.getRobot(res.body.id)?.disabled, false);
  });

  it("generates a different secret for every robot", async () => {
    const a = await fx.admin.post("/robots", systemRobotBody({ name: "a" }));
    const b = await fx.admin.post("/robots", systemRobotBody({ name: "b" }));
    assert.notEqual(a.body.secret, b.body.secret);
  });
});
