// Behaviour 3: duration is -1 (never) or a positive number of days; 0 is rejected on 2.15 and
// replaced by robot_token_duration on 2.10.

import assert from "node:assert/strict";
import { harborError, systemRobotBody, useEmulator } from "../helpers/emulator-fixture";

const DAY = 86_400;

describe("emulator: robot duration (2.15)", () => {
  const fx = useEmulator();

  it("accepts -1 (never expires)", async () => {
    const res = await fx.admin.post("/robots", systemRobotBody({ duration: -1 }));
    assert.equal(res.status, 201);
    assert.equal(res.body.expires_at, -1);
  });

  it("accepts a positive number of days", async () => {
    const res = await fx.admin.post("/robots", systemRobotBody({ duration: 7 }));
    assert.equal(res.status, 201);
    assert.equal((await fx.admin.get(`/robots/${res.body.id}`)).body.duration, 7);
  });

  for (const duration of [0, -2, 2 ** 31 - 1]) {
    it(`rejects ${duration} with 400`, async () => {
      const res = await fx.admin.post("/robots", systemRobotBody({ duration }));
      assert.equal(res.status, 400);
      assert.deepEqual(
        res.body,
        harborError(
          "BAD_REQUEST",
          `bad request error duration input: ${duration}, duration must be either -1(Never) or a positive integer`,
        ),
      );
    });
  }

  it("treats an omitted duration as 0 and rejects it", async () => {
    const body = systemRobotBody();
    delete body.duration;
    assert.equal((await fx.admin.post("/robots", body)).status, 400);
  });
});

describe("emulator: robot duration (2.10)", () => {
  const fx = useEmulator({ version: "2.10" });

  it("replaces 0 with the configured robot_token_duration", async () => {
    fx.emulator.setClock(Date.UTC(2026, 0, 1));
    fx.emulator.setConfig({ robot_token_duration: 12 });
    const res = await fx.admin.post("/robots", systemRobotBody({ duration: 0 }));
    assert.equal(res.status, 201);
    assert.equal(res.body.expires_at, Date.UTC(2026, 0, 1) / 1000 + 12 * DAY);
    assert.equal((await fx.admin.get(`/robots/${res.body.id}`)).body.duration, 12);
  });

  it("still rejects durations below -1", async () => {
    assert.equal((await fx.admin.post("/robots", systemRobotBody({ duration: -2 }))).status, 400);
  });
});
