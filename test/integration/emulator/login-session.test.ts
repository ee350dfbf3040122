// Harbor's session login, as measured on real v2.10.3 and v2.15.2: POST /c/login (form fields
// principal and password) checks the password once and sets `sid`; requests with that cookie and no
// Authorization header are the user; writes need the CSRF token; a session lives session_timeout
// minutes after its last use; robots cannot log in; in OIDC mode only the first admin can. The
// emulator counts password checks (Basic requests and logins apart) and can make each cost CPU.

import assert from "node:assert/strict";
import { startEmulator, type HarborEmulator } from "../../../emulator";
import { harborError, systemRobotBody, useEmulator } from "../helpers/emulator-fixture";
import { SessionClient } from "../helpers/harbor-session";

const UNAUTHORIZED = harborError("UNAUTHORIZED", "unauthorized");

for (const version of ["2.15", "2.10"] as const) {
  describe(`emulator ${version}: session login`, () => {
    // Without Harbor's wait and lock after a refused password (their own tests: the price of a
    // password check below, real-harbor-findings): here they would only make each refusal wait 1.5 s.
    const fx = useEmulator({ version, loginFreezeMs: 0 });
    const session = () => new SessionClient(fx.emulator.url);
    const loggedIn = async () => {
      const s = session();
      assert.equal((await s.login("admin", fx.emulator.admin.password)).status, 200);
      return s;
    };

    it("logs in with the form and authenticates requests from the session cookie alone", async () => {
      const before = fx.emulator.sessionCount();
      const s = session();
      const first = await s.request("POST", "/c/login", { token: false });
      assert.equal(first.status, 403, "the first POST fetches the token");
      const res = await s.login("admin", fx.emulator.admin.password);
      assert.equal(res.status, 200);
      assert.equal(res.body, undefined, "an empty body");
      const sids = res.setCookies.filter((c) => c.startsWith("sid="));
      assert.equal(sids.length, 2, "a new empty session, then the logged-in one under a new sid");
      assert.match(sids[1] ?? "", /^sid=[0-9a-f]{32}; Path=\/; HttpOnly$/);
      assert.equal(fx.emulator.sessionCount(), before + 1);

      const me = await s.api("GET", "/users/current");
      assert.equal(me.status, 200);
      assert.equal(me.body.username, "admin");
      assert.ok(me.headers.get("x-harbor-csrf-token"), "session answers hand out the token");
      assert.ok(!me.setCookies.some((c) => c.startsWith("sid=")), "a known session is not replaced");
      assert.deepEqual(
        (await s.api("POST", "/robots", { json: systemRobotBody(), token: false })).body,
        harborError(
          "FORBIDDEN",
          version === "2.10" ? "CSRF token invalid" : "CSRF token not found in request",
        ),
      );
      const created = await s.api("POST", "/robots", { json: systemRobotBody() });
      assert.equal(created.status, 201);
      assert.equal((await s.api("DELETE", `/robots/${created.body.id}`)).status, 200);
      assert.equal(fx.emulator.passwordCheckCount("login"), 1);
      assert.equal(fx.emulator.passwordCheckCount("basic"), 0);
    });

    it("refuses a wrong password, a JSON body and a robot with 401 and an empty body", async () => {
      const robot = fx.emulator.seedRobot({ name: "builder" });
      const before = fx.emulator.sessionCount();
      const s = session();
      for (const [principal, password] of [
        ["admin", "wrong-password"],
        [robot.fullName, robot.secret],
        ["nobody", "Whatever1"],
      ] as const) {
        const res = await s.login(principal, password);
        assert.equal(res.status, 401, principal);
        assert.equal(res.body, undefined);
      }
      const json = await s.request("POST", "/c/login", {
        json: { principal: "admin", password: fx.emulator.admin.password },
      });
      assert.equal(json.status, 401, "only the form is read");
      assert.equal(fx.emulator.sessionCount(), before, "no session was made");
      assert.equal(
        (await fx.admin.as(robot.fullName, robot.secret).get("/users/current")).status,
        412,
        "the robot still authenticates with Basic",
      );
    });

    it("lets valid Basic credentials win over a session, and wrong ones fall through to it", async () => {
      fx.emulator.addUser("dev", "Dev12345");
      const s = await loggedIn();
      const asDev = await s.api("GET", "/users/current", {
        basic: { username: "dev", password: "Dev12345" },
      });
      assert.equal(asDev.body.username, "dev");
      const wrong = await s.api("GET", "/users/current", { basic: { username: "dev", password: "nope" } });
      assert.equal(wrong.body.username, "admin");
    });

    it("ends a session session_timeout minutes after its last use: anonymous again, nothing written", async () => {
      fx.emulator.setConfig({ session_timeout: 1 });
      const s = await loggedIn();
      for (let i = 0; i < 3; i++) {
        fx.emulator.advanceClock(50_000);
        assert.equal((await s.api("GET", "/users/current")).status, 200, "each use renews it");
      }
      fx.emulator.advanceClock(61_000);
      const write = await s.api("POST", "/robots", { json: systemRobotBody() });
      assert.equal(write.status, 401);
      assert.deepEqual(write.body, UNAUTHORIZED);
      assert.match(
        write.setCookies.find((c) => c.startsWith("sid=")) ?? "",
        /^sid=[0-9a-f]{32};/,
        "a new sid",
      );
      assert.equal(fx.emulator.listRobots().length, 0);
      assert.equal((await s.api("GET", "/users/current")).status, 401, "the new sid is anonymous");
      assert.equal(
        (await s.login("admin", fx.emulator.admin.password)).status,
        200,
        "logging in again works",
      );
      assert.equal((await s.api("GET", "/users/current")).status, 200);
    });

    it("treats an unknown sid as no session and replaces it; expireSessions() ends them all", async () => {
      const s = await loggedIn();
      fx.emulator.expireSessions();
      assert.equal(fx.emulator.sessionCount(), 0);
      const res = await s.api("GET", "/robots");
      assert.equal(res.status, 401);
      assert.ok(res.setCookies.some((c) => c.startsWith("sid=")));
      const bogus = new SessionClient(fx.emulator.url);
      bogus.cookies.set("sid", "0123456789abcdef0123456789abcdef");
      const anon = await bogus.api("GET", "/systeminfo");
      assert.equal(anon.status, 200);
      assert.ok(anon.setCookies.some((c) => c.startsWith("sid=")));
    });

    it("logs out at /c/log_out", async () => {
      const s = await loggedIn();
      const before = fx.emulator.sessionCount();
      const out = await s.request("GET", "/c/log_out");
      assert.equal(out.status, 200);
      assert.match(
        out.setCookies.find((c) => c.startsWith("sid=")) ?? "",
        /^sid=; Path=\/; Expires=.*; Max-Age=0; HttpOnly$/,
      );
      assert.equal(fx.emulator.sessionCount(), before - 1);
      assert.equal((await s.api("GET", "/users/current")).status, 401);
    });

    it("keeps the admin's sessions through reset() (the admin stays), and ends the others", async () => {
      fx.emulator.addUser("dev", "Dev12345");
      const admin = await loggedIn();
      const dev = session();
      assert.equal((await dev.login("dev", "Dev12345")).status, 200);
      fx.emulator.reset();
      assert.equal((await admin.api("GET", "/users/current")).status, 200);
      assert.equal((await dev.api("GET", "/users/current")).status, 401);
    });

    it("in OIDC mode lets only the first admin log in with a password", async () => {
      fx.emulator.addUser("dev", "Dev12345");
      fx.emulator.setConfig({ auth_mode: "oidc_auth" });
      const s = session();
      const unknown = await s.login("someone", "Whatever1");
      assert.equal(unknown.status, 403);
      assert.deepEqual(unknown.body, { redirect_location: `${fx.emulator.url}/c/oidc/login` });
      assert.equal((await s.login("dev", "Dev12345")).status, 401);
      assert.equal(fx.emulator.passwordCheckCount("login"), 0, "neither reached a password check");
      assert.equal((await s.login("admin", fx.emulator.admin.password)).status, 200);
    });

    it("counts password checks: one per Basic request, one per login, none per session request", async () => {
      for (let i = 0; i < 3; i++) await fx.admin.get("/systeminfo");
      await fx.admin.as("admin", "wrong").get("/systeminfo");
      await fx.admin.anonymous().get("/systeminfo");
      assert.equal(fx.emulator.passwordCheckCount("basic"), 4);
      const s = await loggedIn();
      for (let i = 0; i < 5; i++) await s.api("GET", "/robots");
      await s.login("admin", "wrong");
      assert.equal(fx.emulator.passwordCheckCount("login"), 2);
      assert.equal(fx.emulator.passwordCheckCount("basic"), 4);
      assert.equal(fx.emulator.passwordCheckCount(), 6);
      assert.equal(fx.emulator.requestCount("POST", "/c/login"), 3, "logins are counted as requests too");
      fx.emulator.resetCounts();
      assert.equal(fx.emulator.passwordCheckCount(), 0);
    });
  });
}

