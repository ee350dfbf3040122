// `npm run demo`, the README's first command, as a newcomer runs it: embedded emulator by default,
// or an existing Harbor through HARBOR_URL (then the robots are kept).
import assert from "node:assert/strict";
import { startEmulator } from "../../emulator";
import { runDemo } from "./run-demo";

describe("e2e: npm run demo", function () {
  this.timeout(600_000);

  it("runs every step against the embedded emulator and exits 0", async () => {
    const run = await runDemo();
    assert.equal(run.status, 0, run.stdout + run.stderr);
    for (const step of [
      "Pulumi engine",
      "Start the embedded Harbor emulator",
      "pulumi up of the top-level Pulumi.yaml program",
      "The issued credentials log in to Harbor",
      "The state holds the robot secrets only as ciphertext",
      "pulumi preview reports no changes",
      "pulumi destroy",
    ]) {
      assert.match(run.stdout, new RegExp(`\\] ${step}.* ok`), `step "${step}" missing or failed`);
    }
    assert.match(run.stdout, /robot\$demo-ci .* expires \d{4}-\d\d-\d\d/);
    assert.match(run.stdout, /robot\$team-b-data\+demo-deployer/);
    assert.match(run.stdout, /ci secret: \[secret\]/);
    assert.match(run.stdout, /, 0 Harbor requests/);
    assert.doesNotMatch(run.stdout, /NOT SECRET/);
  });

  it("targets an existing Harbor through HARBOR_URL, keeps the robots and its state; DEMO_DESTROY=1 restores all", async () => {
    const emu = await startEmulator();
    try {
      for (const p of ["team-a-api", "team-a-web", "team-b-data"]) emu.seedProject(p);
      const harbor = {
        ...emu.harborEnv(),
      };
      const run = await runDemo(harbor);
      assert.equal(run.status, 0, run.stdout + run.stderr);
      assert.match(run.stdout, /the robots and the default expiration stay on/);
      assert.ok(!run.stdout.includes(emu.admin.password), "the demo must not print the password");
      const robots = () =>
        emu
          .listRobots()
          .map((r) => `${r.id} ${r.fullName}`)
          .sort();
      const kept = robots();
      assert.deepEqual(kept.map((r) => r.split(" ")[1]).sort(), [
        "robot$demo-ci",
        "robot$demo-cluster-puller",
        "robot$team-b-data+demo-deployer",
      ]);
      assert.equal(emu.getConfig().robot_token_duration, 90);

      // The kept state makes the next run an update of the same stack, not a stranger's robots.
      const again = await runDemo(harbor);
      assert.equal(again.status, 0, again.stdout + again.stderr);
      assert.match(again.stdout, /pulumi up .* ok .*\n\s+succeeded: \{"same":5\}/);
      assert.deepEqual(robots(), kept);

      const last = await runDemo({ ...harbor, DEMO_DESTROY: "1" });
      assert.equal(last.status, 0, last.stdout + last.stderr);
      assert.deepEqual(emu.listRobots(), []);
      assert.equal(emu.getConfig().robot_token_duration, 30, "Harbor's own default expiration is back");
    } finally {
      await emu.close();
    }
  });

  it("refuses wrong credentials of an existing Harbor before anything else, also where anyone sees its version", async () => {
    const emu = await startEmulator({ version: "2.10" }); // ≤ 2.12: /systeminfo names the version to anyone
    try {
      const run = await runDemo({ HARBOR_URL: emu.url, HARBOR_USERNAME: "admin", HARBOR_PASSWORD: "wrong" });
      assert.notEqual(run.status, 0);
      assert.match(run.stdout, /\[2\] Harbor at .* FAILED/);
      assert.match(run.stderr, /rejected HARBOR_USERNAME \/ HARBOR_PASSWORD/);
      // Nothing was written; the only POSTs were the provider's attempt to log in (issue 21).
      assert.equal(emu.requestCount("POST") - emu.requestCount("POST", "/c/login"), 0);
      assert.equal(emu.passwordCheckCount("login"), 1, "one login attempt, refused");
    } finally {
      await emu.close();
    }
  });

  it("exits non-zero with the reason when a step fails", async () => {
    const run = await runDemo({
      HARBOR_URL: "http://127.0.0.1:9",
      HARBOR_USERNAME: "admin",
      HARBOR_PASSWORD: "x",
    });
    assert.notEqual(run.status, 0);
    assert.match(run.stdout, /FAILED/);
    assert.match(run.stderr, /Demo failed: /);
  });
});
