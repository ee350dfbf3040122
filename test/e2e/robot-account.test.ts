// RobotAccount through the real Pulumi engine against the Harbor emulator: the lifecycle a platform
// team relies on, and the promise that robot secrets exist in the state only as ciphertext.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { RobotAccount, type RobotAccountArgs } from "../../sdk";
import { ClientPool } from "../../provider/client/client-pool";
import { resolveConnection } from "../../provider/client/connection";
import {
  emulatorStack,
  exportedResources,
  assertCiphertext,
  assertNotOnDisk,
  failureOf,
  type EmulatorStack,
} from "./harness";
import { declaredDescription } from "../../provider/model/owner-mark";

// Clients of the test itself, to look at Harbor beside the provider.
const harborClients = new ClientPool();

const TYPE = "pulumi-nodejs:dynamic/harbor:RobotAccount";

/** What the program declares; tests change it between operations. */
interface Desired {
  robots: Record<string, RobotAccountArgs>;
}

function program(desired: Desired) {
  return async () => {
    const out: Record<string, pulumi.Output<unknown>> = {};
    for (const [name, args] of Object.entries(desired.robots)) {
      const r = new RobotAccount(name, args);
      out[`${name}FullName`] = r.fullName;
      out[`${name}Secret`] = r.secret;
      out[`${name}Id`] = r.robotId;
      out[`${name}ExpiresAt`] = r.expiresAt;
      out[`${name}Description`] = r.description;
      out[`${name}Permissions`] = r.grantedPermissions;
    }
    return out;
  };
}

