// Conformance: every response body the emulator produced (in this test and in any other test that
// ran in the same process) must match the official Harbor v2.15.2 swagger definitions. The test
// drives every emulated operation itself, on both profiles, so it never depends on test order and
// cannot pass with nothing to check.

import assert from "node:assert/strict";
import { recordedResponses, startEmulator, type HarborVersionProfile } from "../../../emulator";
import { ROUTES } from "../../../emulator/routes";
import { HarborTestClient } from "../helpers/harbor-http";
import { projectRobotBody, robotManagerPermissions, systemRobotBody } from "../helpers/emulator-fixture";
import { locateSwagger, SwaggerValidator } from "../helpers/swagger-conformance";

/** The exercise below alone produces well over this many responses per profile. */
const MIN_OWN_RESPONSES_PER_PROFILE = 60;

const q = (s: string) => `q=${encodeURIComponent(s)}`;

/** Touch every operation with successes and the typical failures. */
async function exerciseEveryEndpoint(version: HarborVersionProfile): Promise<void> {
  const emu = await startEmulator({ version });
  try {
    const admin = new HarborTestClient(emu.url, emu.admin);
    const anon = admin.anonymous();
    emu.addUser("dev", "Dev12345");
    const dev = admin.as("dev", "Dev12345");

    // projects
    await admin.post("/projects", {
      project_name: "conf-a",
      metadata: { public: "true", auto_scan: "true" },
    });
    await admin.post("/projects", { project_name: "conf-b", public: false });
    await admin.post("/projects", { project_name: "conf-a" });
    await admin.post("/projects", { project_name: "Bad Name" });
    await admin.post("/projects", { project_name: 1 });
    await anon.post("/projects", { project_name: "anon" });
    await admin.get("/projects");
    await admin.get(`/projects?name=conf&page_size=1&page=2&sort=-name`);
    await admin.get(`/projects?${q("name=~conf")}`);
    await anon.get("/projects");
    await admin.get("/projects/conf-a", { headers: { "X-Is-Resource-Name": "true" } });
    await admin.get("/projects/1");
    await admin.get("/projects/missing");
    await anon.get("/projects/conf-b");
    await admin.request("HEAD", "/projects?project_name=conf-a");
    await admin.request("HEAD", "/projects?project_name=missing");

    // robots: create
    const permissions = [
      { kind: "system", namespace: "/", access: [{ resource: "audit-log", action: "list" }] },
      {
        kind: "project",
        namespace: "*",
        access: [{ resource: "repository", action: "pull", effect: "allow" }],
      },
      {
        kind: "project",
        namespace: "conf-a",
        access: [
          { resource: "repository", action: "push" },
          { resource: "artifact", action: "read" },
        ],
      },
    ];
    const sys = (await admin.post("/robots", systemRobotBody({ name: "conf-sys", permissions }))).body;
    const proj = (
      await admin.post("/robots", projectRobotBody("conf-a", { name: "conf-proj", description: "" }))
    ).body;
    await admin.post("/robots", systemRobotBody({ name: "conf-never", duration: -1 }));
    await admin.post("/robots", systemRobotBody({ name: "conf-sys", permissions }));
    await admin.post("/robots", systemRobotBody({ name: "BAD" }));
    await admin.post("/robots", systemRobotBody({ duration: 0 }));
    await admin.post(
      "/robots",
      systemRobotBody({
        permissions: [
          { kind: "project", namespace: "*", access: [{ resource: "helm-chart", action: "read" }] },
        ],
      }),
    );
    await admin.post(
      "/robots",
      systemRobotBody({
        permissions: [
          { kind: "project", namespace: "nope", access: [{ resource: "repository", action: "pull" }] },
        ],
      }),
    );
    await admin.post("/robots", { name: 1 });
    await admin.post("/robots");
    await anon.post("/robots", systemRobotBody({ name: "anon" }));
    await dev.post("/robots", systemRobotBody({ name: "dev" }));

    // robots: list and read
    const a = (await admin.get("/projects/conf-a")).body.project_id;
    await admin.get("/robots");
    await admin.get(`/robots?page=1&page_size=1&sort=-creation_time&${q("Level=system,name=~conf")}`);
    await admin.get(`/robots?${q(`Level=project,ProjectID=${a}`)}`);
    await admin.get(`/robots?${q("Level=project")}`);
    await admin.get(`/robots?${q("Level={a b}")}`);
    await admin.get("/robots?page_size=1000");
    await anon.get("/robots");
    await dev.get("/robots");
    await admin.get(`/robots/${sys.id}`);
    await admin.get(`/robots/${proj.id}`);
    await admin.get("/robots/424242");
    await admin.get("/robots/not-a-number");

    // robots: update and secret
    const current = (await admin.get(`/robots/${sys.id}`)).body;
    await admin.put(`/robots/${sys.id}`, { ...current, description: "updated", disable: true, duration: 5 });
    await admin.put(`/robots/${sys.id}`, { ...current, name: "robot$other" });
    await admin.put(`/robots/${sys.id}`, {
      ...current,
      permissions: [
        { kind: "project", namespace: "nope", access: [{ resource: "repository", action: "pull" }] },
      ],
    });
    await admin.put(`/robots/${sys.id}`, { ...current, duration: "x" });
    await admin.put("/robots/424242", current);
    await admin.patch(`/robots/${proj.id}`, {});
    await admin.patch(`/robots/${proj.id}`, { secret: "Conform4nce" });
    await admin.patch(`/robots/${proj.id}`, { secret: "weak" });
    await admin.patch(`/robots/${proj.id}`);
    const legacy = emu.seedLegacyRobot("conf-legacy");
    await admin.get(`/robots/${legacy.id}`);
    await admin.put(`/robots/${legacy.id}`, { ...current, name: "robot$conf-legacy" });

    // a robot managing robots (2.15 only: 2.10 cannot grant robot:*)
    if (version === "2.15") {
      const mgr = emu.seedRobot({
        name: "conf-mgr",
        permissions: robotManagerPermissions(),
      });
      const asMgr = admin.as(mgr.fullName, mgr.secret);
      const child = (await asMgr.post("/robots", systemRobotBody({ name: "conf-child" }))).body;
      await asMgr.post("/robots", systemRobotBody({ name: "conf-greedy", permissions }));
      await asMgr.get("/robots");
      await asMgr.get(`/robots/${child.id}`);
      await asMgr.patch(`/robots/${child.id}`, {});
      await asMgr.delete(`/robots/${child.id}`);
      await asMgr.get("/permissions");
    }

    // configurations
    await admin.get("/configurations");
    await admin.put("/configurations", { robot_name_prefix: "conf$", robot_token_duration: 45 });
    await admin.get(`/robots/${sys.id}`);
    await admin.put("/configurations", { robot_token_duration: 0 });
    await admin.put("/configurations", { robot_token_duration: "10" });
    await dev.get("/configurations");
    await anon.put("/configurations", { read_only: true });
    emu.setConfigReadOnly(true);
    await admin.get("/configurations");
    await admin.put("/configurations", { robot_token_duration: 10 });
    emu.setConfigReadOnly(false);

    // permissions and systeminfo
    await admin.get("/permissions");
    await dev.get("/permissions");
    await anon.get("/permissions");
    await admin.get("/systeminfo");
    await anon.get("/systeminfo");
    await admin.get("/users/current");
    await anon.get("/users/current");
    await admin.get("/systeminfo/volumes");
    await anon.get("/systeminfo/volumes");
    await anon.get("/ping", { headers: { Accept: "text/plain" } });
    await anon.get("/health");
    const projNow = (await admin.get(`/robots/${proj.id}`)).body; // renamed by the prefix change
    await admin.as(projNow.name, "Conform4nce").get("/users/current");

    // deletes, routing errors
    await admin.delete(`/robots/${sys.id}`);
    await admin.delete(`/robots/${sys.id}`);
    await admin.delete("/projects/conf-a", { headers: { "X-Is-Resource-Name": "true" } });
    await admin.delete("/projects/conf-a", { headers: { "X-Is-Resource-Name": "true" } });
    await admin.request("PATCH", "/projects");
    await admin.get("/no/such/path");
  } finally {
    await emu.close();
  }
}

