import assert from "node:assert/strict";
import { PAGE_SIZE, robotQuery } from "../../../provider/client/harbor-client";
import { API, JSON_HEADERS, harborErrors, mockHarbor, pathStarts, robotBody } from "./mock-harbor";

const searchParams = (path: string) => new URL(path, "https://x").searchParams;

/** Answers GET /robots?page=<page> with that page of `all`, announcing `total`. */
function replyPage(pool: ReturnType<typeof mockHarbor>["pool"], page: number, all: unknown[], total: string) {
  return pool
    .intercept({
      path: (p) => pathStarts("/robots")(p) && searchParams(p).get("page") === String(page),
      method: "GET",
    })
    .reply(200, all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE), {
      headers: { ...JSON_HEADERS, "x-total-count": total },
    });
}

describe("client/harbor-client", () => {
  describe("listRobots", () => {
    it("walks every page (page_size 100) until X-Total-Count is reached", async () => {
      const { pool, client, calls } = mockHarbor();
      const total = 2 * PAGE_SIZE + 17;
      const all = Array.from({ length: total }, (_, i) => robotBody(i + 1));
      for (const page of [1, 2, 3]) replyPage(pool, page, all, String(total));
      const c = client();
      const robots = await c.listRobots({ level: "system" });
      assert.equal(robots.length, total);
      assert.deepEqual(
        robots.map((r) => r.id),
        all.map((r) => r.id),
      );
      assert.equal(c.requestCount, 3);
      for (const call of calls()) {
        assert.equal(searchParams(call.fullUrl).get("page_size"), "100");
        assert.equal(searchParams(call.fullUrl).get("q"), "Level=system");
      }
    });

    it("with concurrency, fetches the announced pages at once: same requests, same order, every page reported", async () => {
      const { pool, client } = mockHarbor();
      const total = 4 * PAGE_SIZE + 3;
      const all = Array.from({ length: total }, (_, i) => robotBody(i + 1));
      for (const page of [1, 2, 3, 4, 5]) {
        const reply = replyPage(pool, page, all, String(total));
        // Later pages answer out of order: the result must still be in page order.
        if (page > 1) reply.delay(60 - page * 10);
      }
      const c = client();
      const reported: number[] = [];
      const robots = await c.listRobots(
        { level: "system" },
        { concurrency: 3, onPage: (count, t) => (assert.equal(t, total), reported.push(count)) },
      );
      assert.deepEqual(
        robots.map((r) => r.id),
        all.map((r) => r.id),
        "in page order",
      );
      assert.equal(c.requestCount, 5, "⌈403/100⌉ requests, as one page at a time");
      assert.deepEqual(
        [...reported].sort((a, b) => a - b),
        [3, 100, 100, 100, 100],
      );
    });

    it("with concurrency, follows a last page that is still full (robots added while listing)", async () => {
      const { pool, client } = mockHarbor();
      const all = Array.from({ length: 2 * PAGE_SIZE + 1 }, (_, i) => robotBody(i + 1));
      // The first page announces 200; a robot was added before the second page was read.
      const totals = ["200", "201", "201"];
      for (const page of [1, 2, 3]) replyPage(pool, page, all, totals[page - 1]!);
      const robots = await client().listRobots({ level: "system" }, { concurrency: 4 });
      assert.equal(robots.length, 2 * PAGE_SIZE + 1);
    });

    it("stops without an extra request when the total is a multiple of the page size", async () => {
      const { pool, client } = mockHarbor();
      const all = Array.from({ length: PAGE_SIZE }, (_, i) => robotBody(i + 1));
      pool
        .intercept({ path: pathStarts("/robots"), method: "GET" })
        .reply(200, all, { headers: { "x-total-count": "100" } });
      const c = client();
      assert.equal((await c.listRobots({ level: "system" })).length, PAGE_SIZE);
      assert.equal(c.requestCount, 1);
    });

    it("stops on a short page when X-Total-Count is missing", async () => {
      const { pool, client } = mockHarbor();
      pool.intercept({ path: pathStarts("/robots"), method: "GET" }).reply(200, [robotBody(1)]);
      assert.equal((await client().listRobots({ level: "system" })).length, 1);
    });

    it("sends q=Level=system,name=<short> on the wire, escaped for Harbor's second unescape", async () => {
      const { pool, client, calls } = mockHarbor();
      pool
        .intercept({ path: pathStarts("/robots"), method: "GET" })
        .reply(200, [])
        .times(2);
      const c = client();
      await c.listRobots({ level: "system" }, { name: "ci-builder" });
      await c.listRobots({ level: "project", projectId: 3 }, { name: "proj+ci" });
      const [system, project] = calls().map((call) => call.fullUrl);
      assert.match(system ?? "", /[?&]q=Level%3Dsystem%2Cname%3Dci-builder(&|$)/);
      // `+` → %2B for Harbor's own unescape → %252B in the URL.
      assert.match(project ?? "", /[?&]q=Level%3Dproject%2CProjectID%3D3%2Cname%3Dproj%252Bci(&|$)/);
    });
  });

  describe("robotQuery", () => {
    it("builds Harbor's q syntax per level", () => {
      assert.equal(robotQuery({ level: "system" }), "Level=system");
      assert.equal(robotQuery({ level: "system" }, "ci"), "Level=system,name=ci");
      assert.equal(
        robotQuery({ level: "project", projectId: 7 }, "p+ci"),
        "Level=project,ProjectID=7,name=p%2Bci",
      );
    });

    it("makes pattern characters literal and refuses what q cannot express", () => {
      assert.equal(robotQuery({ level: "system" }, "~x"), "Level=system,name=%5C~x");
      assert.throws(
        () => robotQuery({ level: "system" }, "a,b"),
        /cannot search Harbor robots for the name "a,b"/,
      );
      assert.throws(() => robotQuery({ level: "system" }, ""), /cannot search/);
    });
  });

  describe("robots", () => {
    it("createRobot returns the body, taking the id from Location when the body lacks it", async () => {
      const { pool, client } = mockHarbor();
      pool
        .intercept({ path: `${API}/robots`, method: "POST" })
        .reply(
          201,
          { name: "robot$ci", secret: "Gen3ratedSecret", expires_at: -1 },
          { headers: { location: "/api/v2.0/robots/17" } },
        );
      const created = await client().createRobot({
        name: "ci",
        level: "system",
        duration: -1,
        permissions: [],
      });
      assert.deepEqual(created, { id: 17, name: "robot$ci", secret: "Gen3ratedSecret", expires_at: -1 });
    });

    it("createRobot fails clearly when no id can be found", async () => {
      const { pool, client } = mockHarbor();
      pool.intercept({ path: `${API}/robots`, method: "POST" }).reply(201, { name: "robot$ci" });
      await assert.rejects(
        client().createRobot({ name: "ci", level: "system", duration: -1, permissions: [] }),
        /no robot id in the body or Location/,
      );
    });

    it("getRobot fills Harbor's omitted defaults", async () => {
      const { pool, client } = mockHarbor();
      pool
        .intercept({ path: `${API}/robots/2`, method: "GET" })
        .reply(200, { id: 2, name: "robot$x", level: "system", extra: 1 });
      const robot = await client().getRobot(2);
      assert.deepEqual(robot, {
        id: 2,
        name: "robot$x",
        level: "system",
        description: "",
        editable: true,
        disable: false,
        permissions: [],
      });
    });

    it("updateRobot PUTs the full robot; refreshSecret returns only a generated secret", async () => {
      const { pool, client, calls } = mockHarbor();
      pool.intercept({ path: `${API}/robots/2`, method: "PUT" }).reply(200, "");
      pool.intercept({ path: `${API}/robots/2`, method: "PATCH" }).reply(200, { secret: "Gen3ratedSecret" });
      pool.intercept({ path: `${API}/robots/2`, method: "PATCH" }).reply(200, {});
      const c = client();
      const body = {
        name: "robot$x",
        level: "system",
        description: "d",
        disable: true,
        duration: 5,
        permissions: [],
      };
      await c.updateRobot(2, body);
      assert.equal(await c.refreshSecret(2), "Gen3ratedSecret");
      assert.equal(await c.refreshSecret(2, "Chosen5ecret"), undefined);
      const [put, generate, choose] = calls();
      assert.deepEqual(JSON.parse(String(put?.body)), body);
      assert.deepEqual(JSON.parse(String(generate?.body)), {});
      assert.deepEqual(JSON.parse(String(choose?.body)), { secret: "Chosen5ecret" });
    });

    it("deleteRobot: deleted, or absent on 404", async () => {
      const { pool, client } = mockHarbor();
      pool.intercept({ path: `${API}/robots/2`, method: "DELETE" }).reply(200, "");
      pool
        .intercept({ path: `${API}/robots/2`, method: "DELETE" })
        .reply(404, harborErrors("NOT_FOUND", "robot 2 not found"));
      const c = client();
      assert.equal(await c.deleteRobot(2), "deleted");
      assert.equal(await c.deleteRobot(2), "absent");
    });

    it("deleteRobot: a DELETE that keeps failing with 5xx is a success when the robot is gone", async () => {
      const { pool, client } = mockHarbor();
      // Harbor deleted it, but every answer was replaced by the proxy's 502.
      pool
        .intercept({ path: `${API}/robots/2`, method: "DELETE" })
        .reply(502, "bad gateway")
        .persist();
      pool
        .intercept({ path: `${API}/robots/2`, method: "GET" })
        .reply(404, harborErrors("NOT_FOUND", "robot 2 not found"));
      assert.equal(await client().deleteRobot(2), "deleted");
    });

    it("deleteRobot: a DELETE that keeps failing while the robot is still there fails", async () => {
      const { pool, client } = mockHarbor();
      pool
        .intercept({ path: `${API}/robots/2`, method: "DELETE" })
        .reply(503, "unavailable")
        .persist();
      pool.intercept({ path: `${API}/robots/2`, method: "GET" }).reply(200, robotBody(2));
      await assert.rejects(client().deleteRobot(2), /503/);
    });
  });

  describe("projects", () => {
    it("getProject by name sends X-Is-Resource-Name, by id does not; 404 gives undefined", async () => {
      const { pool, client, calls } = mockHarbor();
      pool
        .intercept({ path: `${API}/projects/123`, method: "GET" })
        .reply(200, { project_id: 9, name: "123" });
      pool.intercept({ path: `${API}/projects/9`, method: "GET" }).reply(200, { project_id: 9, name: "123" });
      pool
        .intercept({ path: `${API}/projects/gone`, method: "GET" })
        .reply(404, harborErrors("NOT_FOUND", "project gone not found"));
      const c = client();
      assert.equal((await c.getProject("123"))?.project_id, 9);
      assert.equal((await c.getProject(9))?.name, "123");
      assert.equal(await c.getProject("gone"), undefined);
      const [byName, byId] = calls().map((call) => call.headers as Record<string, string>);
      assert.equal(byName?.["x-is-resource-name"], "true");
      assert.equal(byId?.["x-is-resource-name"], undefined);
    });

    it("getProject still throws on other failures", async () => {
      const { pool, client } = mockHarbor();
      pool
        .intercept({ path: `${API}/projects/p`, method: "GET" })
        .reply(403, harborErrors("FORBIDDEN", "forbidden"));
      await assert.rejects(
        client().getProject("p"),
        /is not allowed to GET \/api\/v2\.0\/projects\/p \(403 FORBIDDEN\)/,
      );
    });

    it("listProjects pages and passes the name filter", async () => {
      const { pool, client, calls } = mockHarbor();
      pool
        .intercept({ path: pathStarts("/projects"), method: "GET" })
        .reply(200, [{ project_id: 1, name: "dev-a" }], {
          headers: { "x-total-count": "1" },
        });
      const projects = await client().listProjects({ name: "dev" });
      assert.deepEqual(projects, [{ project_id: 1, name: "dev-a" }]);
      const params = searchParams(calls()[0]?.fullUrl ?? "");
      assert.equal(params.get("name"), "dev");
      assert.equal(params.get("page"), "1");
    });
  });

  describe("configurations and permissions", () => {
    it("getConfigurations returns only the robot keys", async () => {
      const { pool, client } = mockHarbor();
      pool.intercept({ path: `${API}/configurations`, method: "GET" }).reply(200, {
        auth_mode: { value: "db_auth", editable: true },
        robot_name_prefix: { value: "robot$", editable: true },
        robot_token_duration: { value: 30, editable: false },
      });
      assert.deepEqual(await client().getConfigurations(), {
        robot_name_prefix: { value: "robot$", editable: true },
        robot_token_duration: { value: 30, editable: false },
      });
    });

    it("updateConfigurations PUTs only the given keys, and nothing when there are none", async () => {
      const { pool, client, calls } = mockHarbor();
      pool.intercept({ path: `${API}/configurations`, method: "PUT" }).reply(200, "");
      const c = client();
      await c.updateConfigurations({ robot_token_duration: 60, robot_name_prefix: undefined });
      await c.updateConfigurations({});
      assert.equal(c.requestCount, 1);
      assert.deepEqual(JSON.parse(String(calls()[0]?.body)), { robot_token_duration: 60 });
    });

    it("getPermissions decodes both kinds", async () => {
      const { pool, client } = mockHarbor();
      pool
        .intercept({ path: `${API}/permissions`, method: "GET" })
        .reply(200, { system: [{ resource: "project", action: "list" }] });
      assert.deepEqual(await client().getPermissions(), {
        system: [{ resource: "project", action: "list" }],
        project: [],
      });
    });
  });
});
