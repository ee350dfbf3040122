// The /projects subset: create, list with name filters, get by name or id, delete.

import assert from "node:assert/strict";
import { harborError, useEmulator } from "../helpers/emulator-fixture";

describe("emulator: /projects", () => {
  const fx = useEmulator();

  it("creates a project with 201, Location and an empty body", async () => {
    const res = await fx.admin.post("/projects", { project_name: "dev", metadata: { public: "true" } });
    assert.equal(res.status, 201);
    assert.equal(res.text, "");
    assert.match(res.headers.get("location") ?? "", /^\/api\/v2\.0\/projects\/\d+$/);
    const named = await fx.admin.post(
      "/projects",
      { project_name: "ops" },
      { headers: { "X-Resource-Name-In-Location": "true" } },
    );
    assert.equal(named.headers.get("location"), "/api/v2.0/projects/ops");
  });

  it("rejects duplicates and bad names", async () => {
    await fx.admin.post("/projects", { project_name: "dev" });
    const dup = await fx.admin.post("/projects", { project_name: "dev" });
    assert.deepEqual(dup.body, harborError("CONFLICT", "The project named dev already exists"));
    assert.equal((await fx.admin.post("/projects", { project_name: "Dev" })).status, 400);
    assert.equal((await fx.admin.post("/projects", { project_name: 3 })).status, 422);
  });

  it("lists with the name parameter and with q", async () => {
    for (const name of ["dev-a", "dev-b", "ops"]) fx.emulator.seedProject(name);
    const names = (body: Array<{ name: string }>) => body.map((p) => p.name);
    assert.deepEqual(names((await fx.admin.get("/projects?name=dev")).body), ["dev-a", "dev-b"]);
    assert.deepEqual(names((await fx.admin.get(`/projects?q=${encodeURIComponent("name=~ps")}`)).body), [
      "ops",
    ]);
    assert.deepEqual(names((await fx.admin.get(`/projects?q=${encodeURIComponent("name=dev-b")}`)).body), [
      "dev-b",
    ]);
    const all = await fx.admin.get("/projects?page_size=2");
    assert.equal(all.headers.get("x-total-count"), "4", "library too");
    assert.equal(all.body.length, 2);
  });

  it("gets a project by name or id", async () => {
    const { id } = fx.emulator.seedProject("dev");
    const byName = await fx.admin.get("/projects/dev", { headers: { "X-Is-Resource-Name": "true" } });
    assert.equal(byName.body.project_id, id);
    assert.equal((await fx.admin.get(`/projects/${id}`)).body.name, "dev");
    assert.equal((await fx.admin.get("/projects/dev")).body.project_id, id, "a non-number is a name anyway");
    assert.deepEqual(
      (await fx.admin.get("/projects/nope")).body,
      harborError("NOT_FOUND", "project nope not found"),
    );
  });

  it("treats a numeric value as a name only with X-Is-Resource-Name", async () => {
    fx.emulator.seedProject("a");
    const numeric = fx.emulator.seedProject("123");
    assert.equal(
      (await fx.admin.get("/projects/123", { headers: { "X-Is-Resource-Name": "true" } })).body.project_id,
      numeric.id,
    );
    assert.equal((await fx.admin.get("/projects/123")).status, 404);
  });

  it("deletes by id and by name", async () => {
    const { id } = fx.emulator.seedProject("dev");
    fx.emulator.seedProject("ops");
    assert.equal((await fx.admin.delete(`/projects/${id}`)).status, 200);
    assert.equal(
      (await fx.admin.delete("/projects/ops", { headers: { "X-Is-Resource-Name": "true" } })).status,
      200,
    );
    assert.deepEqual(
      (await fx.admin.get("/projects")).body.map((p: { name: string }) => p.name),
      ["library"],
    );
    assert.equal((await fx.admin.delete("/projects/ops")).status, 404);
  });

  it("shows anonymous callers public projects only", async () => {
    await fx.admin.post("/projects", { project_name: "open", metadata: { public: "true" } });
    fx.emulator.seedProject("closed");
    const anon = fx.admin.anonymous();
    assert.deepEqual(
      (await anon.get("/projects")).body.map((p: { name: string }) => p.name),
      ["library", "open"],
    );
    assert.equal((await anon.get("/projects/closed")).status, 401);
    assert.equal((await anon.post("/projects", { project_name: "x" })).status, 401);
  });

  it("lets users create projects unless creation is restricted to admins", async () => {
    fx.emulator.addUser("dev", "Dev12345");
    const dev = fx.admin.as("dev", "Dev12345");
    assert.equal((await dev.post("/projects", { project_name: "mine" })).status, 201);
    assert.equal((await dev.delete("/projects/mine")).status, 200, "owners may delete their project");
    await fx.admin.put("/configurations", { project_creation_restriction: "adminonly" });
    assert.equal((await dev.post("/projects", { project_name: "other" })).status, 403);
  });
});
