// RobotSettings put back only what is still theirs, through the real engine (issue 17, case 4): two
// stacks of one project manage the prefix on one Harbor, and an administrator changes a value after
// Pulumi wrote it. Neither stack's destroy or update reverts a value it did not write; nor does the old
// instance of a replacement created first (pulumi up --replace) revert the new instance's value.
import assert from "node:assert/strict";
import { RobotSettings, type RobotSettingsArgs } from "../../sdk";
import { startEmulator, type HarborEmulator } from "../../emulator";
import { diagnostics, emulatorStack, type EmulatorStack } from "./harness";

describe("e2e: RobotSettings of two stacks on one Harbor", function () {
  this.timeout(900_000);
  let emu: HarborEmulator;
  let a: EmulatorStack;
  let b: EmulatorStack;
  const desired: Record<"a" | "b", RobotSettingsArgs> = { a: {}, b: {} };
  const program = (stack: "a" | "b") => async () => {
    const s = new RobotSettings("settings", desired[stack]);
    return { prefix: s.namePrefix, previous: s.previous, notRestored: s.notRestored };
  };
  const prefix = () => emu.getConfig().robot_name_prefix;
  const days = () => emu.getConfig().robot_token_duration;
  const out = async (s: EmulatorStack, k: string) => (await s.stack.outputs())[k]?.value;

  before(async () => {
    emu = await startEmulator();
    a = await emulatorStack("settings-owners", program("a"), { emu, stackName: "a" });
    b = await emulatorStack("settings-owners", program("b"), {
      emu,
      stackName: "b",
      backendDir: a.backendDir,
    });
  });
  after(async () => {
    await b?.close();
    await a?.close();
    await emu?.close();
  });

  it("the stack destroyed first leaves the other stack's prefix, and says so", async () => {
    desired.a = { namePrefix: "a$", defaultExpirationDays: 45 };
    desired.b = { namePrefix: "b$" };
    await a.stack.up();
    await b.stack.up();
    assert.deepEqual(await out(b, "previous"), { namePrefix: "a$" });
    const atDestroy = diagnostics();
    await a.stack.destroy({ onEvent: atDestroy.onEvent });
    assert.equal(prefix(), "b$", "B's prefix stays: A's destroy must not rename every robot");
    assert.equal(days(), 30, "A's expiration was still A's: it is put back");
    assert.ok(
      atDestroy
        .warnings()
        .some((m) => /namePrefix .*not put back to "robot\$": "b\$" is in force, not "a\$"/.test(m)),
      `no engine warning: ${JSON.stringify(atDestroy.warnings())}`,
    );
    // B puts back the value it found, as it would an administrator's (docs/design.md says why).
    await b.stack.destroy();
    assert.equal(prefix(), "a$");
  });

  it("an update that stops managing a prefix an administrator changed keeps it, and the output says so", async () => {
    emu.reset();
    desired.a = { namePrefix: "a$" };
    await a.stack.up();
    emu.setConfig({ robot_name_prefix: "admin$" });
    await a.stack.refresh();
    desired.a = { defaultExpirationDays: 30 };
    const atPreview = diagnostics();
    await a.stack.preview({ onEvent: atPreview.onEvent });
    assert.ok(
      atPreview.warnings().some((m) => /not put back to "robot\$": "admin\$" is in force/.test(m)),
      `no preview warning: ${JSON.stringify(atPreview.warnings())}`,
    );
    assert.ok(
      !atPreview.warnings().some((m) => /renames EVERY robot/.test(m)),
      "no prefix change is announced: none will happen",
    );
    await a.stack.up();
    assert.equal(prefix(), "admin$");
    assert.deepEqual(await out(a, "notRestored"), { namePrefix: "admin$" });
    assert.deepEqual(await out(a, "previous"), {}, "30 days was already in force: nothing to restore");
    await a.stack.destroy();
    assert.equal(prefix(), "admin$");
  });

  it("pulumi up --replace keeps the prefix the new instance declares: the old instance's delete leaves it", async () => {
    // A forced replacement is created first: the new instance finds "a$" in force (the old one wrote
    // it), and the old one's delete must not put "robot$" back over it, renaming every robot.
    emu.reset();
    desired.a = { namePrefix: "a$" };
    await a.stack.up();
    const { deployment } = await a.stack.exportStack();
    const urn = deployment.resources.find((r: { type: string }) => r.type.endsWith(":RobotSettings")).urn;
    const seen = diagnostics();
    await a.stack.up({ replace: [urn], onEvent: seen.onEvent });
    assert.equal(prefix(), "a$", "the prefix the state holds is in force");
    assert.equal(await out(a, "prefix"), "a$");
    assert.ok(
      seen
        .warnings()
        .some((m) => /namePrefix .*not put back to "robot\$": a RobotSettings created in this run/.test(m)),
      JSON.stringify(seen.warnings()),
    );
    await a.stack.destroy();
  });
});
