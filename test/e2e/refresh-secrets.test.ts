// A refresh rewrites the state: the inputs read hands back (inputs-from-state.ts) and the outputs.
// Resources that carry credentials of their own (a per-resource connection with its password, a
// chosen robot secret, a secret verified at refresh) must come out of it with every credential
// still ciphertext, in the inputs as in the outputs, and nowhere on disk in plaintext.
import { RobotAccount, RobotSettings } from "../../sdk";
import { exportStackEncrypted } from "../../scripts/engine";
import { assertCiphertext, assertNotOnDisk, emulatorStack, type EmulatorStack } from "./harness";

const OPS_PASSWORD = "Ops-Passw0rd-Only-In-Connection";
const CHOSEN = "Chosen-Secret-Refresh-7";

describe("e2e: refresh keeps every credential a secret", function () {
  this.timeout(600_000);
  let s: EmulatorStack;

  before(async () => {
    s = await emulatorStack("refresh-secrets", async () => {
      // Another administrator than the stack's: its password exists only in these connections.
      const connection = { url: s.emu.url, username: "ops", password: OPS_PASSWORD };
      new RobotSettings("settings", { defaultExpirationDays: 45, connection });
      new RobotAccount("ci", {
        name: "ci",
        secret: CHOSEN,
        verifySecret: true,
        connection,
        permissions: [{ projects: ["apps"], access: ["pull"] }],
      });
    });
    s.emu.seedProject("apps");
    s.emu.addUser("ops", OPS_PASSWORD, { admin: true });
  });
  after(async () => {
    await s?.stack.destroy().catch(() => undefined);
    await s?.close();
  });

  it("inputs and outputs stay ciphertext after refresh; no plaintext credential on disk", async () => {
    await s.stack.up();
    await s.stack.refresh();
    const state = await exportStackEncrypted(s.stack);
    const byName = (n: string) =>
      state.deployment.resources.find((r: { urn: string }) => r.urn.endsWith(`::${n}`));
    for (const name of ["settings", "ci"]) {
      const r = byName(name);
      assertCiphertext(r.inputs.connection, `${name}: the refreshed connection input`);
      assertCiphertext(r.outputs.connection, `${name}: the connection output`);
    }
    const ci = byName("ci");
    assertCiphertext(ci.inputs.secret, "ci: the refreshed secret input");
    assertCiphertext(ci.outputs.secret, "ci: the secret output");
    assertNotOnDisk([s.backendDir, s.workDir], [OPS_PASSWORD, CHOSEN, s.env.HARBOR_PASSWORD!]);
  });
});
