// One provider process handles all the robots of an operation, and the engine runs their steps
// concurrently: the project listing (patterns, project robots), the robot listings (refresh and
// delete look-ups) and the version check must be ONE in-flight request each, not one per robot, and
// a robot write must not throw the project listing away (issue 12). The old code dropped every
// listing on every write, so 20 concurrent creates listed the projects 11 times.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { startEmulator, type HarborEmulator } from "../../../emulator";
import type { CheckedRobotInputs } from "../../../provider/robot-account/check";
import type { RobotAccountState } from "../../../provider/robot-account/state";
import { emulatorConfig } from "../../helpers/stack-config";
import { ProviderProcess } from "../../helpers/provider-process";

const proc = new ProviderProcess();
const p = proc.robotAccount;
const settings = proc.robotSettings;

const ROBOTS = 20;

const robot = (i: number, over: Partial<CheckedRobotInputs> = {}): CheckedRobotInputs => ({
  name: `shared-${i}`,
  description: "sharing test",
  duration: 30,
  permissions: [
    { projects: ["team-a-*"], access: ["push", "pull"] },
    { scope: "allProjects", access: ["pull"] },
  ],
  ...over,
});

/**
 * Starts one operation every few milliseconds, all running at once: the engine sends its steps as the
 * program registers resources, so later ones begin while earlier ones are already writing.
 */
async function staggered<T, R>(items: T[], run: (item: T) => Promise<R>): Promise<R[]> {
  const running: Promise<R>[] = [];
  for (const item of items) {
    running.push(run(item));
    await sleep(3);
  }
  return Promise.all(running);
}

const createAll = (inputs: CheckedRobotInputs[]) =>
  staggered(inputs, async (i) => (await p.create(i)).outs as RobotAccountState);

describe("listings and the version check are shared by concurrent operations", () => {
  let emu: HarborEmulator;
  beforeEach(async () => {
    emu = await startEmulator();
    for (const project of ["team-a-api", "team-a-web", "team-b-data"]) emu.seedProject(project);
    await proc.restart(emulatorConfig(emu)); // a new process per test: no listing or version survives
  });
  afterEach(async () => {
    await proc.close();
    await emu.close();
  });

  it(`${ROBOTS} concurrent creates: one POST each, 1 project list, 1 version check`, async () => {
    const states = await createAll(Array.from({ length: ROBOTS }, (_, i) => robot(i)));
    assert.equal(emu.requestCount("POST", "/robots"), ROBOTS);
    assert.equal(
      emu.requestCount("GET", "/projects"),
      1,
      "the pattern listing is shared, and kept by writes",
    );
    assert.equal(emu.requestCount("GET", "/systeminfo"), 1, "the version check is shared");
    for (const s of states) assert.deepEqual(s.patternMatches, { "team-a-*": ["team-a-api", "team-a-web"] });
  });

  it(`${ROBOTS} concurrent refreshes, then deletes: 1 robot list and 1 project list, no GET per robot`, async () => {
    const states = await createAll(Array.from({ length: ROBOTS }, (_, i) => robot(i)));
    await proc.dropClients(); // the next operation is a new provider process
    emu.resetCounts();
    const read = await staggered(states, (s) => p.read!(String(s.robotId), s as never));
    assert.equal(emu.requestCount("GET", "/robots"), 1, "one robot listing");
    assert.equal(emu.requestCount("GET", "/projects"), 1, "one project listing for the patterns");
    assert.equal(emu.requestCount("GET", "/robots/{id}"), 0, "every robot was in the listing");
    assert.deepEqual(
      read.map((r) => r.props?.fullName),
      states.map((s) => s.fullName),
    );

    await proc.dropClients();
    emu.resetCounts();
    await staggered(states, (s) => p.delete!(String(s.robotId), s as never));
    assert.equal(emu.requestCount("GET", "/robots"), 1, "one robot listing for the identity checks");
    assert.equal(emu.requestCount("GET", "/robots/{id}"), 0);
    assert.equal(emu.requestCount("DELETE", "/robots/{id}"), ROBOTS);
    assert.equal(emu.listRobots().length, 0);
  });

  it("project robots of one project: 1 project list and 1 list of that project's robots", async () => {
    const project = (i: number) =>
      robot(i, { level: "project", permissions: [{ projects: ["team-b-data"], access: ["pull"] }] });
    const states = await createAll(Array.from({ length: ROBOTS }, (_, i) => project(i)));
    await proc.dropClients();
    emu.resetCounts();
    await staggered(states, (s) => p.read!(String(s.robotId), s as never));
    assert.equal(emu.requestCount("GET", "/projects"), 1);
    assert.equal(emu.requestCount("GET", "/robots"), 1);
    assert.equal(emu.requestCount("GET", "/robots/{id}"), 0);
  });

  it("a robot made after the listing is read with one GET; a robot this process updated is not read stale", async () => {
    const [first] = await createAll([robot(0)]);
    await proc.dropClients();
    await p.read!(String(first!.robotId), first as never); // fills the listing
    const [late] = await createAll([robot(1)]);
    emu.resetCounts();
    const lateRead = await p.read!(String(late!.robotId), late as never);
    assert.equal(lateRead.props?.robotId, late!.robotId, "found although the listing predates it");
    assert.equal(emu.requestCount("GET", "/robots/{id}"), 1, "a listing miss asks Harbor");
    assert.equal(emu.requestCount("GET", "/robots"), 0, "the listing itself is kept");

    const updated = await p.update!(
      String(first!.robotId),
      first as never,
      robot(0, { description: "changed" }) as never,
    );
    assert.equal(updated.outs?.description, "changed");
    const reread = await p.read!(String(first!.robotId), updated.outs as never);
    assert.equal(reread.props?.description, "changed", "not the listing's old description");
  });

  it("a project made after the listing is asked for by name, then its robot listing serves", async () => {
    await createAll([robot(0)]); // lists the projects (patterns)
    emu.seedProject("late");
    const [made] = await createAll([
      robot(1, { level: "project", permissions: [{ projects: ["late"], access: ["pull"] }] }),
    ]);
    emu.resetCounts();
    const read = await p.read!(String(made!.robotId), made as never);
    assert.equal(read.props?.robotId, made!.robotId);
    assert.equal(emu.requestCount("GET", "/projects"), 0, "the project listing is kept");
    assert.equal(emu.requestCount("GET", "/projects/{id}"), 1, "the missing project asked for by name");
    assert.equal(emu.requestCount("GET", "/robots"), 1, "then the robots of that project are listed");
  });

  it("robots without a duration: 1 GET /configurations for all; a RobotSettings change is seen by later creates", async () => {
    const undated = (i: number) => robot(i, { duration: undefined });
    const states = await createAll(Array.from({ length: ROBOTS }, (_, i) => undated(i)));
    assert.equal(emu.requestCount("GET", "/configurations"), 1, "the default expiration is read once");
    assert.ok(states.every((s) => s.durationDays === 30));

    await settings.create({ defaultExpirationDays: 7 } as never);
    const [later] = await createAll([undated(ROBOTS)]);
    assert.equal(later!.durationDays, 7, "the new default, not the shared copy from before the change");
  });
});
