// The context's caching client against the emulator: listings shared by the resources of a process,
// and dropped by the client's own writes, so that no handler has to remember to forget them.
import assert from "node:assert/strict";
import { startEmulator, type HarborEmulator } from "../../../emulator";
import { CachingHarborClient } from "../../../provider/client/caching-client";
import { ClientPool } from "../../../provider/client/client-pool";

describe("the caching Harbor client", () => {
  let emu: HarborEmulator;
  let client: CachingHarborClient;
  before(async () => {
    emu = await startEmulator();
  });
  beforeEach(() => {
    emu.reset();
    client = new CachingHarborClient(
      { url: emu.url, username: emu.admin.username, password: emu.admin.password, insecure: false },
      { retries: 0 },
    );
  });
  afterEach(async () => client.close());
  after(async () => emu.close());

  it("shares one listing between look-ups, and a robot it wrote is asked for again (its listed fields are stale)", async () => {
    const a = emu.seedRobot({ name: "a" }).id;
    const b = emu.seedRobot({ name: "b" }).id;
    const [first, second] = await Promise.all([
      client.listedRobot({ level: "system" }, a),
      client.listedRobot({ level: "system" }, b),
    ]);
    assert.deepEqual([first?.id, second?.id], [a, b]);
    assert.equal(emu.requestCount("GET", "/robots"), 1, "one listing for both look-ups");
    assert.equal((await client.heldRobot(a))?.id, a, "the held listing answers without a request");

    const robot = await client.getRobot(a);
    await client.updateRobot(a, {
      name: robot.name,
      description: "changed",
      level: "system",
      disable: false,
      duration: robot.duration ?? 30,
      permissions: robot.permissions,
    });
    assert.equal(
      await client.listedRobot({ level: "system" }, a),
      undefined,
      "written: not from the listing",
    );
    assert.equal(await client.heldRobot(a), undefined);
    assert.equal((await client.heldRobot(b))?.id, b, "another robot's entry stays");
    await client.refreshSecret(b);
    assert.equal(await client.heldRobot(b), undefined, "a new secret strikes it too");
    assert.equal(emu.requestCount("GET", "/robots"), 1, "no new listing was needed");
  });

  it("a delete strikes the robot even when it fails, and creating one drops nothing", async () => {
    const a = emu.seedRobot({ name: "a" }).id;
    await client.listedRobot({ level: "system" }, a);
    emu.injectFault({ method: "DELETE", route: "/robots/{id}", kind: "status", status: 403, times: 1 });
    await assert.rejects(client.deleteRobot(a), /403/);
    assert.equal(await client.heldRobot(a), undefined, "a failed write may have been applied");
    await client.allProjects();
    await client.createRobot({
      name: "c",
      description: "",
      level: "system",
      duration: 30,
      permissions: [
        { kind: "project", namespace: "*", access: [{ resource: "repository", action: "pull" }] },
      ],
    });
    await client.allProjects();
    assert.equal(emu.requestCount("GET", "/projects"), 1, "robot writes keep the project listing");
  });

  it("a change of the robot settings drops them and every robot listing, also when the PUT fails", async () => {
    const a = emu.seedRobot({ name: "a" }).id;
    await client.listedRobot({ level: "system" }, a);
    assert.equal((await client.robotConfigurations()).robot_name_prefix?.value, "robot$");
    await client.updateConfigurations({ robot_name_prefix: "bot-" });
    assert.equal((await client.robotConfigurations()).robot_name_prefix?.value, "bot-");
    assert.equal((await client.listedRobot({ level: "system" }, a))?.name, "bot-a", "listed again, renamed");
    assert.equal(emu.requestCount("GET", "/robots"), 2);
    emu.injectFault({ method: "PUT", route: "/configurations", kind: "status", status: 500, times: 1 });
    await assert.rejects(client.updateConfigurations({ robot_name_prefix: "x-" }));
    await client.robotConfigurations();
    assert.equal(emu.requestCount("GET", "/configurations"), 3, "asked again after the failed PUT");
  });

  it("the clients of one pool share the versions asked, and the pool closes them all", async () => {
    const pool = new ClientPool();
    const settings = {
      url: emu.url,
      username: emu.admin.username,
      password: emu.admin.password,
      insecure: false,
    };
    const one = pool.clientFor(settings);
    assert.equal(pool.clientFor({ ...settings }), one, "one client per connection");
    const other = pool.clientFor({ ...settings, insecure: true });
    assert.notEqual(other, one);
    await Promise.all([one.version(), other.version()]);
    assert.equal(emu.requestCount("GET", "/systeminfo"), 1, "one version check for URL + user");
    await pool.close();
    assert.notEqual(pool.clientFor(settings), one, "a closed pool makes new clients");
    await pool.close();
  });
});
