// Where the emulator differed from real Harbor: found by the acceptance layer's work against Harbor
// v2.15.2 and v2.10.3 built from source (the same requests sent to both and to the emulator), each now
// emulated as measured. One test per finding; the releases it was measured on are in its title.

import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { harborError, projectRobotBody, systemRobotBody, useEmulator } from "../helpers/emulator-fixture";
import { SessionClient } from "../helpers/harbor-session";

const q = (value: string) => `q=${encodeURIComponent(value)}`;

describe("emulator: as measured on real Harbor v2.15.2 and v2.10.3", () => {
  const fx = useEmulator();

  it("starts with the public project library, owned by the admin (both)", async () => {
    const library = (await fx.admin.anonymous().get("/projects/library")).body;
    assert.equal(library.name, "library");
    assert.equal(library.metadata.public, "true");
    assert.equal(library.owner_name, "admin");
  });

  it("shows a project with the caller's role and its CVE allowlist (both)", async () => {
    await fx.admin.post("/projects", { project_name: "dev", metadata: { public: "true" } });
    const mine = (await fx.admin.get("/projects/dev")).body;
    assert.equal(mine.current_user_role_id, 1, "the owner is its project admin");
    assert.deepEqual(mine.current_user_role_ids, [1]);
    assert.deepEqual(mine.cve_allowlist.items, []);
    assert.equal(mine.cve_allowlist.project_id, mine.project_id);
    assert.equal(mine.cve_allowlist.creation_time, "0001-01-01T00:00:00.000Z");
    const anonymous = (await fx.admin.anonymous().get("/projects/dev")).body;
    assert.equal("current_user_role_id" in anonymous, false);
    assert.equal(anonymous.current_user_role_ids, null);
  });

  it("words a bad project name without 'the' (both)", async () => {
    const res = await fx.admin.post("/projects", { project_name: "Bad_Name" });
    assert.deepEqual(
      res.body,
      harborError("BAD_REQUEST", "project name is not in lower case or contains illegal characters"),
    );
  });

  it("answers HEAD /projects?project_name= with 200 or 404 (both)", async () => {
    assert.equal((await fx.admin.request("HEAD", "/projects?project_name=library")).status, 200);
    assert.equal((await fx.admin.request("HEAD", "/projects?project_name=nope")).status, 404);
    assert.equal((await fx.admin.anonymous().request("HEAD", "/projects?project_name=library")).status, 401);
    assert.equal((await fx.admin.request("HEAD", "/projects")).status, 422, "project_name is required");
  });

  it("names a duplicate robot without the database's own error (both)", async () => {
    await fx.admin.post("/robots", systemRobotBody());
    const dup = await fx.admin.post("/robots", systemRobotBody());
    assert.deepEqual(dup.body, harborError("CONFLICT", "robot account 0:ci already exists"));
  });

  it("starts go-swagger's 422 messages with 'validation failure list:' (both)", async () => {
    const cases: Array<[Promise<{ body: { errors: Array<{ message: string }> } }>, string]> = [
      [fx.admin.post("/robots"), "robot in body is required"],
      [fx.admin.get("/robots/abc"), 'robot_id in path must be of type int64: "abc"'],
      [fx.admin.get("/robots?page_size=101"), "page_size in query should be less than or equal to 100"],
      [
        fx.admin.put("/configurations", { robot_token_duration: "x" }),
        'parsing configurations body from "" failed, because json: cannot unmarshal string into Go struct field Configurations.robot_token_duration of type int64',
      ],
    ];
    for (const [pending, message] of cases)
      assert.deepEqual(
        (await pending).body,
        harborError("UNPROCESSABLE_ENTITY", `validation failure list:\n${message}`),
      );
  });

  it("parses q as Harbor's lib/q does: its two messages, and a backslash that makes a value literal (both)", async () => {
    const noEquals = harborError(
      "BAD_REQUEST",
      'the query string must contain "=" and the key/value cannot be empty',
    );
    for (const bad of ["name", "0", "name=", "=x", "name=x,"])
      assert.deepEqual((await fx.admin.get(`/robots?${q(bad)}`)).body, noEquals, bad);
    for (const value of ["~", "[1~2", "[1~2~3]", "[~]", "{a b", "(a b"])
      assert.deepEqual(
        (await fx.admin.get(`/robots?${q(`name=${value}`)}`)).body,
        harborError("BAD_REQUEST", `invalid query string value: ${value}`),
        value,
      );
    await fx.admin.post("/robots", systemRobotBody({ name: "ci" }));
    const literal = await fx.admin.get(`/robots?${q("name=\\ci")}`);
    assert.deepEqual(
      literal.body.map((r: { name: string }) => r.name),
      ["robot$ci"],
    );
    assert.equal((await fx.admin.get(`/robots?q=%ZZ`)).status, 400, "not unescapable: taken as it is");
  });

  it("answers a refused password after 1.5 s and refuses that name's logins meanwhile, the right password too; a robot's valid secret still logs in (both)", async () => {
    const { username } = fx.emulator.admin;
    const current = (password: string, name = username) =>
      fx.admin.get("/users/current", { auth: { username: name, password } });
    /** Until the emulator has the n-th login (and a moment more to check it). */
    const arrived = async (n: number) => {
      while (fx.emulator.requestCount("GET", "/users/current") < n) await sleep(5);
      await sleep(50);
    };
    const started = performance.now();
    const wrong = current("Wrong-passw0rd");
    await arrived(1); // the failure is recorded: the name is locked from now on
    const during = await current(fx.emulator.admin.password);
    assert.equal(during.status, 401, "the right password, while the name is locked");
    assert.ok(performance.now() - started < 1_500, "refused at once, unchecked");
    assert.equal((await wrong).status, 401);
    assert.ok(performance.now() - started >= 1_450, "the refused password is answered after the freeze");
    assert.equal((await current(fx.emulator.admin.password)).status, 200, "after its answer: unlocked");

    // A robot is recognised before the lock: a wrong secret locks its name, its secret still logs in.
    const robot = (await fx.admin.post("/robots", systemRobotBody())).body as {
      name: string;
      secret: string;
    };
    fx.emulator.resetCounts();
    const wrongSecret = current("Wrong-secret-1", robot.name);
    await arrived(1);
    assert.equal((await current(robot.secret, robot.name)).status, 412, "a robot's valid secret logs in");
    assert.equal((await wrongSecret).status, 401);
  });

  it("shares the user lock between Basic and POST /c/login both ways; sessions made before it stay; a login refused by it is no check and does not extend it (both)", async () => {
    const { username, password } = fx.emulator.admin;
    const basic = (pw: string) => fx.admin.get("/users/current", { auth: { username, password: pw } });
    /** A browser-like client that has fetched its CSRF token (the first POST /c/login). */
    const primed = async () => {
      const s = new SessionClient(fx.emulator.url);
      await s.request("POST", "/c/login", { token: false });
      return s;
    };
    /** Until the emulator has `n` more requests to `route` (and a moment more to check them). */
    const arrived = async (method: string, route: string, n: number) => {
      const target = fx.emulator.requestCount(method, route) + n;
      return async () => {
        while (fx.emulator.requestCount(method, route) < target) await sleep(5);
        await sleep(50);
      };
    };
    const before = await primed();
    assert.equal((await before.login(username, password)).status, 200, "a session made before the locks");

    // A refused Basic password locks the name for the UI login.
    let wait = await arrived("GET", "/users/current", 1);
    let started = performance.now();
    const wrongBasic = basic("Wrong-passw0rd");
    await wait();
    const ui = await primed();
    fx.emulator.resetCounts();
    const refused = await ui.login(username, password);
    assert.equal(refused.status, 401, "the right password at /c/login, while the name is locked");
    assert.equal(refused.body, undefined, "an empty body, as for a wrong password");
    assert.ok(performance.now() - started < 1_500, "refused at once");
    assert.equal(fx.emulator.passwordCheckCount("login"), 0, "refused unchecked: no password check");
    assert.equal((await before.api("GET", "/users/current")).body.username, username, "the session stays");
    assert.equal(
      (await before.api("GET", "/users/current", { basic: { username, password } })).status,
      200,
      "the session also beside Basic credentials of the locked name",
    );
    assert.equal((await wrongBasic).status, 401);
    assert.equal((await ui.login(username, password)).status, 200, "after the refusal's answer: unlocked");

    // A refused UI login locks the name for Basic; a login refused by the lock does not extend it.
    const browser = await primed();
    wait = await arrived("POST", "/c/login", 1);
    started = performance.now();
    const wrongLogin = browser.login(username, "Wrong-passw0rd");
    await wait();
    assert.equal((await basic(password)).status, 401, "the right password with Basic, while locked");
    while (performance.now() - started < 1_100) await sleep(20);
    assert.equal((await (await primed()).login(username, password)).status, 401, "at 1.1 s: still locked");
    assert.equal((await wrongLogin).status, 401);
    assert.ok(performance.now() - started >= 1_450, "the refused login is answered after the freeze");
    assert.equal((await basic(password)).status, 200, "after its answer: the lock was not extended");
  });

  it("does not name the level it rejects in a robot listing (both)", async () => {
    const res = await fx.admin.get(`/robots?${q("Level=global")}`);
    assert.deepEqual(res.body, harborError("BAD_REQUEST", "bad request error level input"));
  });

  it("tells a missing CSRF token from a wrong one (both)", async () => {
    const first = await fx.admin.get("/systeminfo");
    const sid = (first.headers.get("set-cookie") ?? "").split(";")[0] as string;
    const missing = await fx.admin.post("/projects", { project_name: "x" }, { headers: { Cookie: sid } });
    assert.deepEqual(missing.body, harborError("FORBIDDEN", "CSRF token not found in request"));
    const wrong = await fx.admin.post(
      "/projects",
      { project_name: "x" },
      { headers: { Cookie: sid, "X-Harbor-CSRF-Token": "forged" } },
    );
    assert.deepEqual(wrong.body, harborError("FORBIDDEN", "CSRF token invalid"));
  });

  it("shows the banner and the OIDC provider name to anybody, the current time only when logged in (both)", async () => {
    const anonymous = (await fx.admin.anonymous().get("/systeminfo")).body;
    assert.equal(anonymous.banner_message, "");
    assert.equal(anonymous.oidc_provider_name, "");
    assert.equal("current_time" in anonymous, false);
    const admin = (await fx.admin.get("/systeminfo")).body;
    assert.match(admin.current_time, /^\d{4}-\d\d-\d\dT/);
    assert.equal(admin.banner_message, "");
  });

  it("describes the admin as Harbor's installer made it, with times and no empty email (both)", async () => {
    const me = (await fx.admin.get("/users/current")).body;
    assert.equal(me.realname, "system admin");
    assert.equal(me.comment, "admin user");
    assert.match(me.creation_time, /^\d{4}-\d\d-\d\dT/);
    assert.match(me.update_time, /^\d{4}-\d\d-\d\dT/);
    assert.equal("email" in me, false);
  });

  it("lists every configuration key of a fresh Harbor 2.15.2 (LDAP, OIDC, UAA, auth proxy, scan-all schedule)", async () => {
    const config = (await fx.admin.get("/configurations")).body;
    assert.equal(Object.keys(config).length, 56);
    assert.deepEqual(config.ldap_uid, { value: "cn", editable: true });
    assert.deepEqual(config.oidc_extra_redirect_parms, { value: "{}", editable: true });
    assert.deepEqual(config.disabled_audit_log_event_types, { value: "", editable: true });
    assert.deepEqual(config.scan_all_policy, {});
    assert.equal((await fx.admin.put("/configurations", { ldap_timeout: 9 })).status, 200);
    assert.equal((await fx.admin.get("/configurations")).body.ldap_timeout.value, 9);
  });

  it("answers GET /ping, /health and /systeminfo/volumes (both)", async () => {
    const anon = fx.admin.anonymous();
    const ping = await anon.get("/ping", { headers: { Accept: "application/json" } });
    assert.equal(ping.status, 200, "2.15.2 answers a JSON client too");
    assert.equal(ping.text, "Pong");
    assert.match(ping.headers.get("content-type") ?? "", /^text\/plain/);
    const health = (await anon.get("/health")).body;
    assert.equal(health.status, "healthy");
    assert.ok(health.components.some((c: { name: string }) => c.name === "core"));
    assert.deepEqual((await fx.admin.get("/systeminfo/volumes")).body, { storage: [{}] });
    assert.equal((await anon.get("/systeminfo/volumes")).status, 401);
  });
});

