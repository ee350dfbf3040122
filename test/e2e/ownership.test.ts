// Issue 17 through the real engine: two stacks (dev and prod) of one project, one Harbor (the emulator),
// robots of the same explicit name. Case 1: prod's `up` must not take dev's robot (the error names dev's
// stack); with takeOver it may, and then dev's refresh lets go of it and dev's destroy leaves it.
// Case 2: with recovery off, a robot someone makes while prod's POST fails is never taken for prod's
// own, nor deleted by its rollback. Case 3: a stranger of the same name at the robot's id (the URL now
// reaches another Harbor) is not overwritten by an update. And a forced replacement of a named robot
// (created first) does not delete the robot its new instance took up.
import assert from "node:assert/strict";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { startEmulator, type HarborEmulator } from "../../emulator";
import { RobotAccount, type RobotAccountArgs } from "../../sdk";
import { createLocalStack, type LocalStack } from "../../scripts/engine";
import { diagnostics, failureOf } from "./harness";
import { seedTheirCi } from "../helpers/their-robot";

const PROJECT = "platform";
const HARBOR_PERMS = [
  { kind: "project", namespace: "*", access: [{ resource: "repository", action: "pull", effect: "allow" }] },
];

/** What each stack's program declares; a test changes it between operations. */
const declared: Record<string, Partial<RobotAccountArgs>> = {};

/** The same program for every stack: one robot named "ci", as `declared[stack]` says. */
const program =
  (stack: string): PulumiFn =>
  async () => {
    const r = new RobotAccount("ci", {
      name: "ci",
      description: "pulls images",
      duration: 30,
      permissions: [{ scope: "allProjects", access: ["pull"] }],
      ...declared[stack],
    });
    return { fullName: r.fullName, secret: r.secret };
  };

