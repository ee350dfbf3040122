// Authentication: basic auth for the admin, other users (403 on admin-only endpoints), robots with
// their full name and secret; disabled/expired robots and wrong credentials are anonymous (401),
// while /systeminfo still answers, just without harbor_version (2.15). Logins are proven with
// GET /users/current (200 user, 412 robot, 401 rejected), which is right on every release.

import assert from "node:assert/strict";
import { harborError, useEmulator } from "../helpers/emulator-fixture";

describe("emulator: authentication", () => {
  // Without Harbor's freeze after a refused password (its own test: real-harbor-findings): here it
  // would only make each refused login wait 1.5 s.
  const fx = useEmulator({ adminUser: "root", adminPassword: "S3cret-pass", loginFreezeMs: 0 });

  it("uses the configured admin", async () => {
    assert.deepEqual(fx.emulator.admin, { username: "root", password: "S3cret-pass" });
    assert.equal((await fx.admin.get("/robots")).status, 200);
    assert.equal((await fx.admin.as("admin", "Harbor12345").get("/robots")).status, 401);
  });

  it("treats wrong credentials as anonymous", async () => {
    const wrong = fx.admin.as("root", "nope");
    assert.deepEqual((await wrong.get("/robots")).body, harborError("UNAUTHORIZED", "unauthorized"));
    const info = await wrong.get("/systeminfo");
    assert.equal(info.status, 200);
    assert.equal(info.body.harbor_version, undefined);
    assert.equal(
      (await fx.admin.get("/robots", { headers: { Authorization: "Bearer x" }, auth: null })).status,
      401,
    );
  });

  it("reports harbor_version only to authenticated callers", async () => {
    assert.equal((await fx.admin.get("/systeminfo")).body.harbor_version, "v2.15.2-080b0220");
    const anon = await fx.admin.anonymous().get("/systeminfo");
    assert.equal(anon.status, 200);
    assert.equal(anon.body.harbor_version, undefined);
    assert.equal(anon.body.auth_mode, "db_auth");
  });

  it("gives non-admin users 403 on admin-only endpoints", async () => {
    fx.emulator.addUser("dev", "Dev12345");
    const dev = fx.admin.as("dev", "Dev12345");
    assert.equal((await dev.get("/users/current")).status, 200);
    assert.deepEqual((await dev.get("/robots")).body, harborError("FORBIDDEN", "dev"));
    assert.deepEqual(
      (await dev.get("/permissions")).body,
      harborError("FORBIDDEN", "only admins(system and project) can access permissions"),
    );
    assert.equal((await dev.get("/configurations")).status, 403);
  });

  it("gives users added as admins full access", async () => {
    fx.emulator.addUser("boss", "Boss12345", { admin: true });
    assert.equal((await fx.admin.as("boss", "Boss12345").get("/configurations")).status, 200);
  });

  it("lets a robot log in with its full name and secret", async () => {
    const r = fx.emulator.seedRobot({ name: "reader" });
    assert.equal((await fx.admin.as(r.fullName, r.secret).get("/users/current")).status, 412);
    assert.equal(
      (await fx.admin.as("reader", r.secret).get("/users/current")).status,
      401,
      "short name is not a login",
    );
  });

  it("refuses disabled and expired robots", async () => {
    const disabled = fx.emulator.seedRobot({ name: "off", disabled: true });
    assert.equal(fx.emulator.checkLogin(disabled.fullName, disabled.secret), false);
    assert.equal((await fx.admin.as(disabled.fullName, disabled.secret).get("/users/current")).status, 401);
    const expiring = fx.emulator.seedRobot({ name: "short", duration: 1 });
    assert.equal(fx.emulator.checkLogin(expiring.fullName, expiring.secret), true);
    fx.emulator.advanceClock(2 * 86_400_000);
    assert.equal(fx.emulator.checkLogin(expiring.fullName, expiring.secret), false);
    const robots = await fx.admin.as(expiring.fullName, expiring.secret).get("/robots");
    assert.equal(robots.status, 401);
  });
});
