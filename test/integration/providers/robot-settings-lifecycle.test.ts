// RobotSettings handlers against the emulator: a setting that leaves management is restored at that
// update, `previous` keeps what was never restored, and the same registry reached another way is
// not a replacement (a replacement would restore everything while the state says otherwise).
import assert from "node:assert/strict";
import { robotSettingsOnEmulator } from "./robot-settings-harness";

describe("RobotSettings handlers: what leaves management, and where the registry is", () => {
  const { emu, prefix, days, up, proc } = robotSettingsOnEmulator();
  const p = proc.robotSettings;

  it("restores a setting at the update that stops managing it, and destroy restores the rest", async () => {
    let s = await up(undefined, { namePrefix: "scbot-", defaultExpirationDays: 45 });
    assert.equal(await prefix(), "scbot-");
    s = await up(s, { defaultExpirationDays: 45 });
    assert.equal(await prefix(), "robot$", "the prefix left management: it must be put back now");
    assert.deepEqual(s.previous, { defaultExpirationDays: 30 });
    await p.delete("id", s as never);
    assert.equal(await prefix(), "robot$");
    assert.equal(await days(), 30);
  });

  it("an update that restores one setting and changes the other reads once and writes once", async () => {
    let s = await up(undefined, { namePrefix: "scbot-" });
    emu().resetCounts();
    s = await up(s, { defaultExpirationDays: 45 });
    assert.equal(emu().requestCount("GET", "/configurations"), 1, "one read of the settings in force");
    assert.equal(emu().requestCount("PUT", "/configurations"), 1, "the restore and the new value in one PUT");
    assert.equal(await prefix(), "robot$");
    assert.equal(await days(), 45);
    assert.equal(s.namePrefix, "robot$", "the state holds what the PUT put in force");
    assert.equal(s.defaultExpirationDays, 45);
    assert.deepEqual(s.previous, { defaultExpirationDays: 30 });
  });

  it("with restoreOnDelete false, keeps the unrestored value in previous until it is restored", async () => {
    let s = await up(undefined, { namePrefix: "scbot-", defaultExpirationDays: 45, restoreOnDelete: false });
    s = await up(s, { defaultExpirationDays: 45, restoreOnDelete: false });
    assert.equal(await prefix(), "scbot-", "restoreOnDelete false: nothing is put back");
    assert.deepEqual(s.previous, { namePrefix: "robot$", defaultExpirationDays: 30 });
    // Turned back on: delete restores every setting ever changed, managed or not.
    s = await up(s, { defaultExpirationDays: 45 });
    await p.delete("id", s as never);
    assert.equal(await prefix(), "robot$");
    assert.equal(await days(), 30);
  });

  it("the same registry respelled, or moved to stack config, is an update; another registry a delete-first replace", async () => {
    const s = await up(undefined, { namePrefix: "bot-", connection: { url: emu().url } });
    for (const connection of [{ url: `${emu().url}/` }, { url: `${emu().url}/api/v2.0` }, undefined]) {
      const d = await p.diff(
        "id",
        s as never,
        { namePrefix: "bot-", ...(connection ? { connection } : {}) } as never,
      );
      assert.deepEqual(d.replaces, [], `same registry as ${JSON.stringify(connection)}`);
    }
    const other = await p.diff(
      "id",
      s as never,
      { namePrefix: "bot-", connection: { url: "https://other.example" } } as never,
    );
    assert.deepEqual(other.replaces, ["connection"]);
    assert.equal(other.deleteBeforeReplace, true);
    // Moving the connection to stack config updates in place and keeps the original previous.
    const moved = await up(s, { namePrefix: "bot-" });
    assert.deepEqual(moved.previous, { namePrefix: "robot$" });
    assert.equal(await prefix(), "bot-");
  });
});