describe("e2e: ownership between two stacks of one project on one Harbor (issue 17)", function () {
  this.timeout(900_000);
  let emu: HarborEmulator;
  let backendDir: string | undefined;
  const stacks: LocalStack[] = [];

  async function stackOf(name: string, on: HarborEmulator = emu): Promise<LocalStack> {
    const s = await createLocalStack({
      projectName: PROJECT,
      stackName: name,
      program: program(name),
      backendDir,
      envVars: { ...on.harborEnv(), HARBOR_RETRY_BASE_DELAY_MS: "2" },
    });
    backendDir ??= s.backendDir;
    stacks.push(s);
    return s;
  }

  const writes = (h: HarborEmulator = emu) =>
    h.requestCount("PUT") + h.requestCount("PATCH") + h.requestCount("DELETE");

  beforeEach(async () => {
    emu = await startEmulator();
    backendDir = undefined;
    for (const k of Object.keys(declared)) delete declared[k];
  });
  afterEach(async () => {
    for (const s of stacks.splice(0)) s.cleanup();
    await emu.close();
  });

  it("case 1: prod's up fails naming dev's stack; with takeOver it takes the robot, and dev lets go", async () => {
    const dev = await stackOf("dev");
    const prod = await stackOf("prod");
    const devUp = await dev.stack.up();
    const devLogin = {
      fullName: String(devUp.outputs.fullName!.value),
      secret: String(devUp.outputs.secret!.value),
    };
    const robot = emu.listRobots().find((r) => r.name === "ci")!;
    assert.equal(
      robot.description,
      'pulls images [managed by Pulumi: stack "organization/platform/dev", resource "ci"]',
    );

    emu.resetCounts();
    const message = await failureOf(prod.stack.up());
    assert.match(
      message,
      /robot "ci" already exists in Harbor .* managed by Pulumi stack "organization\/platform\/dev", resource "ci"/,
    );
    assert.match(message, /takeOver: true/);
    assert.equal(writes(), 0, "dev's robot was not re-keyed, edited or deleted");
    assert.ok(emu.checkLogin(devLogin.fullName, devLogin.secret), "dev's secret still logs in");
    await prod.stack.destroy();
    assert.ok(emu.getRobot(robot.id), "prod's destroy leaves dev's robot");
    assert.ok(emu.checkLogin(devLogin.fullName, devLogin.secret));

    declared.prod = { takeOver: true };
    const prodUp = await prod.stack.up();
    const prodLogin = {
      fullName: String(prodUp.outputs.fullName!.value),
      secret: String(prodUp.outputs.secret!.value),
    };
    assert.equal(
      emu.getRobot(robot.id)!.description,
      'pulls images [managed by Pulumi: stack "organization/platform/prod", resource "ci"]',
    );
    assert.ok(emu.checkLogin(prodLogin.fullName, prodLogin.secret));

    // dev's refresh lets go (with a warning naming prod), and dev's destroy leaves prod's robot.
    emu.resetCounts();
    const seen = diagnostics();
    await dev.stack.preview({ refresh: true, onEvent: seen.onEvent });
    assert.ok(
      seen
        .warnings()
        .some((w) => /managed by Pulumi stack "organization\/platform\/prod", resource "ci" now/.test(w)),
      JSON.stringify(seen.warnings()),
    );
    const atDestroy = diagnostics();
    await dev.stack.destroy({ onEvent: atDestroy.onEvent });
    assert.ok(
      atDestroy
        .warnings()
        .some((w) => /was not deleted: it is managed by Pulumi stack "organization\/platform\/prod"/.test(w)),
      JSON.stringify(atDestroy.warnings()),
    );
    assert.equal(writes(), 0);
    assert.ok(emu.checkLogin(prodLogin.fullName, prodLogin.secret), "prod's robot is untouched");
    await prod.stack.destroy();
    assert.equal(emu.getRobot(robot.id), undefined, "prod, its owner now, deletes it");
  });

  it("case 2: recovery off, a robot made while prod's POST fails is neither re-keyed nor rolled back", async () => {
    const prod = await stackOf("prod");
    await prod.stack.setConfig("harbor:recoveryWindowHours", { value: "0" });
    declared.prod = { secret: "Chosen-Secret-5" };
    // Someone makes the very robot by hand while prod's POST is answered 503 (not applied): on
    // Harbor's clock it is newer than the POST. Then the chosen secret's PATCH fails, so a robot
    // prod's create had made would be deleted again.
    emu.advanceClock(2_000);
    const theirs = emu.seedRobot({
      name: "ci",
      description: "pulls images",
      duration: 30,
      permissions: HARBOR_PERMS,
    });
    emu.setClock(undefined);
    emu.injectFault({ method: "POST", route: "/robots", kind: "status", status: 503 });
    emu.injectFault({ method: "PATCH", route: "/robots/{id}", kind: "status", status: 500, times: 100 });
    emu.resetCounts();
    const message = await failureOf(prod.stack.up());
    emu.clearFaults();
    assert.match(message, /already exists in Harbor .* not managed by Pulumi/);
    assert.equal(writes(), 0, "no PATCH, PUT or DELETE reached their robot");
    assert.equal(emu.getRobot(theirs.id)?.description, "pulls images");
    assert.ok(emu.checkLogin(theirs.fullName, theirs.secret), "their secret still logs in");
  });

  it("pulumi up --replace of a named robot: the replacement takes the robot up and the old instance leaves it", async () => {
    // A forced replacement is created first (the engine does not ask the provider for delete-first):
    // the new instance finds the robot by its mark and re-keys it; the old instance's delete must not
    // then delete the robot the new state holds.
    const prod = await stackOf("prod");
    await prod.stack.up();
    const { deployment } = await prod.stack.exportStack();
    const urn = deployment.resources.find((r: { type: string }) => r.type.endsWith(":RobotAccount")).urn;
    const seen = diagnostics();
    const up = await prod.stack.up({ replace: [urn], onEvent: seen.onEvent });
    const robots = emu.listRobots();
    assert.equal(robots.length, 1, "one robot");
    assert.ok(
      emu.checkLogin(String(up.outputs.fullName!.value), String(up.outputs.secret!.value)),
      "the robot the state holds exists and its new secret logs in",
    );
    assert.ok(
      seen
        .warnings()
        .some((w) => /was not deleted: a create of this resource in this run took it up/.test(w)),
      JSON.stringify(seen.warnings()),
    );
    await prod.stack.destroy();
    assert.equal(emu.listRobots().length, 0, "destroy deletes it");
  });

  it("case 3: an update never overwrites a stranger of the same name at the robot's id", async () => {
    const dev = await stackOf("dev");
    await dev.stack.up();
    const ours = emu.listRobots().find((r) => r.name === "ci")!;
    // The registry's URL now reaches another Harbor (a DNS name moved, a backup restored): same port,
    // ids from 1 again, and someone's own robot "ci" at our id.
    const port = Number(new URL(emu.url).port);
    await emu.close();
    emu = await startEmulator({ port });
    const theirs = seedTheirCi(emu);
    assert.equal(theirs.id, ours.id, "the test needs the same id");
    declared.dev = { description: "changed", rotationTrigger: "1" };
    emu.resetCounts();
    const message = await failureOf(dev.stack.up());
    assert.match(message, /refusing to update robot id \d+ on http:.*nothing was changed/);
    assert.equal(writes(), 0);
    const r = emu.getRobot(theirs.id)!;
    assert.equal(r.description, "theirs");
    assert.equal(r.duration, 7);
    assert.ok(emu.checkLogin(theirs.fullName, theirs.secret), "their secret still logs in");
  });
});