describe("emulator: the price of a password check", () => {
  let emu: HarborEmulator | undefined;
  afterEach(async () => {
    await emu?.close();
    emu = undefined;
  });

  it("burns passwordCheckMs per check, Basic or login, and none for session requests", async () => {
    emu = await startEmulator({ passwordCheckMs: 40 });
    const auth = `Basic ${Buffer.from(`admin:${emu.admin.password}`).toString("base64")}`;
    const started = performance.now();
    for (let i = 0; i < 3; i++)
      await fetch(`${emu.url}/api/v2.0/systeminfo`, { headers: { authorization: auth } });
    const s = new SessionClient(emu.url);
    await s.login("admin", emu.admin.password);
    // A lower bound only: the checks cannot take less than their cost, whatever the machine does.
    assert.ok(performance.now() - started >= 4 * 40, "3 Basic checks and 1 login, 40 ms each");
    assert.equal(emu.passwordCheckCount(), 4);
  });

  it("delays the answer to a failed check by loginFreezeMs", async () => {
    emu = await startEmulator({ loginFreezeMs: 300 });
    const s = new SessionClient(emu.url);
    const started = performance.now();
    assert.equal((await s.login("admin", "wrong")).status, 401);
    assert.ok(performance.now() - started >= 300);
  });

  it("refuses a negative cost or freeze", async () => {
    await assert.rejects(
      startEmulator({ passwordCheckMs: -1 }),
      /password check cost must be .* ≥ 0, got -1/,
    );
    await assert.rejects(startEmulator({ loginFreezeMs: -1 }), /login freeze must be .* ≥ 0, got -1/);
  });
});