// Root-level hook: runs after every test file of this mocha run, so the bodies all other emulator
// tests produced are checked too, whatever the file order.
after(function () {
  const { file, exists } = locateSwagger();
  if (!exists) return;
  const validator = new SwaggerValidator(file);
  const problems = recordedResponses.flatMap((r) => validator.validate(r));
  assert.deepEqual(problems.slice(0, 20), [], `${problems.length} non-conforming responses in this run`);
  console.log(`  swagger conformance: ${recordedResponses.length} responses of this run validated`);
});

describe("emulator: swagger conformance", function () {
  let validator: SwaggerValidator;

  before(function () {
    const { file, exists } = locateSwagger();
    if (!exists) {
      console.log(`    swagger file not found at ${file} (set HARBOR_SWAGGER): skipping conformance`);
      this.skip();
    }
    validator = new SwaggerValidator(file);
  });

  it("emulates only operations the swagger declares", () => {
    for (const r of ROUTES)
      assert.ok(validator.hasOperation(r.method, r.swaggerPath), `${r.method} ${r.swaggerPath}`);
  });

  it("produces responses that match the official definitions", async () => {
    const start = recordedResponses.length;
    for (const version of ["2.15", "2.10"] as const) {
      const before = recordedResponses.length;
      await exerciseEveryEndpoint(version);
      assert.ok(
        recordedResponses.length - before >= MIN_OWN_RESPONSES_PER_PROFILE,
        `only ${recordedResponses.length - before} responses recorded for ${version}`,
      );
    }
    const own = recordedResponses.slice(start);
    for (const r of ROUTES) {
      const hit = own.some((x) => x.method === r.method && x.swaggerPath === r.swaggerPath && x.status < 300);
      assert.ok(hit, `the exercise never got a success from ${r.method} ${r.swaggerPath}`);
    }
    const created = own.filter((x) => x.status === 201);
    assert.ok(
      created.every((x) => x.headers.Location?.startsWith("/api/v2.0/")),
      "every 201 has a Location",
    );
    const lists = own.filter(
      (x) =>
        x.method === "GET" &&
        (x.swaggerPath === "/robots" || x.swaggerPath === "/projects") &&
        x.status === 200,
    );
    assert.ok(
      lists.every((x) => /^\d+$/.test(x.headers["X-Total-Count"] ?? "")),
      "every list has X-Total-Count",
    );
    assert.ok(
      own.every((x) => x.headers["X-Request-Id"]),
      "every response has X-Request-Id",
    );

    // Everything recorded in this process so far, not only this test's share.
    const all = [...recordedResponses];
    const problems = all.flatMap((r) => validator.validate(r));
    assert.deepEqual(problems.slice(0, 20), [], `${problems.length} non-conforming responses`);
    assert.ok(all.length >= 2 * MIN_OWN_RESPONSES_PER_PROFILE, `validated only ${all.length} responses`);
    console.log(`    validated ${all.length} responses (${own.length} from this test)`);
  });
});
