// The layer's promise to a disposable Harbor: a failing acceptance test leaves nothing behind. A
// deliberately failing test file (fixtures/failing-run.ts) runs in a mocha process of its own, as
// the runner runs each file; before and after it, every robot (system robots, and the robots of every
// project), every project and the robot settings are listed, and must be the same.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import * as path from "node:path";
import { repoRoot } from "../../scripts/engine";
import type { AdminHarbor } from "./admin";
import { run } from "./run";

/** Everything of Harbor's that an acceptance run may touch, in a comparable form. */
async function everything(harbor: AdminHarbor) {
  const projects = await harbor.projects();
  const robots = await harbor.systemRobots();
  for (const p of projects) robots.push(...(await harbor.projectRobots(p.project_id)));
  return {
    settings: await harbor.settings(),
    projects: projects.map((p) => `${p.project_id} ${p.name}`).sort(),
    robots: robots
      .map((r) => `${r.id} ${r.name} ${r.disable ? "disabled" : "enabled"} ${r.expires_at}`)
      .sort(),
  };
}

function runFixture(env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string }> {
  const mocha = path.join(repoRoot, "node_modules", "mocha", "bin", "mocha.js");
  const fixture = path.join(repoRoot, "dist", "test", "acceptance", "fixtures", "failing-run.js");
  const child = spawn(
    process.execPath,
    [mocha, "--config", ".mocharc.json", "--timeout", "600000", fixture],
    {
      cwd: repoRoot,
      env,
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  let stdout = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString("utf8")));
  return new Promise((resolve) => child.on("close", (status) => resolve({ status, stdout })));
}

describe("acceptance: a failing acceptance test leaves nothing behind", function () {
  this.timeout(600_000);

  it("robots, projects and settings are as before a run that changed them all and failed", async () => {
    const before = await everything(run.harbor);
    // Within this process's prefix, so that its own sweep would also catch what the child left.
    const child = await runFixture({ ...process.env, HARBOR_ACCEPTANCE_RUN_ID: run.id });
    assert.notEqual(child.status, 0, "the fixture run must fail");
    assert.match(child.stdout, /1 failing/, child.stdout);
    assert.match(child.stdout, /deliberate failure/);
    const line = /^FIXTURE-MADE (.*)$/m.exec(child.stdout);
    assert.ok(line, `the fixture did not get to make anything:\n${child.stdout}`);
    const made = JSON.parse(line[1]!) as { ids: number[]; project: string; settings: typeof before.settings };
    assert.equal(made.ids.length, 3, "two robots through Pulumi and one by hand");
    assert.notEqual(
      made.settings.robot_name_prefix,
      before.settings.robot_name_prefix,
      "the prefix was changed",
    );
    assert.equal(made.settings.robot_token_duration, 3, "the default expiration was changed");
    console.log(
      `      the failed run made robots ${made.ids.join(", ")} and project ${made.project}, and set ` +
        `${JSON.stringify(made.settings)}; its cleanup said: ${/acceptance cleanup \([^)]*\): (.*)/.exec(child.stdout)?.[1]}`,
    );

    const after = await everything(run.harbor);
    assert.deepEqual(after.settings, before.settings, "the settings are back");
    assert.deepEqual(after.projects, before.projects, "no project is left");
    assert.deepEqual(after.robots, before.robots, "no robot is left, and none was changed");
  });
});
