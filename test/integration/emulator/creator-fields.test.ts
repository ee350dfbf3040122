// Who made a robot (Harbor 2.12+): `creator_type` is the security context that created it ("local"
// for a database user, "robot" for a robot) and `creator_ref` that user's or robot's id, in GET
// /robots/{id} and in both listings (system and project robots). Measured on real v2.15.2: a robot
// made by admin (user 1) shows local/1, one made by a project member (user 3) local/3, one made by
// robot 7 robot/7. Real v2.10.3 has neither field (its robot model has no such columns), and the
// emulator's 2.10 profile leaves them out everywhere too.

import assert from "node:assert/strict";
import { projectRobotBody, systemRobotBody, useEmulator } from "../helpers/emulator-fixture";
import type { HarborTestClient } from "../helpers/harbor-http";

const ROBOT_ADMIN = ["create", "read", "list", "delete"].map((action) => ({ resource: "robot", action }));
const PULL = [{ resource: "repository", action: "pull" }];

/** The robot `id` as GET /robots/{id}, the system listing and (for project robots) its project's listing show it. */
async function everyView(admin: HarborTestClient, id: number, projectId?: number) {
  const single = (await admin.get(`/robots/${id}`)).body;
  const q = projectId ? `Level=project,ProjectID=${projectId}` : "Level=system";
  const listed = (await admin.get(`/robots?q=${encodeURIComponent(q)}&page_size=100`)).body.find(
    (r: { id: number }) => r.id === id,
  );
  assert.ok(listed, `robot ${id} is listed`);
  return [single, listed];
}

/** A system robot and a project robot the admin makes, each as read alone and as listed. */
async function adminMadeRobotViews(fx: ReturnType<typeof useEmulator>) {
  const sys = (await fx.admin.post("/robots", systemRobotBody())).body;
  fx.emulator.seedProject("team-a");
  const project = (await fx.admin.get("/projects/team-a")).body;
  const proj = (await fx.admin.post("/robots", projectRobotBody("team-a", { name: "deploy" }))).body;
  return [
    ...(await everyView(fx.admin, sys.id)),
    ...(await everyView(fx.admin, proj.id, project.project_id)),
  ];
}

describe("emulator: creator fields (2.15 profile)", () => {
  const fx = useEmulator({ version: "2.15" });

  it("a robot the admin made shows creator local and the admin's user id, read alone and listed", async () => {
    for (const view of await adminMadeRobotViews(fx)) {
      assert.equal(view.creator_type, "local");
      assert.equal(view.creator_ref, 1, "the admin is user 1");
    }
  });

  it("a robot a non-admin user made shows that user's id", async () => {
    fx.emulator.addUser("dev", "Passw0rd123");
    const dev = fx.admin.as("dev", "Passw0rd123");
    assert.equal((await dev.post("/projects", { project_name: "dev-owned" })).status, 201);
    const project = (await fx.admin.get("/projects/dev-owned")).body;
    const created = await dev.post("/robots", projectRobotBody("dev-owned", { name: "byuser" }));
    assert.equal(created.status, 201, created.text);
    const devId = (await dev.get("/users/current")).body.user_id;
    assert.ok(devId > 1);
    for (const view of await everyView(fx.admin, created.body.id, project.project_id)) {
      assert.equal(view.creator_type, "local");
      assert.equal(view.creator_ref, devId);
    }
  });

  it("a robot another robot made shows creator robot and the creating robot's id", async () => {
    const manager = fx.emulator.seedRobot({
      name: "manager",
      permissions: [
        { kind: "system", namespace: "/", access: ROBOT_ADMIN },
        { kind: "project", namespace: "*", access: PULL },
      ],
    });
    const asRobot = fx.admin.as(manager.fullName, manager.secret);
    const child = await asRobot.post("/robots", systemRobotBody({ name: "child" }));
    assert.equal(child.status, 201, child.text);
    for (const view of await everyView(fx.admin, child.body.id)) {
      assert.equal(view.creator_type, "robot");
      assert.equal(view.creator_ref, manager.id);
    }
  });

  it("a legacy (pre-2.2) robot has no creator: both fields are left out, as Harbor omits empty ones", async () => {
    const legacy = fx.emulator.seedLegacyRobot("old");
    const [single, listed] = await everyView(fx.admin, legacy.id);
    for (const view of [single, listed]) {
      assert.equal("creator_type" in view, false);
      assert.equal("creator_ref" in view, false);
    }
  });
});

describe("emulator: no creator fields (2.10 profile)", () => {
  const fx = useEmulator({ version: "2.10" });

  it("leaves creator_type and creator_ref out of GET and of both listings", async () => {
    for (const view of await adminMadeRobotViews(fx)) {
      assert.equal("creator_type" in view, false);
      assert.equal("creator_ref" in view, false);
    }
  });
});
