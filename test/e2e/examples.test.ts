// The programs under examples/, exactly as written (each compiled module's exported function runs as
// an inline program), through the real engine against the Harbor emulator: what a user sees after
// `pulumi up`, a no-change preview, and a clean destroy (scheduled-renewal: the daily `up --refresh`;
// takeover: a robot made by hand first). (examples/custom-secret needs the random
// provider's plugin, which cannot be installed here: test/unit/examples-mocks.test.ts covers it.)
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import yaml from "js-yaml";
import type { OutputMap, PulumiFn } from "@pulumi/pulumi/automation";
import type { HarborEmulator } from "../../emulator";
import { ClientPool } from "../../provider/client/client-pool";
import { resolveConnection } from "../../provider/client/connection";
import { repoRoot } from "../../scripts/engine";
import { assertNotOnDisk, emulatorStack, type EmulatorStack } from "./harness";
import { declaredDescription, parseOwnerMark } from "../../provider/model/owner-mark";

// Clients of the test itself, to look at Harbor beside the provider.
const harborClients = new ClientPool();

/** The projects the examples' defaults refer to, seeded in every fresh emulator. */
const SEEDED_PROJECTS = ["team-a-api", "team-a-web", "team-b-data"];

/** An example's project name (from its Pulumi.yaml) and its program (the compiled module's export). */
function loadExample(name: string): { project: string; program: PulumiFn } {
  const manifestFile = path.join(repoRoot, "examples", name, "Pulumi.yaml");
  const manifest = yaml.load(fs.readFileSync(manifestFile, "utf8")) as { name: string; runtime: string };
  assert.equal(manifest.runtime, "nodejs", `${manifestFile}: runtime`);
  const program = require(path.join(repoRoot, "dist", "examples", name)) as unknown;
  assert.equal(
    typeof program,
    "function",
    `examples/${name}/index.ts must export the program (export = async () => …)`,
  );
  return { project: manifest.name, program: program as PulumiFn };
}

interface Example {
  readonly project: string;
  /** The stack against the emulator (set by the before hook). */
  readonly s: EmulatorStack;
  outputs(): Promise<OutputMap>;
  /** A stack output's value, asserting it is a Pulumi secret. */
  secretOutput(key: string): Promise<string>;
  destroy(): Promise<void>;
}

/**
 * Registers hooks that stand up the example's stack (with a fresh emulator and the seeded projects,
 * unless `opts()` hands over an emulator and a backend to share) and tear it down afterwards.
 */
function useExample(
  name: string,
  opts: () => { emu?: HarborEmulator; backendDir?: string } = () => ({}),
): Example {
  const { project, program } = loadExample(name);
  let stack: EmulatorStack | undefined;
  let destroyed = false;

  before(async () => {
    const o = opts();
    stack = await emulatorStack(project, program, o);
    if (!o.emu) for (const p of SEEDED_PROJECTS) stack.emu.seedProject(p);
  });
  after(async () => {
    if (stack && !destroyed) await stack.stack.destroy().catch(() => undefined);
    await stack?.close();
  });

  const ex: Example = {
    project,
    get s() {
      assert.ok(stack, `the stack of examples/${name} is not up`);
      return stack;
    },
    outputs: () => ex.s.stack.outputs(),
    secretOutput: async (key) => {
      const o = (await ex.outputs())[key];
      assert.ok(o, `examples/${name} has no output ${key}`);
      assert.equal(o.secret, true, `the output ${key} must be a Pulumi secret`);
      return String(o.value);
    },
    destroy: async () => {
      const down = await ex.s.stack.destroy();
      destroyed = true;
      assert.equal(down.summary.result, "succeeded");
    },
  };
  return ex;
}

/** A plain (non-secret) output's value. */
async function plainOutput(ex: Example, key: string): Promise<unknown> {
  const o = (await ex.outputs())[key];
  assert.ok(o, `no output ${key}`);
  assert.notEqual(o.secret, true, `the output ${key} should not be secret`);
  return o.value;
}

function robotNames(emu: HarborEmulator): string[] {
  return emu
    .listRobots()
    .map((r) => r.fullName)
    .sort();
}

