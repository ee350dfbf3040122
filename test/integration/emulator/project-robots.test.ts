// Behaviour 10: project robots have exactly one permission entry for their own project (else 400
// "bad request permission"); stored as "<project>+<name>", shown as "<prefix><project>+<name>";
// listing them needs q=Level=project,ProjectID=<id>.

import assert from "node:assert/strict";
import { harborError, projectRobotBody, systemRobotBody, useEmulator } from "../helpers/emulator-fixture";

const pull = [{ resource: "repository", action: "pull" }];

describe("emulator: project robots", () => {
  const fx = useEmulator();

  it("stores <project>+<name> and shows the prefixed full name", async () => {
    fx.emulator.seedProject("dev");
    const res = await fx.admin.post("/robots", projectRobotBody("dev", { name: "deployer" }));
    assert.equal(res.status, 201);
    assert.equal(res.body.name, "robot$dev+deployer");
    const stored = fx.emulator.getRobot(res.body.id);
    assert.equal(stored?.name, "dev+deployer");
    assert.equal(stored?.level, "project");
    const got = (await fx.admin.get(`/robots/${res.body.id}`)).body;
    assert.equal(got.level, "project");
    assert.deepEqual(got.permissions, [{ kind: "project", namespace: "dev", access: pull }]);
  });

  it("rejects anything but exactly one project entry", async () => {
    fx.emulator.seedProject("dev");
    fx.emulator.seedProject("ops");
    const cases = [
      [
        { kind: "project", namespace: "dev", access: pull },
        { kind: "project", namespace: "ops", access: pull },
      ],
      [{ kind: "system", namespace: "/", access: [{ resource: "audit-log", action: "list" }] }],
    ];
    for (const permissions of cases) {
      const res = await fx.admin.post("/robots", projectRobotBody("dev", { permissions }));
      assert.deepEqual(res.body, harborError("BAD_REQUEST", "bad request permission"));
    }
  });

  it("cannot move to another project on update", async () => {
    fx.emulator.seedProject("dev");
    fx.emulator.seedProject("ops");
    const { id } = (await fx.admin.post("/robots", projectRobotBody("dev"))).body;
    const robot = (await fx.admin.get(`/robots/${id}`)).body;
    const res = await fx.admin.put(`/robots/${id}`, {
      ...robot,
      permissions: [{ kind: "project", namespace: "ops", access: pull }],
    });
    assert.deepEqual(res.body, harborError("BAD_REQUEST", "cannot update the project id of robot"));
  });

  it("lists project robots only with Level=project and the ProjectID", async () => {
    const dev = fx.emulator.seedProject("dev");
    await fx.admin.post("/robots", projectRobotBody("dev"));
    await fx.admin.post("/robots", systemRobotBody({ name: "sys" }));
    const system = await fx.admin.get("/robots");
    assert.deepEqual(
      system.body.map((r: { name: string }) => r.name),
      ["robot$sys"],
    );
    const project = await fx.admin.get(
      `/robots?q=${encodeURIComponent(`Level=project,ProjectID=${dev.id}`)}`,
    );
    assert.deepEqual(
      project.body.map((r: { name: string }) => r.name),
      ["robot$dev+ci"],
    );
    assert.equal(project.headers.get("x-total-count"), "1");
  });

  it("answers 400 when Level=project comes without a valid ProjectID", async () => {
    const missing = await fx.admin.get(`/robots?q=${encodeURIComponent("Level=project")}`);
    assert.deepEqual(
      missing.body,
      harborError("BAD_REQUEST", "must with project ID when to query project robots"),
    );
    const bad = await fx.admin.get(`/robots?q=${encodeURIComponent("Level=project,ProjectID=-3")}`);
    assert.deepEqual(bad.body, harborError("BAD_REQUEST", "ProjectID must be a positive integer"));
  });

  it("needs a literal + double-encoded in q to find a project robot by stored name", async () => {
    const dev = fx.emulator.seedProject("dev");
    await fx.admin.post("/robots", projectRobotBody("dev"));
    const base = `Level=project,ProjectID=${dev.id},name=`;
    const single = await fx.admin.get(`/robots?q=${encodeURIComponent(`${base}dev+ci`)}`);
    assert.equal(single.body.length, 0, "a single-encoded + turns into a space");
    const double = await fx.admin.get(`/robots?q=${encodeURIComponent(base)}dev%252Bci`);
    assert.equal(double.body.length, 1);
  });
});
