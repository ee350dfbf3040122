// Proving a login on every release (measured on real v2.10.3 and v2.15.2): GET
// /systeminfo shows `harbor_version` to anonymous callers up to 2.12, so the version proves nothing
// there; GET /users/current answers 401 for rejected credentials, 412 for a valid robot (it has no
// user record) and 200 for a user, on both profiles.

import assert from "node:assert/strict";
import { harborError, useEmulator } from "../helpers/emulator-fixture";

const ROBOT_412 = harborError("PRECONDITION", "get current user not available for security context: robot");

for (const version of ["2.15", "2.10"] as const) {
  describe(`emulator ${version}: proving a login`, () => {
    // Without Harbor's freeze after a refused login (its own test: real-harbor-findings): here it
    // would only make each refused login wait 1.5 s.
    const fx = useEmulator({ version, loginFreezeMs: 0 });

    it(
      version === "2.10"
        ? "shows harbor_version to anonymous callers (≤ 2.12), so the version proves no login"
        : "hides harbor_version from anonymous callers (2.13+)",
      async () => {
        const anon = await fx.admin.anonymous().get("/systeminfo");
        assert.equal(anon.status, 200);
        const wrong = await fx.admin.as("admin", "wrong-password").get("/systeminfo");
        if (version === "2.10") {
          assert.match(anon.body.harbor_version, /^v2\.10\.3-/);
          assert.match(wrong.body.harbor_version, /^v2\.10\.3-/, "even for rejected credentials");
          assert.equal(anon.body.external_url, undefined, "the protected part stays hidden");
        } else {
          assert.equal(anon.body.harbor_version, undefined);
          assert.equal(wrong.body.harbor_version, undefined);
        }
        assert.ok((await fx.admin.get("/systeminfo")).body.harbor_version, "authenticated callers see it");
      },
    );

    it("answers GET /users/current with 412 for a valid robot", async () => {
      const r = fx.emulator.seedRobot({ name: "prover" });
      const res = await fx.admin.as(r.fullName, r.secret).get("/users/current");
      assert.equal(res.status, 412);
      assert.deepEqual(res.body, ROBOT_412);
    });

    it("answers 401 for a wrong secret, a short name, anonymous callers, disabled and expired robots", async () => {
      const r = fx.emulator.seedRobot({ name: "prover" });
      const off = fx.emulator.seedRobot({ name: "off", disabled: true });
      const short = fx.emulator.seedRobot({ name: "short", duration: 1 });
      fx.emulator.advanceClock(2 * 86_400_000);
      const rejected = [
        fx.admin.as(r.fullName, `${r.secret}x`),
        fx.admin.as("prover", r.secret),
        fx.admin.anonymous(),
        fx.admin.as(off.fullName, off.secret),
        fx.admin.as(short.fullName, short.secret),
      ];
      for (const client of rejected) {
        const res = await client.get("/users/current");
        assert.equal(res.status, 401, `${client.credentials?.username ?? "anonymous"}`);
        assert.deepEqual(res.body, harborError("UNAUTHORIZED", "unauthorized"));
      }
    });

    it("answers 200 with the user for a user", async () => {
      fx.emulator.addUser("dev", "Dev12345");
      const admin = await fx.admin.get("/users/current");
      assert.equal(admin.status, 200);
      assert.equal(admin.body.username, "admin");
      assert.equal(admin.body.sysadmin_flag, true);
      const dev = await fx.admin.as("dev", "Dev12345").get("/users/current");
      assert.equal(dev.body.username, "dev");
      assert.equal(dev.body.sysadmin_flag, false);
    });
  });
}
