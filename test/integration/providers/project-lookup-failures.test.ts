// A project robot is listed under its project, found by name (GET /projects/{name} when it is not in
// the shared listing). Where that look-up fails matters: a refresh or a delete can fall back to
// reading the robot by id (which reports any real failure itself), but the look-up that settles a
// create with an unknown outcome must not turn "Harbor did not answer" into "no such robot": that
// reads as a confirmed absence, and create then reports a false conflict or posts again.
import assert from "node:assert/strict";
import { startEmulator, type HarborEmulator } from "../../../emulator";
import { CachingHarborClient } from "../../../provider/client/caching-client";
import { findRobotByName, readRobot } from "../../../provider/robot-account/harbor-robot";

describe("a project look-up that fails", () => {
  let emu: HarborEmulator;
  let client: CachingHarborClient;
  let robotId: number;
  beforeEach(async () => {
    emu = await startEmulator();
    client = new CachingHarborClient(
      { url: emu.url, username: emu.admin.username, password: emu.admin.password, insecure: false },
      { retries: 0 },
    );
    await client.allProjects(); // the shared listing, made before the project exists
    emu.seedProject("late");
    robotId = emu.seedRobot({ name: "ci", level: "project", project: "late" }).id;
    emu.injectFault({ method: "GET", route: "/projects/{id}", kind: "status", status: 503, times: 100 });
  });
  afterEach(async () => {
    await client.close();
    await emu.close();
  });

  it("fails the look-up by name that settles a create (not: no such robot)", async () => {
    await assert.rejects(findRobotByName(client, "project", "ci", "late"), /503/);
  });

  it("lets refresh and delete read the robot by id instead", async () => {
    const robot = await readRobot(client, {
      robotId,
      level: "project",
      grantedPermissions: [{ kind: "project", namespace: "late", access: [] }],
    });
    assert.equal(robot?.id, robotId);
    assert.equal(emu.requestCount("GET", "/robots/{id}"), 1);
  });
});
