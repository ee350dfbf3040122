// The in-process handle other tests build on: seeding, raw views, reset, counters, login checks and
// the injectable clock.

import assert from "node:assert/strict";
import { startEmulator } from "../../../emulator";
import { systemRobotBody, useEmulator } from "../helpers/emulator-fixture";

describe("emulator: harness handle", () => {
  const fx = useEmulator();

  it("exposes url, version and admin", () => {
    assert.match(fx.emulator.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(fx.emulator.version, "2.15");
    assert.deepEqual(fx.emulator.admin, { username: "admin", password: "Harbor12345" });
  });

  it("seeds robots through the same rules as the API", async () => {
    fx.emulator.seedProject("dev");
    const sys = fx.emulator.seedRobot({ name: "sys", description: "d", duration: 10 });
    assert.equal(sys.fullName, "robot$sys");
    assert.ok(fx.emulator.checkLogin(sys.fullName, sys.secret));
    const proj = fx.emulator.seedRobot({ name: "p", project: "dev" });
    assert.equal(proj.fullName, "robot$dev+p");
    assert.throws(() => fx.emulator.seedRobot({ name: "Bad" }), /robot name is not in lower case/);
    assert.throws(() => fx.emulator.seedRobot({ name: "x", duration: 0 }), /duration/);
    const raw = fx.emulator.getRobot(sys.id);
    assert.equal(raw?.name, "sys");
    assert.equal(raw?.description, "d");
    assert.equal(raw?.duration, 10);
    assert.equal(raw?.level, "system");
    assert.deepEqual(raw?.permissions, [
      { kind: "project", namespace: "*", access: [{ resource: "repository", action: "pull" }] },
    ]);
    assert.deepEqual(
      fx.emulator.listRobots().map((r) => r.fullName),
      ["robot$sys", "robot$dev+p"],
    );
    assert.equal(fx.emulator.getRobot(9999), undefined);
  });

  it("resets to a fresh Harbor", async () => {
    fx.emulator.seedProject("dev");
    fx.emulator.seedRobot({ name: "x" });
    fx.emulator.addUser("u", "Passw0rd");
    fx.emulator.setConfig({ robot_name_prefix: "bot-" });
    fx.emulator.setConfigReadOnly(true);
    fx.emulator.injectFault({ kind: "status", status: 500 });
    fx.emulator.reset();
    assert.equal(fx.emulator.listRobots().length, 0);
    assert.equal(fx.emulator.requestCount(), 0);
    const config = (await fx.admin.get("/configurations")).body;
    assert.deepEqual(config.robot_name_prefix, { value: "robot$", editable: true });
    const projects = (await fx.admin.get("/projects")).body.map((p: { name: string }) => p.name);
    assert.deepEqual(projects, ["library"], "only the project every Harbor starts with");
    assert.equal((await fx.admin.as("u", "Passw0rd").get("/users/current")).status, 401);
  });

  it("counts requests per method and route template", async () => {
    await fx.admin.get("/robots");
    await fx.admin.post("/robots", systemRobotBody());
    await fx.admin.get("/robots/1");
    await fx.admin.get("/robots/2");
    assert.equal(fx.emulator.requestCount(), 4);
    assert.equal(fx.emulator.requestCount("GET"), 3);
    assert.equal(fx.emulator.requestCount("GET", "/robots"), 1);
    assert.equal(fx.emulator.requestCount("get", "/robots/{id}"), 2);
    assert.equal(fx.emulator.requestCount(undefined, "/robots/{robot_id}"), 2);
    assert.equal(fx.emulator.requestCount("POST", "/robots"), 1);
    fx.emulator.resetCounts();
    assert.equal(fx.emulator.requestCount(), 0);
  });

  it("has a clock that can be frozen, advanced and released", () => {
    fx.emulator.setClock(Date.UTC(2030, 0, 1));
    assert.equal(fx.emulator.now(), Date.UTC(2030, 0, 1));
    fx.emulator.advanceClock(1000);
    assert.equal(fx.emulator.now(), Date.UTC(2030, 0, 1) + 1000);
    fx.emulator.setClock(undefined);
    assert.ok(Math.abs(fx.emulator.now() - Date.now()) < 1000);
    fx.emulator.advanceClock(60_000);
    assert.ok(fx.emulator.now() - Date.now() > 59_000);
  });

  it("deletes projects like the API does", () => {
    fx.emulator.seedProject("dev");
    const r = fx.emulator.seedRobot({ name: "p", project: "dev" });
    fx.emulator.deleteProject("dev");
    assert.equal(fx.emulator.getRobot(r.id), undefined);
    assert.throws(() => fx.emulator.deleteProject("dev"), /not found/);
  });

  it("starts several independent instances on random ports", async () => {
    const other = await startEmulator({ version: "2.10" });
    try {
      assert.notEqual(other.url, fx.emulator.url);
      other.seedRobot({ name: "only-there" });
      assert.equal(fx.emulator.listRobots().length, 0);
    } finally {
      await other.close();
    }
  });
});
