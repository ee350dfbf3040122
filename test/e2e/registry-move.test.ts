// Moving a stack to another Harbor, through the real engine (issue 9 item 3). Both Harbors number
// their robots from 1, so the new one holds a stranger at our robot's id. The old code previewed no
// change, refreshed the stranger into the state and rewrote it; now the move is a replace whose
// delete happens on the old Harbor only, with credentials for the old Harbor only.
import assert from "node:assert/strict";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { startEmulator, type HarborEmulator } from "../../emulator";
import { RobotAccount } from "../../sdk";
import { emulatorStack, failureOf, type EmulatorStack } from "./harness";
import { declaredDescription } from "../../provider/model/owner-mark";

describe("e2e: a stack moved to another Harbor", function () {
  this.timeout(600_000);
  let a: HarborEmulator;
  let b: HarborEmulator;
  let s: EmulatorStack;
  let stranger: { id: number; fullName: string; secret: string };
  const envOf = () => (s.stack.workspace as LocalWorkspace).envVars;

  before(async () => {
    [a, b] = await Promise.all([startEmulator(), startEmulator()]);
    stranger = b.seedRobot({ name: "theirs", description: "not ours" });
    // The stack starts on A, through the environment (as the harness sets it).
    s = await emulatorStack(
      "moved",
      async () => {
        const ci = new RobotAccount("ci", {
          name: "ci",
          description: "ours",
          permissions: [{ scope: "allProjects", access: ["pull"] }],
        });
        return { id: ci.robotId, fullName: ci.fullName };
      },
      { emu: a },
    );
  });
  after(async () => {
    await s?.close();
    await Promise.all([a?.close(), b?.close()]);
  });

  const strangerUntouched = () => {
    assert.equal(b.getRobot(stranger.id)?.description, "not ours");
    assert.ok(b.checkLogin(stranger.fullName, stranger.secret), "the stranger's secret still works");
  };

  it("creates the robot on A, at the id B's stranger has", async () => {
    await s.stack.up();
    assert.equal((await s.stack.outputs()).id?.value, stranger.id);
  });

  it("with the stack pointed at B and no credentials left for A: preview shows a replace, up deletes nothing", async () => {
    await s.stack.setConfig("harbor:url", { value: b.url });
    await s.stack.setConfig("harbor:username", { value: b.admin.username });
    await s.stack.setConfig("harbor:password", { value: b.admin.password, secret: true });
    for (const k of ["HARBOR_URL", "HARBOR_USERNAME", "HARBOR_PASSWORD"]) delete envOf()[k];

    const preview = await s.stack.preview();
    assert.equal(preview.changeSummary.replace, 1, JSON.stringify(preview.changeSummary));

    const refreshed = await s.stack.refresh();
    assert.match(
      refreshed.stdout + refreshed.stderr,
      /lives on http:\/\/127\.0\.0\.1:\d+, which the current settings give no credentials for/,
    );
    const message = await failureOf(s.stack.up());
    assert.match(message, /cannot delete robot robot\$ci \(id \d+\): it lives on http:\/\/127\.0\.0\.1/);
    assert.match(message, /HARBOR_URL=http:\/\/127\.0\.0\.1:\d+ HARBOR_USERNAME=… HARBOR_PASSWORD=…/);
    assert.match(message, /pulumi state delete/);
    assert.ok(a.getRobot(stranger.id), "ours is still on A");
    strangerUntouched();
    assert.equal(b.listRobots().length, 1, "nothing was created on B before the old robot was gone");
  });

  it("with A's credentials in the environment for one run: deleted on A, created on B", async () => {
    Object.assign(envOf(), {
      ...a.harborEnv(),
    });
    await s.stack.up();
    assert.equal(a.getRobot(stranger.id), undefined, "deleted on A");
    const outputs = await s.stack.outputs();
    assert.notEqual(outputs.id?.value, stranger.id);
    assert.equal(declaredDescription(b.getRobot(outputs.id?.value as number)?.description), "ours");
    strangerUntouched();
    const again = await s.stack.preview();
    assert.deepEqual(Object.keys(again.changeSummary), ["same"], "settled: no change");
  });

  it("destroy removes only ours on B", async () => {
    await s.stack.destroy();
    assert.deepEqual(
      b.listRobots().map((r) => r.id),
      [stranger.id],
    );
    strangerUntouched();
  });
});