describe("e2e: RobotAccount lifecycle with the real engine", function () {
  this.timeout(600_000);
  const desired: Desired = { robots: {} };
  let s: EmulatorStack;
  const issued = new Set<string>(); // every secret seen, to scan the state for

  const out = async (key: string) => (await s.stack.outputs())[key];
  const value = async (key: string) => (await out(key))?.value;
  const harbor = () => harborClients.clientFor(resolveConnection(undefined, undefined, s.env));
  const remember = async (...names: string[]) => {
    for (const n of names) issued.add(String(await value(`${n}Secret`)));
  };

  before(async () => {
    s = await emulatorStack("robots", program(desired));
    for (const p of ["team-a-api", "team-a-web", "team-b-data"]) s.emu.seedProject(p);
  });
  after(async () => s?.close());

  it("creates system robots (pattern, all projects), a project robot and one with a chosen secret", async () => {
    desired.robots = {
      ci: {
        name: "ci",
        description: "CI pushes to team A",
        duration: 90,
        permissions: [
          { projects: ["team-a-*"], access: ["push", "pull", "create tag"] },
          { scope: "system", access: ["project:list"] },
        ],
      },
      puller: {
        name: "puller",
        duration: "never",
        permissions: [{ scope: "allProjects", access: ["pull"] }],
      },
      deployer: {
        name: "deployer",
        level: "project",
        permissions: [{ projects: ["team-b-data"], access: ["pull", "push"] }],
      },
      chosen: {
        name: "chosen",
        secret: "Chosen-Secret-42",
        permissions: [{ projects: ["team-b-data"], access: ["pull"] }],
      },
    };
    const up = await s.stack.up();
    assert.equal(up.summary.result, "succeeded");
    assert.equal(up.summary.resourceChanges?.create, 5); // four robots and the stack
    assert.equal(await value("ciFullName"), "robot$ci");
    assert.equal(await value("deployerFullName"), "robot$team-b-data+deployer");
    assert.equal(await value("pullerExpiresAt"), -1);
    assert.equal((await out("ciSecret"))?.secret, true, "the secret output must be a Pulumi secret");
    const ciPerms = (await value("ciPermissions")) as Array<{ namespace: string }>;
    assert.deepEqual(
      ciPerms.map((p) => p.namespace),
      ["team-a-api", "team-a-web", "/"],
    ); // project kind sorts first

    // The issued credentials really log in; the chosen secret was applied.
    for (const n of ["ci", "puller", "deployer", "chosen"]) {
      assert.ok(
        s.emu.checkLogin(String(await value(`${n}FullName`)), String(await value(`${n}Secret`))),
        `${n} cannot log in`,
      );
    }
    assert.equal(await value("chosenSecret"), "Chosen-Secret-42");
    await remember("ci", "puller", "deployer", "chosen");
  });

  it("keeps every robot secret as ciphertext in the exported state and in every backend file", async () => {
    const { deployment, resources } = await exportedResources(s.stack, TYPE);
    assert.equal(resources.length, 4);
    assert.equal(deployment.deployment.secrets_providers?.type, "passphrase");
    for (const r of resources) {
      assertCiphertext(r.outputs.secret, `${r.urn} secret`);
      // The credential outputs are derived by the SDK in the program (secrets there), never stored.
      for (const key of ["credentialsJson", "dockerConfigJson"])
        assert.equal(r.outputs[key], undefined, `${r.urn} stores ${key}`);
      assert.equal(typeof r.inputs.__provider, "string", "the serialized provider captured a secret");
      assert.ok(
        !r.inputs.__provider.includes(s.emu.admin.password),
        "the serialized provider contains the password",
      );
    }
    const text = JSON.stringify(deployment);
    for (const secret of issued) assert.ok(!text.includes(secret), "a robot secret is in the exported state");
    assert.ok(!text.includes(s.emu.admin.password), "the Harbor password is in the state");
    assertNotOnDisk([s.backendDir, s.workDir], [...issued, s.emu.admin.password]);
  });

  it("previews no changes with zero HTTP calls to Harbor", async () => {
    s.emu.resetCounts();
    const preview = await s.stack.preview({ expectNoChanges: true });
    assert.equal(preview.changeSummary.same, 5);
    assert.equal(s.emu.requestCount(), 0, "preview must not call Harbor");
  });

  it("updates description, disabled and permissions in place (same robot id)", async () => {
    const idBefore = await value("ciId");
    desired.robots.ci = { ...desired.robots.ci!, description: "CI v2", disabled: true };
    // The preview names what really changes: outputs that share an input's name share its shape, so
    // duration ("never" vs -1) and permissions (friendly vs Harbor-shaped) show no false change.
    const shown = (await s.stack.preview({ diff: true })).stdout;
    assert.match(shown, /description\s*:\s*"CI pushes to team A" => "CI v2"/, shown);
    assert.doesNotMatch(shown, /^\s*[~+-] (duration|permissions)\b/m, shown);
    desired.robots.puller = {
      ...desired.robots.puller!,
      permissions: [{ scope: "allProjects", access: ["pull", "create scan"] }],
    };
    const up = await s.stack.up();
    assert.equal(up.summary.resourceChanges?.update, 2);
    assert.equal(await value("ciId"), idBefore);
    const ci = s.emu.getRobot(Number(idBefore))!;
    assert.equal(
      ci.description,
      'CI v2 [managed by Pulumi: stack "organization/robots/test", resource "ci"]',
    );
    assert.equal(ci.disabled, true);
    assert.ok(
      !s.emu.checkLogin("robot$ci", String(await value("ciSecret"))),
      "a disabled robot must not log in",
    );
    desired.robots.ci = { ...desired.robots.ci!, disabled: false };
    await s.stack.up();
    assert.ok(s.emu.checkLogin("robot$ci", String(await value("ciSecret"))));
  });

  it("rotates the secret when the rotation trigger changes; the old one stops working", async () => {
    const old = String(await value("pullerSecret"));
    desired.robots.puller = { ...desired.robots.puller!, rotationTrigger: "2026-Q4" };
    const up = await s.stack.up();
    assert.equal(up.summary.resourceChanges?.update, 1);
    const fresh = String(await value("pullerSecret"));
    assert.notEqual(fresh, old);
    assert.ok(s.emu.checkLogin("robot$puller", fresh));
    assert.ok(!s.emu.checkLogin("robot$puller", old));
    await remember("puller");
  });

  it("changes a chosen secret in place", async () => {
    desired.robots.chosen = { ...desired.robots.chosen!, secret: "Another-Secret-7" };
    await s.stack.up();
    assert.ok(s.emu.checkLogin("robot$chosen", "Another-Secret-7"));
    assert.ok(!s.emu.checkLogin("robot$chosen", "Chosen-Secret-42"));
    issued.add("Another-Secret-7");
  });

  it("refresh picks up an out-of-band edit, and the next up puts it back", async () => {
    const id = Number(await value("ciId"));
    const current = await harbor().getRobot(id);
    await harbor().updateRobot(id, {
      name: current.name,
      level: current.level,
      description: "edited in the UI",
      disable: false,
      duration: current.duration ?? 90,
      permissions: current.permissions,
    });
    await s.stack.refresh();
    // Refresh updates the resource state (stack outputs only change when the program runs).
    const { resources } = await exportedResources(s.stack, TYPE);
    assert.equal(resources.find((r) => r.urn.endsWith("::ci"))?.outputs.description, "edited in the UI");
    const preview = await s.stack.preview();
    assert.equal(preview.changeSummary.update, 1);
    await s.stack.up();
    assert.equal(declaredDescription(s.emu.getRobot(id)!.description), "CI v2");
  });

  it("refresh finds a new project matching a pattern and up grants it", async () => {
    s.emu.seedProject("team-a-new");
    await s.stack.refresh();
    const { resources } = await exportedResources(s.stack, TYPE);
    const ciState = resources.find((r) => r.urn.endsWith("::ci"))?.outputs;
    assert.deepEqual(ciState?.patternMatches, { "team-a-*": ["team-a-api", "team-a-new", "team-a-web"] });
    const preview = await s.stack.preview();
    assert.equal(
      preview.changeSummary.update,
      1,
      `preview: ${JSON.stringify(preview.changeSummary)}\n${preview.stdout}`,
    );
    await s.stack.up();
    const ci = s.emu.getRobot(Number(await value("ciId")))!;
    assert.ok(JSON.stringify(ci.permissions).includes("team-a-new"));
  });

  it("refresh of many robots costs a few list calls, not one GET per robot", async () => {
    s.emu.resetCounts();
    await s.stack.refresh();
    const gets = s.emu.requestCount("GET", "/robots/{id}");
    assert.equal(gets, 0, `refresh made ${gets} GET /robots/{id} calls`);
    assert.ok(s.emu.requestCount("GET", "/robots") <= 3, "refresh should list robots a few times at most");
  });

  it("refresh drops a robot deleted outside Pulumi, and up re-creates it", async () => {
    const id = Number(await value("pullerId"));
    await harbor().deleteRobot(id);
    await s.stack.refresh();
    const { resources } = await exportedResources(s.stack, TYPE);
    assert.equal(resources.length, 3);
    const up = await s.stack.up();
    assert.equal(up.summary.resourceChanges?.create, 1);
    assert.ok(s.emu.checkLogin("robot$puller", String(await value("pullerSecret"))));
    await remember("puller");
  });

  it("refuses to adopt an existing robot without takeOver, and takes it over with it", async () => {
    const seeded = s.emu.seedRobot({
      name: "legacy-ci",
      permissions: [
        { kind: "project", namespace: "team-a-api", access: [{ resource: "repository", action: "pull" }] },
      ],
    });
    desired.robots.legacy = {
      name: "legacy-ci",
      description: "now in code",
      permissions: [{ projects: ["team-a-api"], access: ["pull"] }],
    };
    const message = await failureOf(s.stack.up());
    assert.match(message, /already exists in Harbor/);
    assert.match(message, /takeOver: true/);
    assert.equal(s.emu.listRobots().filter((r) => r.name === "legacy-ci").length, 1, "no duplicate robot");

    desired.robots.legacy = { ...desired.robots.legacy, takeOver: true };
    await s.stack.up();
    assert.equal(await value("legacyId"), seeded.id);
    assert.equal(declaredDescription(s.emu.getRobot(seeded.id)!.description), "now in code");
    assert.ok(!s.emu.checkLogin(seeded.fullName, seeded.secret), "the old secret must stop working");
    assert.ok(s.emu.checkLogin(seeded.fullName, String(await value("legacySecret"))));
    await remember("legacy");
  });

  it("secrets are still ciphertext after every operation (history and backups included)", async () => {
    assertNotOnDisk([s.backendDir, s.workDir], [...issued, s.emu.admin.password]);
  });

  it("destroy deletes exactly the declared robots", async () => {
    const down = await s.stack.destroy();
    assert.equal(down.summary.result, "succeeded");
    assert.deepEqual(s.emu.listRobots(), []);
  });
});
