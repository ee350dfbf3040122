// Behaviour 5: PUT /robots/{id} is a full replacement. It needs the current full name (with the
// current prefix) and the same level; omitted description is cleared, omitted disable re-enables,
// permissions are replaced, a null/omitted duration keeps the current one (2.15).

import assert from "node:assert/strict";
import { harborError, systemRobotBody, useEmulator } from "../helpers/emulator-fixture";

const NAME_OR_LEVEL = harborError("BAD_REQUEST", "cannot update the level or name of robot");

describe("emulator: PUT /robots/{id}", () => {
  const fx = useEmulator();

  async function created() {
    fx.emulator.seedProject("dev");
    const res = await fx.admin.post("/robots", systemRobotBody({ description: "first", duration: 30 }));
    const robot = (await fx.admin.get(`/robots/${res.body.id}`)).body;
    return { robot, secret: res.body.secret as string };
  }

  it("answers 200 with an empty body", async () => {
    const { robot } = await created();
    const res = await fx.admin.put(`/robots/${robot.id}`, { ...robot, description: "second" });
    assert.equal(res.status, 200);
    assert.equal(res.text, "");
    assert.equal((await fx.admin.get(`/robots/${robot.id}`)).body.description, "second");
  });

  it("requires the current full name", async () => {
    const { robot } = await created();
    for (const name of ["ci", "robot$other", "bot-ci"]) {
      const res = await fx.admin.put(`/robots/${robot.id}`, { ...robot, name });
      assert.equal(res.status, 400, name);
      assert.deepEqual(res.body, NAME_OR_LEVEL);
    }
  });

  it("rejects a level change", async () => {
    const { robot } = await created();
    const res = await fx.admin.put(`/robots/${robot.id}`, {
      ...robot,
      level: "project",
      permissions: [
        { kind: "project", namespace: "dev", access: [{ resource: "repository", action: "pull" }] },
      ],
    });
    assert.equal(res.status, 400);
    assert.deepEqual(res.body, NAME_OR_LEVEL);
  });

  it("clears an omitted description and re-enables when disable is omitted", async () => {
    const { robot, secret } = await created();
    await fx.admin.put(`/robots/${robot.id}`, { ...robot, disable: true });
    assert.equal((await fx.admin.get(`/robots/${robot.id}`)).body.disable, true);
    assert.equal(fx.emulator.checkLogin(robot.name, secret), false, "disabled robots cannot log in");
    const { description: _d, disable: _x, ...rest } = robot;
    assert.equal((await fx.admin.put(`/robots/${robot.id}`, rest)).status, 200);
    const after = (await fx.admin.get(`/robots/${robot.id}`)).body;
    assert.equal(after.description, undefined, "empty description is omitted like Harbor's omitempty");
    assert.equal(fx.emulator.getRobot(robot.id)?.description, "");
    assert.equal(after.disable, false);
    assert.equal(fx.emulator.checkLogin(robot.name, secret), true);
  });

  it("replaces the permissions wholesale", async () => {
    const { robot } = await created();
    const permissions = [
      { kind: "system", namespace: "/", access: [{ resource: "audit-log", action: "list" }] },
      { kind: "project", namespace: "dev", access: [{ resource: "artifact", action: "read" }] },
    ];
    await fx.admin.put(`/robots/${robot.id}`, { ...robot, permissions });
    const after = (await fx.admin.get(`/robots/${robot.id}`)).body;
    const byNs = Object.fromEntries(after.permissions.map((p: { namespace: string }) => [p.namespace, p]));
    assert.deepEqual(Object.keys(byNs).sort(), ["/", "dev"]);
    assert.deepEqual(byNs.dev.access, [{ resource: "artifact", action: "read" }]);
  });

  it("requires non-empty permissions", async () => {
    const { robot } = await created();
    const res = await fx.admin.put(`/robots/${robot.id}`, { ...robot, permissions: [] });
    assert.deepEqual(res.body, harborError("BAD_REQUEST", "bad request empty permission"));
  });

  for (const duration of [null, undefined]) {
    it(`keeps the duration when it is ${duration === null ? "null" : "omitted"}`, async () => {
      const { robot } = await created();
      const res = await fx.admin.put(`/robots/${robot.id}`, { ...robot, duration });
      assert.equal(res.status, 200);
      const after = (await fx.admin.get(`/robots/${robot.id}`)).body;
      assert.equal(after.duration, 30);
      assert.equal(after.expires_at, robot.expires_at);
    });
  }

  it("rejects duration 0 on update", async () => {
    const { robot } = await created();
    assert.equal((await fx.admin.put(`/robots/${robot.id}`, { ...robot, duration: 0 })).status, 400);
  });

  it("ignores secret, id, editable and expires_at in the body", async () => {
    const { robot, secret } = await created();
    const res = await fx.admin.put(`/robots/${robot.id}`, {
      ...robot,
      id: 999,
      secret: "Other1234",
      editable: false,
      expires_at: 1,
    });
    assert.equal(res.status, 200);
    const after = (await fx.admin.get(`/robots/${robot.id}`)).body;
    assert.equal(after.expires_at, robot.expires_at);
    assert.equal(after.editable, true);
    assert.ok(fx.emulator.checkLogin(robot.name, secret));
  });

  it("answers 404 for an unknown id", async () => {
    const { robot } = await created();
    const res = await fx.admin.put("/robots/4242", robot);
    assert.deepEqual(res.body, harborError("NOT_FOUND", "robot 4242 not found"));
  });
});
