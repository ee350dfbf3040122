// Harbor version differences the RobotAccount provider must absorb (2.10 profile of the emulator).
import assert from "node:assert/strict";
import { startEmulator, type HarborEmulator } from "../../../emulator";
import { emulatorConfig } from "../../helpers/stack-config";
import { warnings } from "../../helpers/warnings";
import { useProviderEmulator } from "../../helpers/provider-emulator";
import { ProviderProcess } from "../../helpers/provider-process";

const proc = new ProviderProcess();
const p = proc.robotAccount;

describe("RobotAccount handlers on Harbor 2.10", () => {
  let emu: HarborEmulator;
  useProviderEmulator((started) => (emu = started), proc, {
    emulator: { version: "2.10" },
    quickRetries: false,
  });
  beforeEach(() => {
    emu.seedProject("apps");
    emu.setConfig({ robot_token_duration: 14 });
  });

  it("creates with the default expiration and keeps the duration through updates (2.10 resets an omitted one)", async () => {
    const inputs = {
      name: "old",
      permissions: [{ projects: ["apps"], access: ["pull"] }],
      connection: { harborVersion: "2.10" },
    };
    const checked = await p.check({} as never, inputs as never);
    assert.deepEqual(checked.failures, []);
    const { id, outs } = await p.create(checked.inputs as never);
    assert.equal(outs.durationDays, 14);
    assert.equal(outs.duration, undefined, "the declared duration is echoed as given: none");
    emu.setConfig({ robot_token_duration: 99 });
    const updated = (
      await p.update(id, outs as never, { ...(checked.inputs as object), description: "d" } as never)
    ).outs;
    assert.equal(updated.durationDays, 14, "an update must not reset the duration to the new default");
    assert.equal(emu.getRobot(Number(id))!.duration, 14);
    await p.delete(id, updated as never);
  });

  it("rejects 2.12-only permissions at check when targeting 2.10", async () => {
    const checked = await p.check(
      {} as never,
      {
        name: "x",
        permissions: [{ scope: "system", access: ["robot:create"] }],
        connection: { harborVersion: "2.10" },
      } as never,
    );
    assert.equal(checked.failures?.length, 1);
    assert.match(checked.failures![0]!.reason, /Harbor 2.10/);
  });
});

describe("RobotAccount create on a server other than the validated release", () => {
  it("warns once that preview checked another release's rules", async () => {
    const emu = await startEmulator({ version: "2.10" });
    emu.seedProject("apps");
    proc.configure(emulatorConfig(emu));
    let seen: string[];
    try {
      ({ lines: seen } = await warnings(async () => {
        for (const name of ["a1", "a2"]) {
          const checked = await p.check(
            {} as never,
            { name, permissions: [{ projects: ["apps"], access: ["pull"] }] } as never,
          );
          await p.create(checked.inputs as never);
        }
      }));
    } finally {
      proc.configure(undefined);
      await emu.close();
    }
    const mismatch = seen.filter((m) => /rules of Harbor 2\.15, but .* runs v2\.10/.test(m));
    assert.equal(mismatch.length, 1, JSON.stringify(seen));
    assert.match(mismatch[0]!, /harbor:version 2\.10/);
  });
});
