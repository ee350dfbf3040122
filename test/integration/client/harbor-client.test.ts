// The client against the in-process Harbor emulator: real HTTP on 127.0.0.1, real keep-alive pool,
// Harbor's cookie/CSRF behaviour and injected faults.
import assert from "node:assert/strict";
import { request } from "undici";
import { startEmulator, type HarborEmulator } from "../../../emulator";
import {
  HarborApiError,
  HarborConnectionError,
  OutcomeUnknownError,
  isNotFound,
} from "../../../provider/client/errors";
import { HarborClient } from "../../../provider/client/harbor-client";
import type { TransportOptions } from "../../../provider/client/http";
import type { RobotCreateRequest } from "../../../provider/client/schemas";

const pull = [{ resource: "repository", action: "pull" }];
const systemRobot = (name: string): RobotCreateRequest => ({
  name,
  description: "integration",
  level: "system",
  duration: 30,
  permissions: [{ kind: "project", namespace: "*", access: pull }],
});

describe("client against the Harbor emulator", function () {
  let emu: HarborEmulator;
  let clients: HarborClient[] = [];
  const client = (options: TransportOptions = {}, password?: string) => {
    const c = new HarborClient(
      {
        url: emu.url,
        username: emu.admin.username,
        password: password ?? emu.admin.password,
        insecure: false,
      },
      { retries: 3, retryBaseDelayMs: 5, retryMaxDelayMs: 20, ...options },
    );
    clients.push(c);
    return c;
  };

  before(async function () {
    try {
      emu = await startEmulator({ version: "2.15" });
    } catch (e) {
      console.log(`    (emulator unavailable: ${e instanceof Error ? e.message : String(e)})`);
      this.skip();
    }
  });
  after(async () => emu?.close());
  beforeEach(() => {
    emu.reset();
  });
  afterEach(async () => {
    await Promise.all(clients.map((c) => c.close()));
    clients = [];
  });

  it("reads the version and accepts every base URL form", async () => {
    for (const url of [emu.url, `${emu.url}/`, `${emu.url}/api/v2.0`]) {
      const c = new HarborClient({
        url,
        username: emu.admin.username,
        password: emu.admin.password,
        insecure: false,
      });
      clients.push(c);
      const v = await c.version();
      assert.equal(v?.major, 2);
      assert.equal(v?.minor, 15);
    }
  });

  it("creates, reads, lists, updates, rotates and deletes a system robot", async () => {
    const c = client();
    const created = await c.createRobot(systemRobot("ci-builder"));
    assert.equal(created.name, "robot$ci-builder");
    assert.ok(created.secret && emu.checkLogin(created.name, created.secret));

    const robot = await c.getRobot(created.id);
    assert.equal(robot.name, "robot$ci-builder");
    assert.equal(robot.level, "system");
    assert.equal(robot.secret ?? "", "");

    const found = await c.listRobots({ level: "system" }, { name: "ci-builder" });
    assert.deepEqual(
      found.map((r) => r.id),
      [created.id],
    );

    await c.updateRobot(created.id, { ...robot, description: "changed", disable: true });
    const updated = await c.getRobot(created.id);
    assert.equal(updated.description, "changed");
    assert.equal(updated.disable, true);
    await c.updateRobot(created.id, { ...updated, disable: false });

    const generated = await c.refreshSecret(created.id);
    assert.ok(generated && emu.checkLogin(created.name, generated));
    assert.ok(!emu.checkLogin(created.name, created.secret));
    assert.equal(await c.refreshSecret(created.id, "Chosen5ecretValue"), undefined);
    assert.ok(emu.checkLogin(created.name, "Chosen5ecretValue"));

    assert.equal(await c.deleteRobot(created.id), "deleted");
    assert.equal(await c.deleteRobot(created.id), "absent");
    await assert.rejects(
      c.getRobot(created.id),
      (e: unknown) => isNotFound(e) && /robot \d+ not found/.test(String(e)),
    );
  });

  it("finds a project robot by its stored name with a '+' (double-escaped q)", async () => {
    const c = client();
    emu.seedProject("team-a");
    const project = await c.getProject("team-a");
    assert.ok(project);
    assert.equal(await c.getProject("no-such-project"), undefined);
    const created = await c.createRobot({
      name: "deployer",
      level: "project",
      duration: -1,
      permissions: [{ kind: "project", namespace: "team-a", access: pull }],
    });
    const found = await c.listRobots(
      { level: "project", projectId: project.project_id },
      { name: "team-a+deployer" },
    );
    assert.deepEqual(
      found.map((r) => r.id),
      [created.id],
    );
    assert.equal((await c.listProjects()).filter((p) => p.name === "team-a").length, 1);
  });

  it("lists every page", async () => {
    for (let i = 0; i < 230; i++) emu.seedRobot({ name: `bulk-${String(i).padStart(3, "0")}` });
    emu.resetCounts();
    const robots = await client().listRobots({ level: "system" });
    assert.equal(robots.length, 230);
    assert.equal(new Set(robots.map((r) => r.id)).size, 230);
    assert.equal(emu.requestCount("GET", "/robots"), 3);
  });

  it("writes succeed with the session (CSRF token sent) and with Basic (no cookie jar, so no CSRF trap)", async () => {
    for (const session of [true, false]) {
      const c = client({ session });
      await c.systemInfo();
      const created = await c.createRobot(systemRobot(`csrf-check-${session}`));
      await c.updateRobot(created.id, { ...(await c.getRobot(created.id)), description: "x" });
      await c.refreshSecret(created.id);
      assert.equal(await c.deleteRobot(created.id), "deleted");
      assert.equal(c.loginCount, session ? 1 : 0);
    }

    // The trap is real: the same write with Harbor's cookie sent back is refused.
    const auth = `Basic ${Buffer.from(`${emu.admin.username}:${emu.admin.password}`).toString("base64")}`;
    const first = await request(`${emu.url}/api/v2.0/systeminfo`, { headers: { authorization: auth } });
    await first.body.dump();
    const cookie = String(first.headers["set-cookie"]).split(";")[0] ?? "";
    assert.match(cookie, /^sid=/);
    const write = await request(`${emu.url}/api/v2.0/robots`, {
      method: "POST",
      headers: { authorization: auth, cookie, "content-type": "application/json" },
      body: JSON.stringify(systemRobot("with-cookie")),
    });
    assert.equal(write.statusCode, 403);
    assert.match(await write.body.text(), /CSRF/);
  });

  it("honours Retry-After on 429", async () => {
    const c = client();
    const { id } = emu.seedRobot({ name: "limited" });
    emu.injectFault({
      method: "GET",
      route: "/robots/{id}",
      kind: "status",
      status: 429,
      retryAfterSeconds: 1,
    });
    const started = Date.now();
    assert.equal((await c.getRobot(id)).id, id);
    assert.ok(Date.now() - started >= 950);
    assert.equal(emu.requestCount("GET", "/robots/{id}"), 2);
  });

  it("retries a GET answered 503 and a PATCH whose connection was reset", async () => {
    const c = client();
    const { id, fullName } = emu.seedRobot({ name: "flaky" });
    emu.injectFault({ method: "GET", route: "/robots/{id}", kind: "status", status: 503, times: 2 });
    assert.equal((await c.getRobot(id)).id, id);
    assert.equal(emu.requestCount("GET", "/robots/{id}"), 3);

    emu.injectFault({ method: "PATCH", route: "/robots/{id}", kind: "apply-then-reset" });
    const secret = await c.refreshSecret(id);
    assert.ok(
      secret && emu.checkLogin(fullName, secret),
      "the secret of the last, answered PATCH is in force",
    );
    assert.equal(emu.requestCount("PATCH", "/robots/{id}"), 2);
  });

  it("DELETE applied but reset is retried and ends as absent", async () => {
    const c = client();
    const { id } = emu.seedRobot({ name: "doomed" });
    emu.injectFault({ method: "DELETE", route: "/robots/{id}", kind: "apply-then-reset" });
    assert.equal(await c.deleteRobot(id), "absent");
    assert.equal(emu.getRobot(id), undefined);
  });

  it("retries POST on 429 and creates the robot once", async () => {
    const c = client();
    emu.injectFault({ method: "POST", route: "/robots", kind: "status", status: 429 });
    await c.createRobot(systemRobot("after-429"));
    assert.equal(emu.requestCount("POST", "/robots"), 2);
    assert.equal(emu.listRobots().filter((r) => r.name === "after-429").length, 1);
  });

  for (const fault of [{ kind: "apply-then-status", status: 503 }, { kind: "apply-then-reset" }] as const) {
    it(`POST with ${fault.kind}: OutcomeUnknownError, not repeated, and the robot can be looked up`, async () => {
      const c = client();
      emu.injectFault({ method: "POST", route: "/robots", ...fault });
      await assert.rejects(c.createRobot(systemRobot("maybe-created")), (e: unknown) => {
        assert.ok(e instanceof OutcomeUnknownError);
        assert.match(e.message, /may or may not have been applied/);
        return true;
      });
      assert.equal(emu.requestCount("POST", "/robots"), 1);
      const found = await c.listRobots({ level: "system" }, { name: "maybe-created" });
      assert.equal(found.length, 1);
    });
  }

  it("times out a slow answer", async () => {
    const c = client({ timeoutMs: 200, retries: 0 });
    emu.injectFault({ method: "GET", route: "/systeminfo", kind: "latency", latencyMs: 1500 });
    await assert.rejects(c.systemInfo(), (e: unknown) => {
      assert.ok(e instanceof HarborConnectionError);
      assert.equal(e.networkCode, "UND_ERR_HEADERS_TIMEOUT");
      assert.match(e.message, /no response within 200 ms/);
      return true;
    });
  });

  it("reads and changes the robot settings and the permission list", async () => {
    const c = client();
    const before = await c.getConfigurations();
    assert.equal(before.robot_name_prefix?.value, "robot$");
    assert.equal(typeof before.robot_token_duration?.value, "number");
    await c.updateConfigurations({ robot_token_duration: 45 });
    const after = await c.getConfigurations();
    assert.equal(after.robot_token_duration?.value, 45);
    assert.equal(after.robot_name_prefix?.value, "robot$");
    const permissions = await c.getPermissions();
    assert.ok(permissions.system.some((p) => p.resource === "project" && p.action === "list"));
    assert.ok(permissions.project.some((p) => p.resource === "repository" && p.action === "pull"));
  });

  it("wrong password: 401 with an actionable message and no password", async () => {
    const wrong = "Wr0ng-Passw0rd-zz";
    const c = client({}, wrong);
    await assert.rejects(c.listRobots({ level: "system" }), (e: unknown) => {
      assert.ok(e instanceof HarborApiError);
      assert.equal(e.status, 401);
      assert.match(
        e.message,
        /Harbor rejected the credentials for user 'admin' \(401 UNAUTHORIZED\) — check harbor:username/,
      );
      assert.match(e.message, /\(request id [^)]+\)$/);
      assert.ok(!e.message.includes(wrong));
      return true;
    });
    assert.equal(await c.version(), undefined, "anonymous /systeminfo has no version");
  });
});

describe("client against the Harbor emulator, 2.10 profile", () => {
  let emu: HarborEmulator | undefined;
  after(async () => emu?.close());

  it("reports version 2.10", async function () {
    try {
      emu = await startEmulator({ version: "2.10" });
    } catch (e) {
      console.log(`    (emulator unavailable: ${e instanceof Error ? e.message : String(e)})`);
      this.skip();
    }
    const c = new HarborClient({
      url: emu.url,
      username: emu.admin.username,
      password: emu.admin.password,
      insecure: false,
    });
    try {
      assert.equal((await c.version())?.minor, 10);
    } finally {
      await c.close();
    }
  });
});
