// `npm run demo` with HARBOR_URL, as the README offers it: against your Harbor the demo keeps its
// robots and its stack's state, and `DEMO_DESTROY=1 npm run demo` removes them and puts the default
// expiration back. The demo's program names its robots and projects itself (demo-ci, team-a-api, …),
// so this test cannot give them the run's prefix: it refuses to start when any of them, or a kept
// demo state for this Harbor, already exists, makes the projects it lacks and deletes what it made.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import { keptStateDir } from "../../scripts/demo-state";
import { runDemo } from "../e2e/run-demo";
import { run } from "./run";

const PROJECTS = ["team-a-api", "team-a-web", "team-b-data"];
const SYSTEM_ROBOTS = ["demo-ci", "demo-cluster-puller"];
const PROJECT_ROBOT = { project: "team-b-data", name: "team-b-data+demo-deployer" };

describe("acceptance: npm run demo against a real Harbor (HARBOR_URL)", function () {
  this.timeout(600_000);
  let stateDir: string;

  /** The demo's robots in Harbor now (full names), and their ids. */
  async function demoRobots(): Promise<Array<{ id: number; name: string }>> {
    const prefix = (name: string) => `${run.settingsBefore.robot_name_prefix}${name}`;
    const system = (await run.harbor.systemRobots("demo-")).filter((r) =>
      SYSTEM_ROBOTS.map(prefix).includes(r.name),
    );
    const project = (await run.harbor.projects(PROJECT_ROBOT.project)).find(
      (p) => p.name === PROJECT_ROBOT.project,
    );
    const inProject = project
      ? (await run.harbor.projectRobots(project.project_id)).filter(
          (r) => r.name === prefix(PROJECT_ROBOT.name),
        )
      : [];
    return [...system, ...inProject].map((r) => ({ id: r.id, name: r.name }));
  }

  before(async () => {
    stateDir = keptStateDir(run.target.url);
    if (fs.existsSync(stateDir))
      throw new Error(
        `${stateDir} holds a kept demo stack for ${run.target.url}: remove its robots first with ` +
          `DEMO_DESTROY=1 HARBOR_URL=… npm run demo (this test does not touch another run's demo)`,
      );
    const found = await demoRobots();
    if (found.length)
      throw new Error(
        `the demo's robots already exist in ${run.target.url}: ${found.map((r) => r.name).join(", ")}`,
      );
    run.onCleanup("remove the demo's kept state", () =>
      fs.rmSync(stateDir, { recursive: true, force: true }),
    );
    run.onCleanup("delete the demo's robots", async () => {
      for (const r of await demoRobots()) await run.harbor.deleteRobot(r.id);
    });
    const existing = new Set((await run.harbor.projects("team-")).map((p) => p.name));
    for (const name of PROJECTS.filter((p) => !existing.has(p))) {
      const id = await run.harbor.createProject(name);
      run.onCleanup(`delete the demo's project ${name}`, () => run.harbor.deleteProject(id));
    }
  });

  it("keeps the robots and the stack's state; DEMO_DESTROY=1 removes them and restores the setting", async () => {
    const harbor = run.harborEnv;
    const first = await runDemo(harbor);
    assert.equal(first.status, 0, first.stdout + first.stderr);
    assert.match(first.stdout, /\] The issued credentials log in to Harbor \.\.\. ok/);
    assert.match(first.stdout, /the robots and the default expiration stay on/);
    assert.ok(
      !(first.stdout + first.stderr).includes(run.target.password),
      "the demo must not print the password",
    );
    const kept = await demoRobots();
    assert.equal(kept.length, 3, `the demo's robots are kept: ${kept.map((r) => r.name).join(", ")}`);
    assert.equal((await run.harbor.settings()).robot_token_duration, 90, "the demo's default expiration");
    assert.ok(fs.existsSync(stateDir), "the stack's state is kept");

    const last = await runDemo({ ...harbor, DEMO_DESTROY: "1" });
    assert.equal(last.status, 0, last.stdout + last.stderr);
    assert.match(last.stdout, /pulumi up .* ok .*\n\s+succeeded: \{"same":5\}/, "the kept state: no change");
    assert.deepEqual(await demoRobots(), [], "DEMO_DESTROY=1 deletes the robots");
    assert.deepEqual(await run.harbor.settings(), run.settingsBefore, "and puts the default expiration back");
    assert.ok(!fs.existsSync(stateDir), "and drops the state");
  });
});
