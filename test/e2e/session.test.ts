// Issue 21 through the real engine: a whole `up` of 20 robots costs Harbor one password check (the
// provider process logs in once and sends its session), and a session that expires in the middle of
// the run is replaced without a duplicate robot or a lost secret.
import assert from "node:assert/strict";
import { setTimeout as sleep } from "node:timers/promises";
import { RobotAccount } from "../../sdk";
import { emulatorStack, type EmulatorStack } from "./harness";

const ROBOTS = 20;

describe("e2e: one password check per provider process", function () {
  this.timeout(600_000);
  let s: EmulatorStack;
  let prefix = "a";

  before(async () => {
    s = await emulatorStack("session", async () => {
      for (let i = 0; i < ROBOTS; i++) {
        new RobotAccount(`${prefix}${i}`, {
          name: `${prefix}-${i}`,
          duration: 30,
          permissions: [{ projects: ["apps"], access: ["pull"] }],
        });
      }
    });
    s.emu.seedProject("apps");
  });
  after(async () => s?.close());

  /** Every robot's secret in the state is one Harbor accepts. */
  async function assertStoredSecretsWork(): Promise<void> {
    const state = await s.stack.exportStack(); // with --show-secrets, to read them
    const robots = state.deployment.resources.filter((r: { type: string }) =>
      r.type.endsWith(":RobotAccount"),
    );
    assert.equal(robots.length, ROBOTS);
    for (const r of robots) {
      const secret = r.outputs.secret.plaintext ? JSON.parse(r.outputs.secret.plaintext) : r.outputs.secret;
      assert.ok(s.emu.checkLogin(r.outputs.fullName, secret), `${r.outputs.fullName}: stored secret refused`);
    }
  }

  const names = () =>
    s.emu
      .listRobots()
      .map((r) => r.name)
      .sort();

  it(`up of ${ROBOTS} robots: one login, no Basic request; destroy: one more`, async () => {
    s.emu.resetCounts();
    const up = await s.stack.up();
    assert.equal(up.summary.result, "succeeded");
    assert.equal(names().length, ROBOTS);
    assert.equal(s.emu.passwordCheckCount("login"), 1, "one login for the whole up");
    assert.equal(s.emu.passwordCheckCount("basic"), 0, "no request carried the password");
    assert.equal(s.emu.requestCount("POST", "/robots"), ROBOTS);
    await assertStoredSecretsWork();

    s.emu.resetCounts();
    await s.stack.destroy();
    assert.deepEqual(names(), []);
    assert.equal(s.emu.passwordCheckCount("login"), 1, "the destroy's provider process logs in once");
    assert.equal(s.emu.passwordCheckCount("basic"), 0);
  });

  it("replaces a session that expires mid-run: every robot once, every stored secret valid", async () => {
    prefix = "b";
    s.emu.resetCounts();
    // Ends the session once a third of the creates went through; the provider is still creating.
    let expired = false;
    const watcher = (async () => {
      while (!expired && s.emu.requestCount("POST", "/robots") < ROBOTS / 3) await sleep(5);
      if (!expired) s.emu.expireSessions();
      expired = true;
    })();
    const up = await s.stack.up();
    expired = true;
    await watcher;
    assert.equal(up.summary.result, "succeeded");
    assert.deepEqual(
      names(),
      Array.from({ length: ROBOTS }, (_, i) => `b-${i}`).sort(),
      "each robot once: none missing, none doubled",
    );
    // Creates sent with the expired session were refused (401, nothing created) and sent again.
    assert.ok(s.emu.requestCount("POST", "/robots") > ROBOTS, "the expiry hit creates in flight");
    assert.equal(s.emu.passwordCheckCount("login"), 2, "logged in again once");
    assert.equal(s.emu.passwordCheckCount("basic"), 0);
    await assertStoredSecretsWork();
    await s.stack.destroy();
    assert.deepEqual(names(), []);
  });
});
