// Issue 21 on a real Harbor: the provider process logs in once (POST /c/login) and sends Harbor's
// session from then on, so an `up` costs Harbor one password check, not one per request; a session
// that Harbor ends in the middle of the creates is replaced without a duplicate robot or a lost
// secret; and a login that meets Harbor's user lock (another client's wrong password for the same
// user) is made again after it. The stack reaches Harbor through the loopback proxy, which counts
// the requests (Basic ones and logins) and lets the test act on Harbor just before a chosen request
// reaches it: the emulator's expireSessions() has no counterpart on a real Harbor, but GET
// /c/log_out with the session's cookie ends it there the same way (the next request with it is
// anonymous: 401, measured on 2.15.2 and 2.10.3), without changing session_timeout, a setting.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import type { LocalStack } from "../../scripts/engine";
import { RobotAccount } from "../../sdk";
import { storedRobots } from "../e2e/interrupted/kill";
import { startHarborProxy, type HarborProxy } from "../helpers/harbor-proxy";
import { run } from "./run";
import { acceptanceStack } from "./stack";

const ROBOTS = 5;

/** The value of cookie `name` in a Cookie request header. */
function cookieOf(header: string | string[] | undefined, name: string): string | undefined {
  for (const pair of String(header ?? "").split(";")) {
    const [k, ...v] = pair.trim().split("=");
    if (k === name) return v.join("=");
  }
  return undefined;
}

describe("acceptance: one password check per provider process on a real Harbor", function () {
  this.timeout(600_000);
  const project = run.name("sessions");
  let proxy: HarborProxy;
  let s: LocalStack;
  let tag = "once";
  const robotName = (i: number) => run.name(`${tag}-${i}`);

  before(async () => {
    await run.harbor.createProject(project);
    proxy = await startHarborProxy(run.target.url);
    run.onCleanup("close the proxy", () => proxy.close());
    s = await acceptanceStack(
      "acc-session",
      async () => {
        for (let i = 0; i < ROBOTS; i++)
          new RobotAccount(`${tag}${i}`, {
            name: robotName(i),
            duration: 30,
            permissions: [{ projects: [project], access: ["pull"] }],
          });
      },
      { env: { HARBOR_URL: proxy.url } },
    );
  });
  afterEach(() => proxy.beforeForward(undefined));

  const count = (key: string) => proxy.counts().get(key) ?? 0;
  const answered = (key: string) => proxy.answers().get(key) ?? 0;
  /** The stack's robots as Harbor names them without its prefix, sorted. */
  const inHarbor = async () =>
    (await run.harbor.systemRobots(run.name(`${tag}-`)))
      .map((r) => r.name.slice(run.settingsBefore.robot_name_prefix.length))
      .sort();
  const declared = () => Array.from({ length: ROBOTS }, (_, i) => robotName(i)).sort();
  /** Every secret in the state logs in as its robot (Harbor's own check: 412 for a valid robot). */
  async function assertStoredSecretsWork(): Promise<void> {
    const stored = await storedRobots(s.stack);
    assert.equal(stored.length, ROBOTS);
    for (const r of stored)
      assert.equal(await run.harbor.loginStatus(r.fullName, r.secret), 412, `${r.fullName}: stored secret`);
  }
  async function destroyedByOneLogin(): Promise<void> {
    proxy.reset();
    await s.stack.destroy();
    assert.deepEqual(await inHarbor(), [], "destroy leaves no robot");
    assert.deepEqual(proxy.checks(), { basic: 0, login: 1 }, "the destroy's process logs in once");
  }

  it(`an up of ${ROBOTS} robots logs in once and sends no password after it; destroy logs in once more`, async () => {
    proxy.reset();
    const up = await s.stack.up();
    assert.equal(up.summary.result, "succeeded");
    assert.deepEqual(await inHarbor(), declared());
    assert.deepEqual(proxy.checks(), { basic: 0, login: 1 }, "one password check for the whole up");
    assert.equal(count("POST /c/login"), 2, "the token, then the login");
    assert.equal(answered("POST /c/login 200"), 1);
    assert.equal(answered("POST /robots 201"), ROBOTS);
    await assertStoredSecretsWork();
    await destroyedByOneLogin();
  });

  it("a session Harbor ends in the middle of the creates is replaced: every robot once, every stored secret valid", async () => {
    tag = "logout";
    proxy.reset();
    let loggedOut: number | undefined;
    let logout: Promise<void> | undefined;
    // Before the second create reaches Harbor, its session is logged out (as an administrator's
    // logout or a Harbor restart ends it): that create, and any other sent with it, is refused.
    // Harbor writes a request's session back to Redis once it has answered, so a request of the
    // same session still in flight would bring the ended session back: the logout waits until no
    // request is on its way (then a little more, for that write), and holds the ones that come
    // meanwhile until it is done.
    proxy.beforeForward(async ({ method, route, n, headers }) => {
      if (!logout && method === "POST" && route === "/robots" && n === 1) {
        const sid = cookieOf(headers.cookie, "sid");
        logout = (async () => {
          await proxy.idle();
          await sleep(200);
          const res = await fetch(`${run.target.url}/c/log_out`, { headers: { cookie: `sid=${sid}` } });
          loggedOut = res.status;
        })();
      }
      await logout;
    });
    const up = await s.stack.up();
    assert.equal(loggedOut, 200, "Harbor logged the provider's session out");
    assert.equal(up.summary.result, "succeeded");
    assert.deepEqual(await inHarbor(), declared(), "each robot once: none missing, none doubled");
    assert.ok(answered("POST /robots 401") >= 1, "the create sent with the ended session was refused");
    assert.equal(answered("POST /robots 201"), ROBOTS);
    assert.deepEqual(proxy.checks(), { basic: 0, login: 2 }, "logged in again once, no Basic");
    await assertStoredSecretsWork();
    await destroyedByOneLogin();
  });

  it("a login that meets Harbor's user lock (another client's wrong password) is made again after it: the up succeeds", async () => {
    tag = "locked";
    proxy.reset();
    let other: Promise<Response> | undefined;
    // Before the provider's login reaches Harbor, another client (a CI job with a stale password)
    // sends a wrong password for the same user, and Harbor refuses it: the user is locked for 1.5 s.
    proxy.beforeForward(async ({ method, route, n }) => {
      if (other || method !== "POST" || route !== "/c/login" || n !== 1) return;
      const stale = Buffer.from(`${run.target.username}:Stale-${run.id}`).toString("base64");
      other = fetch(`${run.target.url}/api/v2.0/users/current`, {
        headers: { authorization: `Basic ${stale}` },
      });
      await sleep(600); // Harbor checks it (about 0.1 s on 2.15) and locks; the lock lasts 1.5 s
    });
    const up = await s.stack.up();
    assert.ok(other, "the other client's wrong password was sent");
    assert.equal((await other).status, 401);
    assert.equal(up.summary.result, "succeeded");
    assert.equal(answered("POST /c/login 401"), 1, "the login the lock refused");
    assert.equal(answered("POST /c/login 200"), 1, "the login after the lock");
    assert.equal(count("POST /c/login"), 3, "the token and two logins, no more");
    assert.equal(proxy.checks().basic, 0, "no Basic request: the session after the lock");
    assert.deepEqual(await inHarbor(), declared());
    await assertStoredSecretsWork();
    await destroyedByOneLogin();
  });
});
