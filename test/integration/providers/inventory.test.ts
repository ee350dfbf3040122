// The robot inventory against the emulator (2.15 and 2.10 profiles): a registry holding robots of
// this stack, of another stack, hand-made ones, expired and disabled ones, system and project
// robots, is classified robot by robot; the listing costs what docs/inventory.md says.
import assert from "node:assert/strict";
import { createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { startEmulator, type HarborEmulator } from "../../../emulator";
import { HarborClient } from "../../../provider/client/harbor-client";
import { PAGE_SIZE } from "../../../provider/client/harbor-client";
import { robotInventory } from "../../../provider/inventory";
import { LISTING_CONCURRENCY } from "../../../provider/inventory/listing";
import { ownerMark } from "../../../provider/model/owner-mark";
import type { InventoryRobot } from "../../../provider/model/inventory";
import { GET_ROBOT_INVENTORY, nativeConfig } from "../../../provider/native/config";
import { nativeProvider } from "../../../provider/native/provider";
import { ProviderProcess } from "../../helpers/provider-process";

const proc = new ProviderProcess();

const DAY_MS = 86_400_000;
const T0 = Date.UTC(2026, 5, 1, 12);
const THIS = "acme/platform/prod";

/** The owner mark this package writes (model/owner-mark.ts), naming `stack` and `resource`. */
const mark = (stack: string, resource: string) => ownerMark({ stack, resource });

const PULL = [{ resource: "repository", action: "pull" }];

function seedRegistry(emu: HarborEmulator) {
  emu.setClock(T0);
  emu.seedProject("team-a");
  emu.seedProject("team-b");
  emu.seedProject("empty");
  const ids = {
    ours: emu.seedRobot({ name: "ci", description: `CI ${mark(THIS, "ci")}`, duration: 90 }).id,
    theirs: emu.seedRobot({ name: "ci-dev", description: mark("acme/platform/dev", "ci"), duration: 90 }).id,
    handMade: emu.seedRobot({ name: "by-hand", description: "made in the UI" }).id,
    expired: emu.seedRobot({ name: "old", duration: 1 }).id,
    disabled: emu.seedRobot({ name: "off", disabled: true, duration: 5 }).id,
    expiring: emu.seedRobot({ name: "soon", duration: 10 }).id,
    projectA: emu.seedRobot({ name: "deploy", project: "team-a", description: mark(THIS, "deploy") }).id,
    projectB: emu.seedRobot({
      name: "scanner",
      project: "team-b",
      permissions: [{ kind: "project", namespace: "team-b", access: PULL }],
    }).id,
    legacy: emu.seedLegacyRobot("ancient").id,
  };
  emu.advanceClock(2 * DAY_MS); // "old" (1 day) has expired; "soon" has 8 days left
  return ids;
}

for (const version of ["2.15", "2.10"] as const) {
  describe(`robot inventory on the emulator (${version} profile)`, () => {
    let emu: HarborEmulator;
    let client: HarborClient;
    let ids: ReturnType<typeof seedRegistry>;
    let byId: Map<number, InventoryRobot>;

    before(async () => {
      emu = await startEmulator({ version });
      ids = seedRegistry(emu);
      client = new HarborClient({ url: emu.url, ...emu.admin, insecure: false });
      emu.resetCounts();
      const { robots } = await robotInventory(client, { stack: THIS }, { nowMs: emu.now() });
      byId = new Map(robots.map((r) => [r.id, r]));
    });
    after(async () => {
      await client?.close();
      await emu?.close();
    });

    it("lists every robot once: system robots, each project's robots, legacy ones", () => {
      assert.deepEqual(
        [...byId.keys()],
        Object.values(ids).sort((a, b) => a - b),
      );
    });

    it("costs one system robot list, one project list and one robot list per project, and one login", () => {
      assert.equal(emu.requestCount("GET", "/projects"), 1);
      // The projects: the three seeded and `library`, which every Harbor starts with.
      assert.equal(emu.requestCount("GET", "/robots"), 1 + 4);
      // The client's one login (two requests to /c/login, one password check), then the session.
      assert.equal(emu.requestCount("POST", "/c/login"), 2);
      assert.equal(emu.passwordCheckCount("login"), 1);
      assert.equal(emu.passwordCheckCount("basic"), 0);
      assert.equal(emu.requestCount(), 6 + 2, "nothing else");
    });

    it("classifies owners: this stack, another stack, unmanaged", () => {
      const cls = (id: number) => byId.get(id)!.ownerClass;
      assert.equal(cls(ids.ours), "thisStack");
      assert.equal(cls(ids.projectA), "thisStack");
      assert.equal(cls(ids.theirs), "otherStack");
      for (const id of [ids.handMade, ids.expired, ids.disabled, ids.expiring, ids.projectB, ids.legacy])
        assert.equal(cls(id), "unmanaged");
      assert.deepEqual(byId.get(ids.ours)!.owner, { stack: THIS, resource: "ci" });
      assert.equal(byId.get(ids.ours)!.description, "CI");
      assert.equal(byId.get(ids.handMade)!.description, "made in the UI");
    });

    it("says which are expired, disabled, expiring, and how many days are left", () => {
      const r = (id: number) => byId.get(id)!;
      assert.equal(r(ids.expired).expired, true);
      assert.equal(r(ids.expired).daysLeft, -1);
      assert.equal(r(ids.disabled).disabled, true);
      assert.equal(r(ids.expiring).daysLeft, 8);
      assert.equal(r(ids.handMade).expiresAt, null);
      assert.equal(r(ids.handMade).daysLeft, null);
      assert.equal(r(ids.ours).expiresAt, new Date(T0 + 90 * DAY_MS).toISOString());
      assert.equal(r(ids.ours).createdAt, new Date(T0).toISOString());
    });

    it("levels, projects, editability and the permission summary", () => {
      const r = (id: number) => byId.get(id)!;
      assert.equal(r(ids.projectA).level, "project");
      assert.deepEqual(r(ids.projectA).projects, ["team-a"]);
      assert.equal(r(ids.projectA).fullName, "robot$team-a+deploy");
      assert.equal(r(ids.ours).level, "system");
      assert.deepEqual(r(ids.ours).projects, ["*"]);
      assert.equal(r(ids.ours).permissions, "all projects: pull");
      assert.equal(r(ids.legacy).editable, false);
      assert.equal(r(ids.ours).editable, true);
    });

    it(
      version === "2.15"
        ? "shows the creator Harbor records from 2.12 (the admin, user 1)"
        : "has no creator: Harbor 2.10 does not record one",
      () => {
        const creator = byId.get(ids.ours)!.creator;
        assert.deepEqual(creator, version === "2.15" ? { type: "local", ref: 1 } : null);
      },
    );

    it("filters: unmanaged, expiring within 14 days, a level, a project", async () => {
      const list = async (args: Parameters<typeof robotInventory>[1]) =>
        (await robotInventory(client, { stack: THIS, ...args }, { nowMs: emu.now() })).robots.map(
          (r) => r.id,
        );
      assert.deepEqual(
        await list({ owner: "unmanaged" }),
        [ids.handMade, ids.expired, ids.disabled, ids.expiring, ids.projectB, ids.legacy].sort(
          (a, b) => a - b,
        ),
      );
      assert.deepEqual(await list({ expiringWithinDays: 14 }), [ids.expiring]);
      assert.deepEqual(await list({ expiringWithinDays: 7 }), []);
      const systemRobots = [ids.ours, ids.theirs, ids.handMade, ids.expired, ids.disabled, ids.expiring];
      emu.resetCounts();
      assert.deepEqual(await list({ level: "system" }), [...systemRobots, ids.legacy]);
      assert.equal(emu.requestCount(), 1, "system robots only: no project requests");
      emu.resetCounts();
      assert.deepEqual(await list({ project: "team-b" }), [...systemRobots, ids.projectB]);
      assert.equal(emu.requestCount("GET", "/projects"), 0, "one project: read by name, not listed");
      assert.equal(emu.requestCount(), 3, "system robots, the project, its robots");
    });

    it("refuses bad arguments, naming each", async () => {
      await assert.rejects(
        robotInventory(client, { expiringWithinDays: -1, owner: "mine" as never, stack: "prod" }),
        (e: Error) => {
          assert.match(e.message, /expiringWithinDays: must be at least 0/);
          assert.match(e.message, /owner: must be one of "thisStack", "otherStack", "unmanaged", not "mine"/);
          assert.match(e.message, /stack: must be <organization>\/<project>\/<stack>/);
          return true;
        },
      );
    });

    it("names a project that does not exist", async () => {
      await assert.rejects(robotInventory(client, { project: "nope" }), /project "nope" does not exist/);
    });
  });
}

describe("robot inventory paging", () => {
  it(`pages as Harbor pages: ${PAGE_SIZE} robots a request, system and per project`, async () => {
    const emu = await startEmulator();
    const client = new HarborClient({ url: emu.url, ...emu.admin, insecure: false });
    try {
      emu.seedProject("big");
      for (let i = 0; i < 250; i++) emu.seedRobot({ name: `sys-${i}` });
      for (let i = 0; i < 150; i++) emu.seedRobot({ name: `p-${i}`, project: "big" });
      emu.resetCounts();
      const { robots } = await robotInventory(client);
      assert.equal(robots.length, 400);
      assert.equal(new Set(robots.map((r) => r.id)).size, 400);
      assert.equal(emu.requestCount("GET", "/robots"), 3 + 2 + 1, "⌈250/100⌉ + ⌈150/100⌉ + library's");
      assert.equal(emu.requestCount("GET", "/projects"), 1);
    } finally {
      await client.close();
      await emu.close();
    }
  });
});

describe("robot inventory load on Harbor", () => {
  it(`keeps at most ${LISTING_CONCURRENCY} requests in flight, system robots and projects together`, async () => {
    // Each request costs Harbor a password hash: docs/inventory.md promises four at a time. A forwarder in
    // front of the emulator holds every answer 30 ms and counts the requests in flight.
    const emu = await startEmulator({ loginFreezeMs: 0 });
    for (let p = 0; p < 12; p++) emu.seedProject(`p-${p}`);
    for (let i = 0; i < 800; i++) emu.seedRobot({ name: `sys-${i}` });
    const target = new URL(emu.url);
    let inFlight = 0;
    let most = 0;
    const forwarder = createServer((req, res) => {
      most = Math.max(most, ++inFlight);
      const upstream = request(
        { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
        (answer) =>
          setTimeout(() => {
            res.writeHead(answer.statusCode ?? 502, answer.headers);
            answer.pipe(res).on("finish", () => inFlight--);
          }, 30),
      );
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => forwarder.listen(0, "127.0.0.1", resolve));
    const port = (forwarder.address() as AddressInfo).port;
    const client = new HarborClient({ url: `http://127.0.0.1:${port}`, ...emu.admin, insecure: false });
    try {
      const { robots } = await robotInventory(client);
      assert.equal(robots.length, 800);
      assert.ok(most <= LISTING_CONCURRENCY, `${most} requests were in flight at once`);
    } finally {
      await client.close();
      forwarder.close();
      await emu.close();
    }
  });
});

describe("the native provider's invoke harbor-robots:index:getRobotInventory", () => {
  let emu: HarborEmulator;
  before(async () => {
    emu = await startEmulator();
    emu.seedProject("team-a");
    emu.seedRobot({ name: "by-hand" });
    emu.seedRobot({ name: "deploy", project: "team-a" });
    proc.configure(
      nativeConfig(undefined, {
        "harbor-robots:url": emu.url,
        "harbor-robots:username": emu.admin.username,
        "harbor-robots:password": emu.admin.password,
      }),
    );
  });
  after(async () => {
    proc.configure(undefined);
    await emu.close();
  });

  it("lists the configured registry's robots, filtered as asked", async () => {
    const result = await nativeProvider("0.0.0", proc.ctx).invoke!(GET_ROBOT_INVENTORY, { level: "project" });
    assert.deepEqual(result.failures ?? [], []);
    assert.equal(result.outputs.registryUrl, emu.url);
    assert.deepEqual(
      result.outputs.robots.map((r: InventoryRobot) => [r.fullName, r.ownerClass, r.projects]),
      [["robot$team-a+deploy", "unmanaged", ["team-a"]]],
    );
  });

  it("answers bad arguments with failures naming each argument, before any request", async () => {
    emu.resetCounts();
    const result = await nativeProvider("0.0.0", proc.ctx).invoke!(GET_ROBOT_INVENTORY, {
      expiringWithinDays: 1.5,
      colour: "red",
    });
    assert.deepEqual(
      result.failures?.map((f) => f.property),
      ["expiringWithinDays", "colour"],
    );
    assert.match(
      result.failures![1]!.reason,
      /is not an argument of getRobotInventory \(the inputs are: stack, owner/,
    );
    assert.equal(emu.requestCount(), 0);
  });

  it("refuses a function it does not serve", async () => {
    await assert.rejects(
      nativeProvider("0.0.0", proc.ctx).invoke!("harbor-robots:index:getRobots", {}),
      /unknown function harbor-robots:index:getRobots \(this provider serves harbor-robots:index:getRobotInventory\)/,
    );
  });
});
