// Behaviour 9: a deleted project silently disappears from robot permissions, a PUT that still names
// it gets 404 "project <name> not found" (robot unchanged), and deleting a project deletes its
// project-level robots.

import assert from "node:assert/strict";
import { harborError, projectRobotBody, systemRobotBody, useEmulator } from "../helpers/emulator-fixture";

const pull = [{ resource: "repository", action: "pull" }];

describe("emulator: deleted projects", () => {
  const fx = useEmulator();

  async function robotOnTwoProjects() {
    fx.emulator.seedProject("keep");
    fx.emulator.seedProject("gone");
    const res = await fx.admin.post(
      "/robots",
      systemRobotBody({
        permissions: [
          { kind: "project", namespace: "keep", access: pull },
          { kind: "project", namespace: "gone", access: pull },
        ],
      }),
    );
    return res.body.id as number;
  }

  for (const how of ["the API", "the harness"]) {
    it(`drops the deleted project from GET silently (deleted through ${how})`, async () => {
      const id = await robotOnTwoProjects();
      const before = (await fx.admin.get(`/robots/${id}`)).body;
      if (how === "the API") {
        const res = await fx.admin.delete("/projects/gone", { headers: { "X-Is-Resource-Name": "true" } });
        assert.equal(res.status, 200);
      } else fx.emulator.deleteProject("gone");
      const after = (await fx.admin.get(`/robots/${id}`)).body;
      assert.deepEqual(
        after.permissions.map((p: { namespace: string }) => p.namespace),
        ["keep"],
      );
      const put = await fx.admin.put(`/robots/${id}`, { ...before, description: "changed" });
      assert.equal(put.status, 404);
      assert.deepEqual(put.body, harborError("NOT_FOUND", "project gone not found"));
      const unchanged = (await fx.admin.get(`/robots/${id}`)).body;
      assert.equal(unchanged.description, "CI robot", "a failed PUT changes nothing");
    });
  }

  it("does not bring the permission back when a project with the same name is created again", async () => {
    const id = await robotOnTwoProjects();
    fx.emulator.deleteProject("gone");
    fx.emulator.seedProject("gone");
    const after = (await fx.admin.get(`/robots/${id}`)).body;
    assert.deepEqual(
      after.permissions.map((p: { namespace: string }) => p.namespace),
      ["keep"],
    );
  });

  it("deletes the project's project-level robots with it", async () => {
    fx.emulator.seedProject("dev");
    fx.emulator.seedProject("other");
    const dev = (await fx.admin.post("/robots", projectRobotBody("dev"))).body;
    const other = (await fx.admin.post("/robots", projectRobotBody("other"))).body;
    const sys = (await fx.admin.post("/robots", systemRobotBody())).body;
    fx.emulator.deleteProject("dev");
    assert.equal((await fx.admin.get(`/robots/${dev.id}`)).status, 404);
    assert.equal(fx.emulator.checkLogin(dev.name, dev.secret), false);
    assert.equal((await fx.admin.get(`/robots/${other.id}`)).status, 200);
    assert.equal((await fx.admin.get(`/robots/${sys.id}`)).status, 200);
  });

  it("rejects a create naming a missing project with 404", async () => {
    const res = await fx.admin.post(
      "/robots",
      systemRobotBody({ permissions: [{ kind: "project", namespace: "nope", access: pull }] }),
    );
    assert.deepEqual(res.body, harborError("NOT_FOUND", "project nope not found"));
  });

  it("treats a namespace pattern like dev-* as a project name (no wildcards but *)", async () => {
    fx.emulator.seedProject("dev-a");
    const res = await fx.admin.post(
      "/robots",
      systemRobotBody({ permissions: [{ kind: "project", namespace: "dev-*", access: pull }] }),
    );
    assert.deepEqual(res.body, harborError("NOT_FOUND", "project dev-* not found"));
  });
});
