// Injected faults: a status answered instead of the request, a reset before or after applying it,
// latency, and the method/route/times matching.

import assert from "node:assert/strict";
import { faultRateFrom } from "../../../emulator/faults";
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

describe("emulator: a seeded per-request fault rate", () => {
  const fx = useEmulator();

  /** The statuses (or "reset") of `n` GET /systeminfo requests. */
  async function outcomes(n: number): Promise<Array<number | "reset">> {
    const out: Array<number | "reset"> = [];
    for (let i = 0; i < n; i++) {
      try {
        out.push((await fx.admin.get("/systeminfo")).status);
      } catch {
        out.push("reset");
      }
    }
    return out;
  }

  it("faults about the given share of requests, the same ones for the same seed", async () => {
    fx.emulator.setFaultRate({ rate: 0.3, seed: 7, mix: ["503", "500"] });
    const first = await outcomes(200);
    const faulted = first.filter((s) => s !== 200).length;
    assert.ok(faulted > 30 && faulted < 90, `${faulted} of 200 faulted at a 30 % rate`);
    assert.ok(first.includes(503) && first.includes(500));
    const drawn = fx.emulator.faultsDrawn();
    assert.equal((drawn["503"] ?? 0) + (drawn["500"] ?? 0), faulted);
    fx.emulator.setFaultRate({ rate: 0.3, seed: 7, mix: ["503", "500"] });
    assert.deepEqual(await outcomes(200), first, "same seed, same faults");
  });

  it("answers 429 with Retry-After: 1, resets, and applies-then-fails as the mix says", async () => {
    fx.emulator.setFaultRate({ rate: 1, mix: ["429"] });
    const res = await fx.admin.get("/systeminfo");
    assert.equal(res.status, 429);
    assert.equal(res.headers.get("retry-after"), "1");
    fx.emulator.setFaultRate({ rate: 1, mix: ["reset"] });
    assert.deepEqual(await outcomes(2), ["reset", "reset"]);
    fx.emulator.setFaultRate({ rate: 1, mix: ["apply-then-502"] });
    assert.equal((await fx.admin.post("/robots", systemRobotBody())).status, 502);
    fx.emulator.setFaultRate(undefined);
    assert.equal(fx.emulator.listRobots().length, 1, "the 502 came after the robot was created");
  });

  it("puts injected faults first, and clearFaults drops the rate", async () => {
    fx.emulator.setFaultRate({ rate: 1, mix: ["500"] });
    fx.emulator.injectFault({ kind: "status", status: 418 });
    assert.equal((await fx.admin.get("/systeminfo")).status, 418);
    assert.equal((await fx.admin.get("/systeminfo")).status, 500);
    fx.emulator.clearFaults();
    assert.equal((await fx.admin.get("/systeminfo")).status, 200);
  });

  it("reads the rate from flags or HARBOR_EMULATOR_FAULT_* and names a bad value", () => {
    assert.equal(faultRateFrom({}, {}), undefined);
    assert.deepEqual(
      faultRateFrom(
        { seed: "9" },
        {
          HARBOR_EMULATOR_FAULT_RATE: "0.2",
          HARBOR_EMULATOR_FAULT_MIX: "503,latency",
          HARBOR_EMULATOR_FAULT_SEED: "1",
        },
      ),
      { rate: 0.2, seed: 9, mix: ["503", "latency"] },
    );
    assert.throws(() => faultRateFrom({ rate: "20%" }, {}), /fault rate must be between 0 and 1/);
    assert.throws(() => faultRateFrom({ rate: "0.2", mix: "503,boom" }, {}), /unknown fault kind "boom"/);
  });
});
