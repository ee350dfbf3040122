// Faults injected into Harbor (5xx, 429, resets, writes applied but answered with an error) must end
// with exactly the declared robots: none missing, none doubled, none orphaned.
import assert from "node:assert/strict";
import { RobotAccount } from "../../sdk";
import { exportStackEncrypted } from "../../scripts/engine";
import { assertCiphertext, assertNotOnDisk, emulatorStack, failureOf, type EmulatorStack } from "./harness";

const NAMES = ["alpha", "beta", "gamma"];

describe("e2e: RobotAccount under injected Harbor faults", function () {
  this.timeout(600_000);
  let s: EmulatorStack;
  const declared = { names: NAMES, chosenSecret: new Set<string>(), ownConnection: new Set<string>() };
  // The provider process inherits the test's environment: short backoffs keep persistent faults quick.
  const savedDelay = process.env.HARBOR_RETRY_BASE_DELAY_MS;
  process.env.HARBOR_RETRY_BASE_DELAY_MS = "20";
  after(() => {
    if (savedDelay === undefined) delete process.env.HARBOR_RETRY_BASE_DELAY_MS;
    else process.env.HARBOR_RETRY_BASE_DELAY_MS = savedDelay;
  });

  before(async () => {
    s = await emulatorStack("faults", async () => {
      for (const name of declared.names) {
        new RobotAccount(name, {
          name,
          duration: 30,
          ...(declared.chosenSecret.has(name) ? { secret: "Chosen-Secret-1" } : {}),
          ...(declared.ownConnection.has(name)
            ? {
                connection: {
                  url: s.env.HARBOR_URL!,
                  username: s.env.HARBOR_USERNAME!,
                  password: s.env.HARBOR_PASSWORD!,
                },
              }
            : {}),
          permissions: [{ projects: ["apps"], access: ["pull"] }],
        });
      }
    });
    s.emu.seedProject("apps");
  });
  after(async () => s?.close());

  const robotNames = () =>
    s.emu
      .listRobots()
      .map((r) => r.name)
      .sort();

  it("ends with exactly the declared robots despite 5xx, 429, resets and write-then-fail", async () => {
    s.emu.injectFault({ method: "POST", route: "/robots", kind: "apply-then-status", status: 502, times: 1 });
    s.emu.injectFault({
      method: "POST",
      route: "/robots",
      kind: "status",
      status: 429,
      retryAfterSeconds: 1,
      times: 1,
    });
    s.emu.injectFault({ method: "POST", route: "/robots", kind: "apply-then-reset", times: 1 });
    s.emu.injectFault({ method: "GET", route: "/robots/{id}", kind: "status", status: 503, times: 2 });
    s.emu.injectFault({ method: "PATCH", route: "/robots/{id}", kind: "reset", times: 1 });
    const up = await s.stack.up();
    assert.equal(up.summary.result, "succeeded");
    assert.deepEqual(robotNames(), NAMES);
    // Each robot's secret in the state is one Harbor accepts.
    const state = await s.stack.exportStack(); // with --show-secrets, to read them
    const robots = state.deployment.resources.filter((r: { type: string }) =>
      r.type.endsWith(":RobotAccount"),
    );
    assert.equal(robots.length, 3);
    for (const r of robots) {
      const secret = r.outputs.secret.plaintext ? JSON.parse(r.outputs.secret.plaintext) : r.outputs.secret;
      assert.ok(
        s.emu.checkLogin(r.outputs.fullName, secret),
        `${r.outputs.fullName} cannot log in with its stored secret`,
      );
    }
  });

  it("deletes a robot again when a later create step fails, so nothing is orphaned", async () => {
    s.emu.clearFaults();
    declared.names = [...NAMES, "delta"];
    declared.chosenSecret.add("delta");
    s.emu.injectFault({ method: "PATCH", route: "/robots/{id}", kind: "status", status: 500, times: 100 });
    const message = await failureOf(s.stack.up());
    assert.match(message, /deleted again, nothing is left behind/);
    assert.deepEqual(robotNames(), NAMES, "the half-made robot must be gone");

    s.emu.clearFaults();
    await s.stack.up();
    assert.deepEqual(robotNames(), [...NAMES, "delta"].sort());
    assert.ok(s.emu.checkLogin("robot$delta", "Chosen-Secret-1"));
  });

  it("keeps a robot it can neither finish nor delete in the state, connection as ciphertext; the next up finishes it", async () => {
    declared.names = [...NAMES, "delta", "epsilon"];
    declared.chosenSecret.add("epsilon");
    declared.ownConnection.add("epsilon");
    s.emu.injectFault({ method: "PATCH", route: "/robots/{id}", kind: "status", status: 500, times: 100 });
    s.emu.injectFault({ method: "DELETE", route: "/robots/{id}", kind: "status", status: 500, times: 100 });
    const message = await failureOf(s.stack.up());
    s.emu.clearFaults();
    assert.match(message, /kept in the Pulumi state/);
    assert.deepEqual(robotNames(), [...NAMES, "delta", "epsilon"].sort(), "the robot stays in Harbor");
    const state = await exportStackEncrypted(s.stack);
    const epsilon = state.deployment.resources.find((r: { urn: string }) => r.urn.endsWith("::epsilon"));
    assert.ok(epsilon, "the half-made robot must be in the state, not orphaned");
    // Its connection is kept (delete and refresh must reach the same registry), only as ciphertext.
    assertCiphertext(epsilon.outputs.connection, "the kept robot's connection");
    assertNotOnDisk([s.backendDir, s.workDir], [s.env.HARBOR_PASSWORD!]);

    s.emu.clearFaults();
    await s.stack.up();
    assert.deepEqual(robotNames(), [...NAMES, "delta", "epsilon"].sort(), "no duplicate");
    assert.ok(s.emu.checkLogin("robot$epsilon", "Chosen-Secret-1"));
  });

  it("a failing refresh (500) keeps the state instead of dropping robots", async () => {
    s.emu.injectFault({ method: "GET", kind: "status", status: 500, times: 50 });
    await failureOf(s.stack.refresh());
    s.emu.clearFaults();
    const preview = await s.stack.preview({ expectNoChanges: true });
    assert.equal(preview.changeSummary.same, 6);
  });

  it("destroy leaves nothing behind", async () => {
    await s.stack.destroy();
    assert.deepEqual(robotNames(), []);
  });
});
