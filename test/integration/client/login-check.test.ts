// HarborClient.authenticates() and .as(): proving a credential the same way on every release
// (GET /users/current: 412 robot, 200 user, 401 rejected), over the admin client's connections.
import assert from "node:assert/strict";
import { startEmulator, type HarborEmulator } from "../../../emulator";
import { HarborApiError } from "../../../provider/client/errors";
import { HarborClient } from "../../../provider/client/harbor-client";

for (const version of ["2.15", "2.10"] as const) {
  describe(`client login check, Harbor ${version} profile`, () => {
    let emu: HarborEmulator;
    let admin: HarborClient;
    before(async () => {
      // Without Harbor's freeze after a refused login (the emulator's own test covers it): here it
      // would only make each refused login wait 1.5 s.
      emu = await startEmulator({ version, loginFreezeMs: 0 });
      admin = new HarborClient(
        { url: emu.url, username: emu.admin.username, password: emu.admin.password, insecure: false },
        { retries: 2, retryBaseDelayMs: 5, retryMaxDelayMs: 10 },
      );
    });
    after(async () => {
      await admin.close();
      await emu.close();
    });
    beforeEach(() => emu.reset());

    it("says a valid robot secret authenticates, and a wrong one does not", async () => {
      const r = emu.seedRobot({ name: "prover" });
      assert.equal(await admin.as(r.fullName, r.secret).authenticates(), true);
      assert.equal(await admin.as(r.fullName, `${r.secret}x`).authenticates(), false);
      assert.equal(await admin.authenticates(), true, "the admin (200)");
      assert.equal(emu.requestCount("GET", "/users/current"), 3, "one request each");
    });

    it("says a disabled or expired robot does not authenticate", async () => {
      const off = emu.seedRobot({ name: "off", disabled: true });
      const short = emu.seedRobot({ name: "short", duration: 1 });
      emu.advanceClock(2 * 86_400_000);
      assert.equal(await admin.as(off.fullName, off.secret).authenticates(), false);
      assert.equal(await admin.as(short.fullName, short.secret).authenticates(), false);
    });

    it("throws on a failure that says nothing about the credentials, without the secret", async () => {
      const r = emu.seedRobot({ name: "prover" });
      emu.injectFault({ route: "/users/current", kind: "status", status: 503, times: 1 });
      const once = admin.as(r.fullName, r.secret, { retries: 0 });
      await assert.rejects(once.authenticates(), (e: unknown) => {
        assert.ok(e instanceof HarborApiError);
        assert.equal(e.status, 503);
        assert.ok(!e.message.includes(r.secret));
        return true;
      });
      assert.equal(await once.authenticates(), true, "the fault is gone");
      await once.close();
      assert.equal(await admin.authenticates(), true, "closing the robot's client keeps the shared pool");
    });
  });
}