/** A .dockerconfigjson for this registry whose credentials log in; returns its username. */
function assertDockerConfigLogsIn(emu: HarborEmulator, json: string): string {
  const docker = JSON.parse(json) as {
    auths: Record<string, { username: string; password: string; auth: string }>;
  };
  const entry = docker.auths[new URL(emu.url).host];
  assert.ok(entry, `no auths entry for ${new URL(emu.url).host}: ${Object.keys(docker.auths).join(", ")}`);
  assert.equal(Buffer.from(entry.auth, "base64").toString("utf8"), `${entry.username}:${entry.password}`);
  assert.ok(emu.checkLogin(entry.username, entry.password), `${entry.username} cannot log in`);
  return entry.username;
}

function itPreviewsNoChanges(...examples: Example[]): void {
  it("previews no changes", async () => {
    for (const ex of examples) await ex.s.stack.preview({ expectNoChanges: true });
  });
}

describe("e2e: examples/ with the real engine", function () {
  this.timeout(600_000);

  describe("platform", () => {
    const ex = useExample("platform");
    const harborConfig = () =>
      harborClients.clientFor(resolveConnection(undefined, undefined, ex.s.env)).getConfigurations();

    it("up: settings, a CI robot on team-a-* and an all-projects puller whose pull secret logs in", async () => {
      const up = await ex.s.stack.up();
      assert.equal(up.summary.resourceChanges?.create, 4); // the stack, the settings, two robots
      const { emu } = ex.s;
      assert.deepEqual(robotNames(emu), ["robot$cluster-puller", "robot$team-a-ci"]);
      assert.equal(await plainOutput(ex, "namePrefix"), "robot$");
      assert.equal(await plainOutput(ex, "defaultExpirationDays"), 90);
      assert.deepEqual(await plainOutput(ex, "ciProjects"), ["team-a-api", "team-a-web"]);
      for (const r of emu.listRobots()) assert.equal(r.duration, 90, `${r.fullName}: the default expiration`);
      assert.ok(emu.checkLogin("robot$team-a-ci", await ex.secretOutput("ciSecret")));
      const user = assertDockerConfigLogsIn(emu, await ex.secretOutput("pullerDockerConfigJson"));
      assert.equal(user, "robot$cluster-puller");
    });

    itPreviewsNoChanges(ex);

    it("robots follow a prefix change made through the settings", async () => {
      await ex.s.stack.setConfig("namePrefix", { value: "bot-" });
      await ex.s.stack.up();
      assert.deepEqual(robotNames(ex.s.emu), ["bot-cluster-puller", "bot-team-a-ci"]);
      assert.equal(await plainOutput(ex, "ciRobot"), "bot-team-a-ci");
      const user = assertDockerConfigLogsIn(ex.s.emu, await ex.secretOutput("pullerDockerConfigJson"));
      assert.equal(user, "bot-cluster-puller");
      await ex.s.stack.preview({ expectNoChanges: true });
    });

    it("destroy deletes the robots and restores Harbor's settings", async () => {
      await ex.destroy();
      assert.deepEqual(ex.s.emu.listRobots(), []);
      const c = await harborConfig();
      assert.equal(c.robot_name_prefix?.value, "robot$");
      assert.equal(c.robot_token_duration?.value, 30);
    });
  });

  describe("cross-stack", () => {
    const producer = useExample("cross-stack/producer");
    const consumer = useExample("cross-stack/consumer", () => ({
      emu: producer.s.emu,
      backendDir: producer.s.backendDir,
    }));

    it("the producer creates the robot and exports its credentials, the secret as a secret", async () => {
      await producer.s.stack.up();
      assert.deepEqual(robotNames(producer.s.emu), ["robot$team-a-puller"]);
      assert.equal(await plainOutput(producer, "robotFullName"), "robot$team-a-puller");
      assert.ok(producer.s.emu.checkLogin("robot$team-a-puller", await producer.secretOutput("robotSecret")));
    });

    it("the consumer reads them through a StackReference; the secret and what derives from it stay secret", async () => {
      const producerStack = `organization/${producer.project}/${producer.s.stack.name}`;
      await consumer.s.stack.setConfig("producerStack", { value: producerStack });
      await consumer.s.stack.up();
      const secret = await producer.secretOutput("robotSecret");
      assert.equal(await consumer.secretOutput("pullSecret"), secret);
      assert.equal(await plainOutput(consumer, "robotFullName"), "robot$team-a-puller");
      const basic = Buffer.from(await consumer.secretOutput("basicAuth"), "base64").toString("utf8");
      assert.equal(basic, `robot$team-a-puller:${secret}`);
      assert.ok(producer.s.emu.checkLogin("robot$team-a-puller", secret));
      // Both stacks share the backend: neither state holds the secret in plaintext.
      assertNotOnDisk([producer.s.backendDir, producer.s.workDir, consumer.s.workDir], [secret]);
    });

    itPreviewsNoChanges(producer, consumer);

    it("destroy (consumer, then producer) deletes the robot", async () => {
      await consumer.destroy();
      await producer.destroy();
      assert.deepEqual(producer.s.emu.listRobots(), []);
    });
  });

  describe("project-robot", () => {
    const ex = useExample("project-robot");

    it("up: a project robot named robot$<project>+<name> with pull, push and delete artifact", async () => {
      await ex.s.stack.up();
      const [robot, ...others] = ex.s.emu.listRobots();
      assert.deepEqual(others, []);
      assert.equal(robot?.level, "project");
      assert.equal(robot?.name, "team-b-data+cleanup");
      assert.equal(robot?.duration, 30);
      assert.equal(await plainOutput(ex, "robotFullName"), "robot$team-b-data+cleanup");
      assert.ok(ex.s.emu.checkLogin("robot$team-b-data+cleanup", await ex.secretOutput("robotSecret")));
      const perms = (await plainOutput(ex, "permissions")) as Array<{
        kind: string;
        namespace: string;
        access: Array<{ resource: string; action: string }>;
      }>;
      assert.deepEqual(
        perms.map((p) => [p.kind, p.namespace]),
        [["project", "team-b-data"]],
      );
      const granted = perms[0]!.access.map((a) => `${a.resource}:${a.action}`).sort();
      assert.deepEqual(granted, ["artifact:delete", "repository:pull", "repository:push"]);
    });

    itPreviewsNoChanges(ex);

    it("destroy deletes the robot", async () => {
      await ex.destroy();
      assert.deepEqual(ex.s.emu.listRobots(), []);
    });
  });

  describe("rotation", () => {
    const ex = useExample("rotation");
    const login = (secret: string) => ex.s.emu.checkLogin("robot$release-pusher", secret);
    let first: { secret: string; expiresAt: unknown; id: number | undefined };

    it("up: the robot, with the default rotation value", async () => {
      await ex.s.stack.up();
      assert.equal(await plainOutput(ex, "rotation"), "initial");
      assert.equal(await plainOutput(ex, "robotFullName"), "robot$release-pusher");
      first = {
        secret: await ex.secretOutput("robotSecret"),
        expiresAt: await plainOutput(ex, "expiresAt"),
        id: ex.s.emu.listRobots()[0]?.id,
      };
      assert.ok(login(first.secret));
    });

    itPreviewsNoChanges(ex);

    it("a new rotation value issues a new secret; the old one stops working, the expiry stays", async () => {
      await ex.s.stack.setConfig("rotation", { value: "2027-Q1" });
      const up = await ex.s.stack.up();
      assert.equal(up.summary.resourceChanges?.update, 1);
      const fresh = await ex.secretOutput("robotSecret");
      assert.notEqual(fresh, first.secret);
      assert.ok(login(fresh), "the new secret must log in");
      assert.ok(!login(first.secret), "the old secret must stop working");
      assert.equal(
        await plainOutput(ex, "expiresAt"),
        first.expiresAt,
        "rotation does not extend the expiry",
      );
      assert.deepEqual(
        ex.s.emu.listRobots().map((r) => r.id),
        [first.id],
        "the same robot, updated in place",
      );
      await ex.s.stack.preview({ expectNoChanges: true });
    });

    it("destroy deletes the robot", async () => {
      await ex.destroy();
      assert.deepEqual(ex.s.emu.listRobots(), []);
    });
  });

  describe("takeover", () => {
    const ex = useExample("takeover");
    const DAY = 86_400;
    let legacy: { id: number; fullName: string; secret: string };
    let createdAt: number;

    it("up adopts the existing robot: same id, declared fields, a new secret; the old one stops working", async () => {
      const { emu } = ex.s;
      emu.setClock(Date.now() - 10 * DAY * 1000); // made by hand 10 days ago
      legacy = emu.seedRobot({ name: "legacy-ci", description: "made by hand", duration: 30 });
      emu.setClock(undefined);
      createdAt = emu.getRobot(legacy.id)!.creationTime;

      const up = await ex.s.stack.up();
      assert.equal(up.summary.resourceChanges?.create, 2); // the stack and the robot, in Pulumi's terms
      const [robot, ...others] = emu.listRobots();
      assert.deepEqual(others, []);
      assert.equal(robot?.id, legacy.id, "the same robot");
      assert.equal(await plainOutput(ex, "robotId"), legacy.id);
      assert.equal(declaredDescription(robot?.description), "CI of team A, now managed by Pulumi");
      assert.ok(parseOwnerMark(robot?.description), "taken over: it carries its new owner's mark");
      assert.equal(robot?.duration, 90);
      assert.deepEqual((robot?.permissions as Array<{ namespace: string }>).map((p) => p.namespace).sort(), [
        "team-a-api",
        "team-a-web",
      ]);
      // Harbor counts the expiry from the robot's first creation, not from the takeover.
      assert.equal(await plainOutput(ex, "expiresAt"), Math.floor(createdAt / 1000) + 90 * DAY);
      const secret = await ex.secretOutput("robotSecret");
      assert.ok(emu.checkLogin(legacy.fullName, secret), "the new secret logs in");
      assert.ok(!emu.checkLogin(legacy.fullName, legacy.secret), "the old secret stops working");
    });

    itPreviewsNoChanges(ex);

    it("destroy deletes the adopted robot", async () => {
      await ex.destroy();
      assert.deepEqual(ex.s.emu.listRobots(), []);
    });
  });

  describe("scheduled-renewal", () => {
    const ex = useExample("scheduled-renewal");
    const DAY = 86_400;
    const login = (secret: string) => ex.s.emu.checkLogin("robot$deployer", secret);
    /** The daily pipeline's command: `pulumi up --refresh`. */
    const dailyRun = () => ex.s.stack.up({ refresh: true });
    let first: { secret: string; id: number | undefined };

    it("up: a robot valid for 30 days, created 24 days ago on Harbor's clock", async () => {
      ex.s.emu.setClock(Date.now() - 24 * DAY * 1000);
      await ex.s.stack.up();
      ex.s.emu.setClock(undefined); // Harbor's clock moves 24 days on: 6 days left, inside renewBeforeDays 7
      first = { secret: await ex.secretOutput("robotSecret"), id: ex.s.emu.listRobots()[0]?.id };
      assert.ok(login(first.secret));
      assert.ok(Number(await plainOutput(ex, "expiresAt")) < Date.now() / 1000 + 7 * DAY);
    });

    it("the daily run renews it in place: same robot, same secret, valid 30 days from now", async () => {
      const up = await dailyRun();
      assert.equal(up.summary.resourceChanges?.update, 1);
      assert.deepEqual(
        ex.s.emu.listRobots().map((r) => [r.id, r.duration]),
        [[first.id, 55]], // 30 + 25: 24 days and some seconds since creation, a started day counts
      );
      assert.equal(await ex.secretOutput("robotSecret"), first.secret);
      assert.ok(login(first.secret));
      assert.ok(Number(await plainOutput(ex, "expiresAt")) >= Date.now() / 1000 + 30 * DAY - 60);
    });

    it("the daily run re-issues a secret refreshed in Harbor's UI, and the pull secret follows", async () => {
      const auth = Buffer.from(`${ex.s.emu.admin.username}:${ex.s.emu.admin.password}`).toString("base64");
      const res = await fetch(`${ex.s.emu.url}/api/v2.0/robots/${first.id}`, {
        method: "PATCH",
        headers: { authorization: `Basic ${auth}`, "content-type": "application/json" },
        body: "{}",
      });
      assert.equal(res.status, 200);
      assert.ok(!login(first.secret), "the stack's secret no longer works");
      const up = await dailyRun();
      assert.equal(up.summary.resourceChanges?.update, 1);
      const fresh = await ex.secretOutput("robotSecret");
      assert.notEqual(fresh, first.secret);
      assert.ok(login(fresh));
      assert.equal(
        assertDockerConfigLogsIn(ex.s.emu, await ex.secretOutput("dockerConfigJson")),
        "robot$deployer",
      );
    });

    it("a day with nothing to do changes nothing", async () => {
      const up = await dailyRun();
      assert.deepEqual(up.summary.resourceChanges, { same: 2 });
    });

    itPreviewsNoChanges(ex);

    it("destroy deletes the robot", async () => {
      await ex.destroy();
      assert.deepEqual(ex.s.emu.listRobots(), []);
    });
  });
});
