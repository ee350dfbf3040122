// Behaviour 16: a robot holding system robot:create/read/list/delete may create, list, read and
// delete robots within its own permissions (403 DENIED otherwise), and may never PUT or PATCH.

import assert from "node:assert/strict";
import {
  harborError,
  projectRobotBody,
  ROBOT_ADMIN_ACCESS as ROBOT_ADMIN,
  systemRobotBody,
  useEmulator,
} from "../helpers/emulator-fixture";
const pullPush = [
  { resource: "repository", action: "pull" },
  { resource: "repository", action: "push" },
];

describe("emulator: robots managing robots", () => {
  const fx = useEmulator();

  function manager(
    extra: Array<{
      kind: string;
      namespace: string;
      access: Array<{ resource: string; action: string }>;
    }> = [],
  ) {
    const r = fx.emulator.seedRobot({
      name: "manager",
      permissions: [
        { kind: "system", namespace: "/", access: ROBOT_ADMIN },
        { kind: "project", namespace: "*", access: pullPush },
        ...extra,
      ],
    });
    return fx.admin.as(r.fullName, r.secret);
  }

  const denied = (name = "robot$manager") =>
    harborError(
      "DENIED",
      `permission scope is invalid. It must be equal to or more restrictive than the creator robot's permissions: ${name}`,
    );

  it("creates, lists, reads and deletes robots within its own permissions", async () => {
    const client = manager();
    const created = await client.post("/robots", systemRobotBody({ name: "child" }));
    assert.equal(created.status, 201, created.text);
    assert.equal((await client.get("/robots")).status, 200);
    const child = await client.get(`/robots/${created.body.id}`);
    assert.equal(child.body.creator_type, "robot");
    assert.equal((await client.delete(`/robots/${created.body.id}`)).status, 200);
  });

  it("is denied anything beyond its own permissions", async () => {
    const client = manager();
    for (const permissions of [
      [{ kind: "project", namespace: "*", access: [{ resource: "artifact", action: "delete" }] }],
      [{ kind: "system", namespace: "/", access: [{ resource: "audit-log", action: "list" }] }],
      [
        {
          kind: "project",
          namespace: "*",
          access: [{ resource: "repository", action: "pull", effect: "allow" }],
        },
      ],
    ]) {
      const res = await client.post("/robots", systemRobotBody({ permissions }));
      assert.equal(res.status, 403);
      assert.deepEqual(res.body, denied());
    }
  });

  it("may cover a single project through its * entry, including project robots", async () => {
    fx.emulator.seedProject("dev");
    const client = manager([{ kind: "project", namespace: "*", access: ROBOT_ADMIN }]);
    const sys = await client.post(
      "/robots",
      systemRobotBody({ permissions: [{ kind: "project", namespace: "dev", access: pullPush }] }),
    );
    assert.equal(sys.status, 201, sys.text);
    const proj = await client.post("/robots", projectRobotBody("dev"));
    assert.equal(proj.status, 201, proj.text);
  });

  it("cannot delete a robot that has more than it has", async () => {
    const client = manager();
    const strong = fx.emulator.seedRobot({
      name: "strong",
      permissions: [{ kind: "system", namespace: "/", access: [{ resource: "audit-log", action: "list" }] }],
    });
    assert.deepEqual((await client.delete(`/robots/${strong.id}`)).body, denied());
    assert.ok(fx.emulator.getRobot(strong.id));
  });

  it("can never PUT or PATCH", async () => {
    const client = manager();
    const child = (await client.post("/robots", systemRobotBody({ name: "child" }))).body;
    const robot = (await client.get(`/robots/${child.id}`)).body;
    assert.deepEqual(
      (await client.put(`/robots/${child.id}`, robot)).body,
      harborError("FORBIDDEN", "robot$manager"),
    );
    assert.deepEqual(
      (await client.patch(`/robots/${child.id}`, {})).body,
      harborError("FORBIDDEN", "robot$manager"),
    );
  });

  it("needs the robot permission in the first place", async () => {
    const plain = fx.emulator.seedRobot({ name: "plain" });
    const client = fx.admin.as(plain.fullName, plain.secret);
    assert.deepEqual((await client.get("/robots")).body, harborError("FORBIDDEN", "robot$plain"));
    assert.deepEqual(
      (await client.post("/robots", systemRobotBody())).body,
      harborError("FORBIDDEN", "robot$plain"),
    );
  });

  it("cannot read /permissions or /configurations", async () => {
    const client = manager();
    assert.deepEqual(
      (await client.get("/permissions")).body,
      harborError("FORBIDDEN", "only admins(system and project) can access permissions"),
    );
    assert.equal((await client.get("/configurations")).status, 403);
  });
});
