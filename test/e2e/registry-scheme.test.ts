// Through the real engine (issue 17, cases 6 and 9): a bad HARBOR_* variable fails `pulumi preview`
// naming it, with no Harbor request; and `harbor:url` respelled from https to http shows at preview
// as an update of the same robot, while refresh never goes out over http before that update. The
// emulator sits behind a forwarder that serves http and https on one port and counts each.
import assert from "node:assert/strict";
import type { LocalWorkspace } from "@pulumi/pulumi/automation";
import { startEmulator, type HarborEmulator } from "../../emulator";
import { RobotAccount } from "../../sdk";
import { selfSigned, startForwarder, type Forwarder } from "../helpers/forwarder";
import { emulatorStack, failureOf, type EmulatorStack } from "./harness";

describe("e2e: settings at preview, and a stack URL respelled from https to http", function () {
  this.timeout(600_000);
  let emu: HarborEmulator;
  let front: Forwarder;
  let s: EmulatorStack;
  const envOf = () => (s.stack.workspace as LocalWorkspace).envVars;
  const url = (scheme: "http" | "https") => `${scheme}://127.0.0.1:${front.port}`;
  const reset = () => Object.assign(front.counts, { http: 0, https: 0 });

  before(async function () {
    const tls = selfSigned();
    if (typeof tls === "string") {
      console.log(`    (${tls})`);
      this.skip();
    }
    emu = await startEmulator();
    front = await startForwarder(emu.url, { tls });
    s = await emulatorStack(
      "scheme",
      async () => {
        const ci = new RobotAccount("ci", {
          name: "ci",
          permissions: [{ scope: "allProjects", access: ["pull"] }],
        });
        return { id: ci.robotId };
      },
      { emu },
    );
    // The stack's Harbor in stack config, its credentials bound to that URL.
    for (const k of ["HARBOR_URL", "HARBOR_USERNAME", "HARBOR_PASSWORD"]) delete envOf()[k];
    await s.stack.setAllConfig({
      "harbor:url": { value: url("https") },
      "harbor:username": { value: emu.admin.username },
      "harbor:password": { value: emu.admin.password, secret: true },
      "harbor:caCert": { value: tls.certFile },
    });
  });
  after(async () => {
    await s?.close();
    await front?.close();
    await emu?.close();
  });

  it("a bad HARBOR_* variable fails preview and up, naming it, with no Harbor request", async () => {
    envOf().HARBOR_RECOVERY_WINDOW_HOURS = "off";
    try {
      emu.resetCounts();
      for (const run of [() => s.stack.preview(), () => s.stack.up()]) {
        const message = await failureOf(run());
        assert.match(
          message,
          /environment HARBOR_RECOVERY_WINDOW_HOURS must be a number of hours ≥ 0 \(0 turns recovery off\), got "off"/,
        );
        assert.ok(!message.includes(emu.admin.password));
      }
      assert.equal(emu.requestCount(), 0, "nothing reached Harbor");
      assert.equal(emu.listRobots().length, 0);
    } finally {
      delete envOf().HARBOR_RECOVERY_WINDOW_HOURS;
    }
  });

  it("creates the robot over https", async () => {
    reset();
    await s.stack.up();
    assert.equal(front.counts.http, 0);
    assert.ok(front.counts.https > 0);
  });

  it("respelled to http: the preview shows an update with a warning, and refresh sends nothing over http", async () => {
    await s.stack.setConfig("harbor:url", { value: url("http") });
    reset();
    const preview = await s.stack.preview();
    assert.equal(preview.changeSummary.update, 1, JSON.stringify(preview.changeSummary));
    assert.match(
      preview.stdout,
      /robot robot\$ci: its registry URL changes from https:\/\/127\.0\.0\.1:\d+ to http:\/\/127\.0\.0\.1:\d+/,
    );
    // A plain refresh configures the provider as the last `up` recorded it: https, its credentials.
    await s.stack.refresh();
    assert.equal(front.counts.http, 0);
    // With the program run, the provider has the new http URL; the robot stays on https, and the
    // credentials configured for http are not sent there.
    reset();
    const refreshed = await s.stack.refresh({ runProgram: true });
    assert.match(
      refreshed.stdout + refreshed.stderr,
      /lives on https:\/\/127\.0\.0\.1:\d+, which the current settings give no credentials for/,
    );
    assert.deepEqual(front.counts, { http: 0, https: 0 }, "the password configured for http went nowhere");
  });

  it("up moves the same robot to http; then no change; destroy over http", async () => {
    const before = (await s.stack.outputs()).id?.value;
    reset();
    await s.stack.up();
    assert.equal((await s.stack.outputs()).id?.value, before, "the same robot");
    assert.equal(front.counts.https, 0);
    assert.ok(front.counts.http > 0);
    const again = await s.stack.preview();
    assert.deepEqual(Object.keys(again.changeSummary), ["same"]);
    await s.stack.destroy();
    assert.equal(emu.listRobots().length, 0);
  });
});
