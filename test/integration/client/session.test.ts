// The client's Harbor session against the emulator, on both release profiles: one password check
// per client however many requests, concurrent first requests sharing one login, an expired session
// replaced without a duplicate robot, a stale CSRF cookie renewed, Basic wherever a session cannot
// be had (a robot as the user, an OIDC Harbor, a wrong password, robot secret checks), and Harbor's
// user lock after another client's wrong password (the emulator's, as on real Harbor: 1.5 s).
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { startEmulator, type HarborEmulator } from "../../../emulator";
import { HarborApiError } from "../../../provider/client/errors";
import { HarborClient } from "../../../provider/client/harbor-client";
import type { TransportOptions } from "../../../provider/client/http";
import type { RobotCreateRequest } from "../../../provider/client/schemas";
import { robotManagerPermissions } from "../helpers/emulator-fixture";

const systemRobot = (name: string): RobotCreateRequest => ({
  name,
  description: "session",
  level: "system",
  duration: 30,
  permissions: [{ kind: "project", namespace: "*", access: [{ resource: "repository", action: "pull" }] }],
});

for (const version of ["2.15", "2.10"] as const) {
  describe(`client session against the emulator, Harbor ${version} profile`, () => {
    let emu: HarborEmulator;
    let clients: HarborClient[] = [];
    const client = (username?: string, password?: string, options: TransportOptions = {}) => {
      const c = new HarborClient(
        {
          url: emu.url,
          username: username ?? emu.admin.username,
          password: password ?? emu.admin.password,
          insecure: false,
        },
        { retries: 2, retryBaseDelayMs: 5, retryMaxDelayMs: 10, ...options },
      );
      clients.push(c);
      return c;
    };
    /**
     * Another client's wrong password for the admin, as a CI job with a stale one sends it: resolves
     * once Harbor has refused it (the admin is locked from then on for 1.5 s) with the answer to come.
     */
    const anotherClientsWrongPassword = async () => {
      const before = emu.requestCount("GET", "/users/current");
      const auth = `Basic ${Buffer.from(`${emu.admin.username}:Stale-Passw0rd`).toString("base64")}`;
      const answer = fetch(`${emu.url}/api/v2.0/users/current`, { headers: { authorization: auth } });
      while (emu.requestCount("GET", "/users/current") === before) await sleep(5);
      await sleep(50); // and checked: the emulator counts a request before it authenticates it
      return { answer };
    };
    before(async () => (emu = await startEmulator({ version })));
    after(async () => emu.close());
    beforeEach(() => emu.reset());
    afterEach(async () => {
      await Promise.all(clients.map((c) => c.close()));
      clients = [];
    });

    it("checks the password once for a whole run of reads and writes", async () => {
      const c = client();
      await c.systemInfo();
      const created = await c.createRobot(systemRobot("once"));
      await c.updateRobot(created.id, { ...(await c.getRobot(created.id)), description: "changed" });
      await c.refreshSecret(created.id);
      await c.listRobots({ level: "system" });
      assert.equal(await c.deleteRobot(created.id), "deleted");
      assert.equal(emu.passwordCheckCount("login"), 1);
      assert.equal(emu.passwordCheckCount("basic"), 0, "no request carried Basic credentials");
      assert.equal(c.loginCount, 1);
    });

    it("shares one login between concurrent first requests", async () => {
      const seeded = Array.from({ length: 10 }, (_, i) => emu.seedRobot({ name: `r${i}` }));
      const c = client();
      await Promise.all(seeded.map((r) => c.getRobot(r.id)));
      assert.equal(emu.passwordCheckCount(), 1);
      assert.equal(emu.requestCount("POST", "/c/login"), 2, "one token fetch and one login");
    });

    it("replaces an expired session and repeats the refused create: one robot, not two", async () => {
      const c = client();
      await c.createRobot(systemRobot("first"));
      emu.setConfig({ session_timeout: 1 });
      emu.advanceClock(61_000);
      const second = await c.createRobot(systemRobot("second"));
      assert.equal(emu.requestCount("POST", "/robots"), 3, "the refused create was sent again once");
      assert.deepEqual(
        emu.listRobots().map((r) => r.name),
        ["first", "second"],
      );
      assert.ok(emu.checkLogin(`robot$second`, second.secret ?? ""), "the answer's secret is the robot's");
      assert.equal(c.loginCount, 2);
      assert.equal(emu.passwordCheckCount("basic"), 0);
    });

    it("renews a CSRF cookie older than 12 hours from Harbor's refusal, without logging in again", async () => {
      const c = client();
      emu.setConfig({ session_timeout: 24 * 60 });
      const { id } = await c.createRobot(systemRobot("csrf"));
      const robot = await c.getRobot(id);
      emu.advanceClock(12 * 3600_000 + 1000);
      await c.updateRobot(id, { ...robot, description: "later" });
      assert.equal(emu.getRobot(id)?.description, "later");
      assert.equal(emu.requestCount("PUT", "/robots/{id}"), 2, "refused once (CSRF), then accepted");
      // A read meets the stale cookie too: its answer hands out a new one, taken without a refusal.
      emu.advanceClock(12 * 3600_000 + 1000);
      await c.getRobot(id);
      await c.updateRobot(id, { ...robot, description: "again" });
      assert.equal(emu.requestCount("PUT", "/robots/{id}"), 3);
      assert.equal(c.loginCount, 1);
    });

    it("uses Basic for a wrong password after one login attempt, and reports the 401", async () => {
      const c = client(undefined, "Wrong-Passw0rd");
      assert.equal(await c.authenticates(), false);
      await assert.rejects(c.listRobots({ level: "system" }), (e: unknown) => {
        assert.ok(e instanceof HarborApiError && e.status === 401);
        assert.match(e.message, /rejected the credentials for user 'admin'/);
        return true;
      });
      assert.equal(emu.requestCount("POST", "/c/login"), 2, "one attempt, not one per request");
      assert.equal(emu.passwordCheckCount("basic"), 2);
      // Harbor refused it after its 1.5 s, having checked it: not taken for a lock, not tried again.
      assert.equal(emu.passwordCheckCount("login"), 1);
    });

    it("logs in once more after Harbor's user lock when another client's wrong password locked the admin", async () => {
      const other = await anotherClientsWrongPassword();
      const c = client();
      const created = await c.createRobot(systemRobot("after-the-lock"));
      assert.equal((await other.answer).status, 401);
      assert.equal(c.loginCount, 1);
      assert.equal(
        emu.requestCount("POST", "/c/login"),
        3,
        "the token, the login the lock refused, the login after it",
      );
      assert.equal(emu.passwordCheckCount("login"), 1, "the lock refused the first login unchecked");
      assert.equal(emu.passwordCheckCount("basic"), 1, "the other client's; none of ours");
      assert.deepEqual(
        emu.listRobots().map((r) => r.name),
        ["after-the-lock"],
      );
      assert.ok(emu.checkLogin("robot$after-the-lock", created.secret ?? ""));
    });

    it("replaces a session that expired while another client's wrong password locked the admin: one robot", async () => {
      const c = client();
      await c.createRobot(systemRobot("first"));
      emu.setConfig({ session_timeout: 1 });
      emu.advanceClock(61_000);
      const other = await anotherClientsWrongPassword();
      await c.createRobot(systemRobot("second"));
      assert.equal((await other.answer).status, 401);
      assert.equal(emu.requestCount("POST", "/robots"), 3, "the refused create was sent again once");
      assert.deepEqual(
        emu.listRobots().map((r) => r.name),
        ["first", "second"],
      );
      assert.equal(c.loginCount, 2);
      assert.equal(emu.passwordCheckCount("basic"), 1, "the other client's; none of ours");
    });

    it("does not log in into a lock again and again: refused by it twice, the request fails with the 401", async () => {
      // A wait shorter than the lock, so the second login meets the same lock (as it would meet
      // another client's next wrong password on a busy Harbor).
      const c = client(undefined, undefined, { loginLockWaitMs: 50 });
      const other = await anotherClientsWrongPassword();
      await assert.rejects(c.listRobots({ level: "system" }), (e: unknown) => {
        assert.ok(e instanceof HarborApiError && e.status === 401);
        assert.match(e.message, /rejected the credentials for user 'admin'/);
        return true;
      });
      assert.equal((await other.answer).status, 401);
      assert.equal(emu.requestCount("POST", "/c/login"), 3, "the token and two logins, no more");
      assert.equal(emu.passwordCheckCount("login"), 0, "both refused unchecked");
      assert.equal(c.loginCount, 0);
    });

    it("uses Basic on an OIDC Harbor for anyone but the first admin", async () => {
      emu.addUser("ops", "Ops-Passw0rd", { admin: true });
      emu.setConfig({ auth_mode: "oidc_auth" });
      const ops = client("ops", "Ops-Passw0rd");
      await ops.listRobots({ level: "system" });
      await ops.listRobots({ level: "system" });
      assert.equal(ops.loginCount, 0);
      assert.equal(emu.passwordCheckCount("basic"), 2);
      const admin = client();
      await admin.listRobots({ level: "system" });
      assert.equal(admin.loginCount, 1, "the first admin still logs in");
    });

    it("checks robot secrets with Basic, also from a client that has a session", async () => {
      const robot = emu.seedRobot({ name: "prover" });
      const admin = client();
      await admin.systemInfo();
      emu.resetCounts();
      assert.equal(await admin.as(robot.fullName, robot.secret).authenticates(), true);
      assert.equal(await admin.as(robot.fullName, `${robot.secret}x`).authenticates(), false);
      assert.equal(emu.passwordCheckCount("basic"), 2);
      assert.equal(emu.passwordCheckCount("login"), 0);
    });
  });
}

describe("client session: a robot as the provider's user", () => {
  it("never logs in, uses Basic for every request (Harbor has no session for robots)", async () => {
    const emu = await startEmulator({ version: "2.15" });
    try {
      const robot = emu.seedRobot({
        name: "manager",
        permissions: robotManagerPermissions(),
      });
      const c = new HarborClient({
        url: emu.url,
        username: robot.fullName,
        password: robot.secret,
        insecure: false,
      });
      await c.listRobots({ level: "system" });
      const made = await c.createRobot(systemRobot("made-by-robot"));
      assert.equal(await c.deleteRobot(made.id), "deleted");
      assert.equal(emu.requestCount("POST", "/c/login"), 0);
      assert.equal(emu.passwordCheckCount("basic"), 3);
      await c.close();
    } finally {
      await emu.close();
    }
  });
});
