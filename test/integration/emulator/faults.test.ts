// Injected faults: a status answered instead of the request, a reset before or after applying it,
// latency, and the method/route/times matching.

import assert from "node:assert/strict";
import { systemRobotBody, useEmulator } from "../helpers/emulator-fixture";

describe("emulator: fault injection", () => {
  const fx = useEmulator();

  it("answers a status without applying the request", async () => {
    fx.emulator.injectFault({ method: "POST", route: "/robots", kind: "status", status: 503 });
    const res = await fx.admin.post("/robots", systemRobotBody());
    assert.equal(res.status, 503);
    assert.equal(res.body.errors[0].code, "SERVICE_UNAVAILABLE");
    assert.ok(res.headers.get("x-request-id"));
    assert.equal(fx.emulator.listRobots().length, 0);
    assert.equal((await fx.admin.post("/robots", systemRobotBody())).status, 201, "times defaults to 1");
  });

  it("sets Retry-After on 429 and honours times", async () => {
    fx.emulator.injectFault({
      route: "/robots",
      kind: "status",
      status: 429,
      retryAfterSeconds: 2,
      times: 2,
    });
    for (let i = 0; i < 2; i++) {
      const res = await fx.admin.get("/robots");
      assert.equal(res.status, 429);
      assert.equal(res.headers.get("retry-after"), "2");
      assert.equal(res.body.errors[0].code, "TOO_MANY_REQUEST");
    }
    assert.equal((await fx.admin.get("/robots")).status, 200);
    assert.equal(fx.emulator.requestCount("GET", "/robots"), 3, "faulted requests are counted");
  });

  it("matches method and route", async () => {
    fx.emulator.injectFault({ method: "DELETE", route: "/robots/{id}", kind: "status", status: 500 });
    assert.equal((await fx.admin.get("/robots/1")).status, 404);
    assert.equal((await fx.admin.post("/robots", systemRobotBody())).status, 201);
    const res = await fx.admin.delete("/robots/1");
    assert.equal(res.status, 500);
    assert.equal(res.body.errors[0].code, "UNKNOWN");
  });

  it("applies the request and then answers a status", async () => {
    fx.emulator.injectFault({ method: "POST", route: "/robots", kind: "apply-then-status", status: 502 });
    const res = await fx.admin.post("/robots", systemRobotBody());
    assert.equal(res.status, 502);
    assert.equal(fx.emulator.listRobots().length, 1, "the robot exists although the client saw an error");
    assert.equal((await fx.admin.post("/robots", systemRobotBody())).status, 409);
  });

  it("resets the connection before doing anything", async () => {
    fx.emulator.injectFault({ method: "POST", kind: "reset" });
    await assert.rejects(fx.admin.post("/robots", systemRobotBody()));
    assert.equal(fx.emulator.listRobots().length, 0);
  });

  it("applies the request and then resets the connection", async () => {
    fx.emulator.injectFault({ method: "PATCH", route: "/robots/{robot_id}", kind: "apply-then-reset" });
    const robot = fx.emulator.seedRobot({ name: "x" });
    await assert.rejects(fx.admin.patch(`/robots/${robot.id}`, { secret: "NewSecret123" }));
    assert.equal(fx.emulator.checkLogin(robot.fullName, "NewSecret123"), true);
  });

  it("delays and then proceeds normally", async () => {
    fx.emulator.injectFault({ kind: "latency", latencyMs: 150 });
    const start = Date.now();
    assert.equal((await fx.admin.get("/systeminfo")).status, 200);
    assert.ok(Date.now() - start >= 140);
  });

  it("clears faults", async () => {
    fx.emulator.injectFault({ kind: "status", status: 500, times: 10 });
    fx.emulator.clearFaults();
    assert.equal((await fx.admin.get("/systeminfo")).status, 200);
  });

  it("rejects malformed fault specs", () => {
    assert.throws(() => fx.emulator.injectFault({ kind: "status" }), /needs a status/);
    assert.throws(() => fx.emulator.injectFault({ kind: "explode" as "reset" }), /unknown fault kind/);
  });
});
