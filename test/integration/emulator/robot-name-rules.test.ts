// Behaviour 2: robot names must match ^[a-z0-9]+(?:[._-][a-z0-9]+)*$ (400 otherwise), and a second
// robot with the same name at the same level/project is a 409 conflict.

import assert from "node:assert/strict";
import { harborError, projectRobotBody, systemRobotBody, useEmulator } from "../helpers/emulator-fixture";

const BAD_NAME = harborError("BAD_REQUEST", "robot name is not in lower case or contains illegal characters");

describe("emulator: robot name rules", () => {
  const fx = useEmulator();

  for (const name of ["ci", "ci-builder", "a.b_c-d", "x1", "0"]) {
    it(`accepts "${name}"`, async () => {
      assert.equal((await fx.admin.post("/robots", systemRobotBody({ name }))).status, 201);
    });
  }

  for (const name of ["CI", "a+b", "robot$x", "-ci", "ci-", "a--b", "a..b", "", "with space", "ümlaut"]) {
    it(`rejects ${JSON.stringify(name)} with 400`, async () => {
      const res = await fx.admin.post("/robots", systemRobotBody({ name }));
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, BAD_NAME);
    });
  }

  it("rejects a duplicate system robot with 409", async () => {
    assert.equal((await fx.admin.post("/robots", systemRobotBody())).status, 201);
    const dup = await fx.admin.post("/robots", systemRobotBody());
    assert.equal(dup.status, 409);
    assert.equal(dup.body.errors[0].code, "CONFLICT");
    assert.match(dup.body.errors[0].message, /^robot account 0:ci already exists/);
  });

  it("allows the same short name at another level or in another project", async () => {
    fx.emulator.seedProject("alpha");
    fx.emulator.seedProject("beta");
    assert.equal((await fx.admin.post("/robots", systemRobotBody())).status, 201);
    assert.equal((await fx.admin.post("/robots", projectRobotBody("alpha"))).status, 201);
    assert.equal((await fx.admin.post("/robots", projectRobotBody("beta"))).status, 201);
    const dup = await fx.admin.post("/robots", projectRobotBody("alpha"));
    assert.equal(dup.status, 409);
    assert.match(dup.body.errors[0].message, /^robot account \d+:alpha\+ci already exists/);
  });

  it("fails with 500 when the stored name exceeds the 255-character column", async () => {
    const res = await fx.admin.post("/robots", systemRobotBody({ name: "a".repeat(256) }));
    assert.equal(res.status, 500);
    assert.deepEqual(res.body, harborError("UNKNOWN", "internal server error"));
  });
});

// Measured on Harbor 2.15.2: the description is a varchar(1024) counted in characters (code points),
// with no API check: 1024 characters of any width are stored, one more fails with 500.
describe("emulator: robot description size", () => {
  const fx = useEmulator();
  for (const [what, char] of [
    ["ASCII", "a"],
    ["two-byte", "é"],
    ["astral (two UTF-16 units)", "😀"],
  ] as const) {
    it(`stores 1024 ${what} characters and fails 1025 with 500, on POST and PUT`, async () => {
      const ok = await fx.admin.post("/robots", systemRobotBody({ description: char.repeat(1024) }));
      assert.equal(ok.status, 201);
      const over = await fx.admin.post(
        "/robots",
        systemRobotBody({ name: "cd", description: char.repeat(1025) }),
      );
      assert.equal(over.status, 500);
      const robot = (await fx.admin.get(`/robots/${ok.body.id}`)).body;
      assert.equal(robot.description, char.repeat(1024));
      const put = await fx.admin.put(`/robots/${ok.body.id}`, { ...robot, description: char.repeat(1025) });
      assert.equal(put.status, 500);
    });
  }
});
