// RobotSettings put back only what is still theirs (issue 17, cases 4 and 5), calling the handlers as
// the engine does: a value someone else set after us is never reverted, two stacks managing the prefix
// never undo each other's value, and a create that finds its declared value already in force (an
// interrupted earlier create, say) never "restores" its own value later.
import assert from "node:assert/strict";
import { importRobotSettings } from "../../../provider/native/import";
import type { RobotSettingsState } from "../../../provider/robot-settings/state";
import { warnings } from "../../helpers/warnings";
import { robotSettingsOnEmulator } from "./robot-settings-harness";

describe("RobotSettings restore only what is still theirs", () => {
  const { emu, prefix, days, up, proc } = robotSettingsOnEmulator();
  const p = proc.robotSettings;
  const puts = () => emu().requestCount("PUT", "/configurations");
  const destroy = (s: RobotSettingsState) => warnings(() => p.delete("id", s as never));

  describe("case 4: a value changed by someone else after this resource wrote it", () => {
    it("destroy leaves an administrator's later change, says so in a warning, and still restores what is ours", async () => {
      const s = await up(undefined, { namePrefix: "a$", defaultExpirationDays: 45 });
      emu().setConfig({ robot_name_prefix: "admin$" });
      emu().resetCounts();
      const { said } = await destroy(s);
      assert.equal(emu().requestCount("GET", "/configurations"), 1, "one read of the settings in force");
      assert.equal(puts(), 1, "one PUT, with the expiration only");
      assert.equal(await prefix(), "admin$", "the administrator's prefix must not be reverted");
      assert.equal(await days(), 30, "the expiration still holds our value: it is put back");
      assert.match(said, /namePrefix .*was not put back to "robot\$".*"admin\$" is in force, not "a\$"/s);
    });

    it("the update that stops managing it keeps the value found, and its output says which", async () => {
      let s = await up(undefined, { namePrefix: "a$", defaultExpirationDays: 45 });
      emu().setConfig({ robot_name_prefix: "admin$" });
      emu().resetCounts();
      const { said, result } = await warnings(() => up(s, { defaultExpirationDays: 45 }));
      s = result;
      assert.equal(await prefix(), "admin$");
      assert.deepEqual(s.notRestored, { namePrefix: "admin$" }, "the value found and kept");
      assert.deepEqual(s.previous, { defaultExpirationDays: 30 }, "nothing more to restore for the prefix");
      assert.equal(s.namePrefix, "admin$", "the output holds the value in force");
      assert.match(said, /namePrefix .*was not put back to "robot\$"/);
      assert.equal(puts(), 0, "nothing to write");
      // And the prefix is never touched again, not even by destroy.
      await destroy(s);
      assert.equal(await prefix(), "admin$");
      assert.equal(await days(), 30);
    });

    it("a restore already done (an update interrupted after its PUT) is no conflict", async () => {
      const s = await up(undefined, { namePrefix: "a$" });
      emu().setConfig({ robot_name_prefix: "robot$" }); // the value it would put back is already there
      const { said } = await destroy(s);
      assert.equal(said, "");
      const again = await up(s, {});
      assert.deepEqual(again.notRestored, {});
      assert.equal(await prefix(), "robot$");
    });

    it("two stacks, the first destroyed first: its restore no longer applies, the second's still does", async () => {
      const a = await up(undefined, { namePrefix: "a$" });
      const b = await up(undefined, { namePrefix: "b$" });
      assert.deepEqual(b.previous, { namePrefix: "a$" });
      emu().resetCounts();
      const { said } = await destroy(a);
      assert.equal(await prefix(), "b$", "stack B's prefix stays: no robot is renamed by A's destroy");
      assert.equal(puts(), 0);
      assert.match(said, /not put back to "robot\$".*"b\$" is in force, not "a\$"/s);
      // B restores the value it found, as it would an administrator's: it cannot tell them apart.
      await destroy(b);
      assert.equal(await prefix(), "a$");
    });

    it("two stacks destroyed in reverse order put every value back, down to Harbor's own", async () => {
      const a = await up(undefined, { namePrefix: "a$" });
      const b = await up(undefined, { namePrefix: "b$" });
      await destroy(b);
      assert.equal(await prefix(), "a$");
      const { said } = await destroy(a);
      assert.equal(await prefix(), "robot$");
      assert.doesNotMatch(said, /not put back/);
    });
  });

  describe("case 5: a create that finds its declared values already in force", () => {
    it("records nothing to restore, so destroy never puts back its own value from an interrupted run", async () => {
      // An interrupted create: the PUT reached Harbor, the engine never recorded the state.
      await up(undefined, { namePrefix: "a$", defaultExpirationDays: 45 });
      const s = await up(undefined, { namePrefix: "a$", defaultExpirationDays: 45 });
      assert.deepEqual(s.previous, {}, "a$ and 45 are this program's own values, not Harbor's originals");
      const changed = await up(s, { namePrefix: "c$", defaultExpirationDays: 45 });
      assert.deepEqual(changed.previous, {});
      emu().resetCounts();
      await destroy(changed);
      assert.equal(await prefix(), "c$", "a$ was ours: it is not put back");
      assert.equal(await days(), 45);
      assert.equal(puts(), 0);
    });

    it("the same holds for a setting an update begins to manage", async () => {
      let s = await up(undefined, { defaultExpirationDays: 45 });
      emu().setConfig({ robot_name_prefix: "a$" }); // an interrupted update that added the prefix
      s = await up(s, { defaultExpirationDays: 45, namePrefix: "a$" });
      assert.deepEqual(s.previous, { defaultExpirationDays: 30 });
      s = await up(s, { defaultExpirationDays: 45, namePrefix: "c$" });
      await destroy(s);
      assert.equal(await prefix(), "c$");
      assert.equal(await days(), 30);
    });
  });

  it("a replacement created first (pulumi up --replace): the old instance's destroy keeps the new one's value", async () => {
    // The engine creates the new instance before it deletes the old one (a forced replacement does not
    // ask the provider for delete-first). The new one finds its declared prefix in force; the old one's
    // delete must not then put Harbor's original back over it (renaming every robot behind a state
    // that still says "a$").
    const old = await up(undefined, { namePrefix: "a$", defaultExpirationDays: 45 });
    const replacement = await up(undefined, { namePrefix: "a$", defaultExpirationDays: 60 });
    emu().resetCounts();
    const { said } = await destroy(old);
    assert.equal(await prefix(), "a$", "the new instance's prefix stays");
    assert.equal(replacement.namePrefix, "a$");
    assert.equal(await days(), 60, "a value the new instance changed is not ours either: left");
    assert.match(
      said,
      /namePrefix .*was not put back to "robot\$": a RobotSettings created in this run declares "a\$"/s,
    );
    assert.doesNotMatch(said, /renames EVERY robot/);
  });

  it("an import takes the values found as Harbor's: destroy puts them back after our change, never over another's", async () => {
    emu().setConfig({ robot_name_prefix: "org$" });
    const { state, inputs } = await importRobotSettings(proc.ctx, new URL(emu().url).host);
    assert.deepEqual(state.previous, { namePrefix: "org$", defaultExpirationDays: 30 });
    const changed = await up(state, { ...inputs, namePrefix: "c$" });
    await destroy(changed);
    assert.equal(await prefix(), "org$", "our change is undone");
    const again = await up((await importRobotSettings(proc.ctx, new URL(emu().url).host)).state, {
      ...inputs,
      namePrefix: "c$",
    });
    emu().setConfig({ robot_name_prefix: "admin$" });
    await destroy(again);
    assert.equal(await prefix(), "admin$", "someone else's later change stays");
  });

  it("a state from an earlier release (no record of what it wrote) judges by its values in force", async () => {
    const s = await up(undefined, { namePrefix: "a$" });
    const { written: _w, notRestored: _n, ...old } = s;
    emu().setConfig({ robot_name_prefix: "admin$" });
    await destroy(old as RobotSettingsState);
    assert.equal(await prefix(), "admin$");
    // A refresh records the value it had before reading Harbor's, as the one this resource wrote.
    const { props } = await p.read!("id", old as never);
    assert.deepEqual((props as RobotSettingsState).written, { namePrefix: "a$" });
    assert.equal((props as RobotSettingsState).namePrefix, "admin$");
    await destroy(props as RobotSettingsState);
    assert.equal(await prefix(), "admin$");
  });
});