describe("emulator: as measured on real Harbor v2.10.3 only", () => {
  const fx = useEmulator({ version: "2.10" });

  it("names its commit: v2.10.3-c8c11b46", async () => {
    assert.equal((await fx.admin.anonymous().get("/systeminfo")).body.harbor_version, "v2.10.3-c8c11b46");
  });

  it("grants the quota pairs (53 system / 56 project pairs)", async () => {
    const res = await fx.admin.post(
      "/robots",
      systemRobotBody({
        permissions: [
          { kind: "system", namespace: "/", access: [{ resource: "quota", action: "list" }] },
          { kind: "project", namespace: "*", access: [{ resource: "quota", action: "read" }] },
        ],
      }),
    );
    assert.equal(res.status, 201, JSON.stringify(res.body));
  });

  it("lists project robots too under Level=system, and takes any integer ProjectID", async () => {
    fx.emulator.seedProject("dev");
    await fx.admin.post("/robots", systemRobotBody({ name: "sys" }));
    await fx.admin.post("/robots", projectRobotBody("dev", { name: "proj" }));
    const names = async (query: string) =>
      (await fx.admin.get(`/robots?${q(query)}`)).body.map((r: { name: string }) => r.name).sort();
    assert.deepEqual(await names("Level=system"), ["robot$dev+proj", "robot$sys"]);
    assert.deepEqual(await names("name=~s"), ["robot$sys"], "without Level: system robots only");
    assert.deepEqual(await names("Level=project,ProjectID=0"), ["robot$sys"]);
    assert.deepEqual(await names("Level=project,ProjectID=-1"), []);
    assert.deepEqual(
      (await fx.admin.get(`/robots?${q("Level=project,ProjectID=x")}`)).body,
      harborError("BAD_REQUEST", "Project ID must be int type."),
    );
  });

  it("does not list 2.15's configuration keys (disabled_audit_log_event_types, ldap_group_attach_parallel, oidc_logout)", async () => {
    const config = (await fx.admin.get("/configurations")).body;
    assert.equal(Object.keys(config).length, 53);
    for (const key of ["disabled_audit_log_event_types", "ldap_group_attach_parallel", "oidc_logout"])
      assert.equal(key in config, false, key);
  });

  it("refuses a GET /ping that accepts only JSON (422), answers text/plain", async () => {
    const json = await fx.admin.anonymous().get("/ping", { headers: { Accept: "application/json" } });
    assert.deepEqual(
      json.body,
      harborError(
        "UNPROCESSABLE_ENTITY",
        "validation failure list:\nunsupported media type requested, only [text/plain] are available",
      ),
    );
    assert.equal((await fx.admin.anonymous().get("/ping", { headers: { Accept: "*/*" } })).text, "Pong");
  });
});
