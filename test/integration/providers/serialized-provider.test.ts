// The providers exactly as the engine runs them: serialized by Pulumi's closure serializer, loaded
// back with require-from-string, configured with stack config, then driven against the emulator.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, type HarborEmulator } from "../../../emulator";
import robotAccountShim = require("../../../provider/shims/robot-account");
import robotSettingsShim = require("../../../provider/shims/robot-settings");
import { emulatorConfig } from "../../helpers/stack-config";

const requireFromString = require("require-from-string") as (code: string) => {
  handler(): pulumi.dynamic.ResourceProvider;
};

async function roundTrip(shim: pulumi.dynamic.ResourceProvider) {
  const sf = await pulumi.runtime.serializeFunction(() => shim, { allowSecrets: true });
  return {
    text: sf.text,
    containsSecrets: sf.containsSecrets,
    provider: requireFromString(sf.text).handler(),
  };
}

describe("serialized providers against the emulator", () => {
  let emu: HarborEmulator;
  beforeEach(async () => {
    emu = await startEmulator();
    emu.seedProject("apps");
  });
  afterEach(async () => emu.close());

  it("capture no secret and no credential, and stay small", async () => {
    for (const shim of [robotAccountShim, robotSettingsShim]) {
      const { text, containsSecrets } = await roundTrip(shim);
      assert.equal(containsSecrets, false);
      assert.ok(!text.includes(emu.admin.password));
      assert.ok(!/HARBOR_|harbor:password/.test(text), "the shim must not read credentials itself");
      assert.match(text, /require\("pulumi-harbor-robots\/provider"\)/);
      assert.ok(text.length < 2500, `the shim is ${text.length} characters`);
    }
  });

  it("run a robot's whole life with credentials from stack config", async () => {
    const { provider: p } = await roundTrip(robotAccountShim);
    await p.configure!({ config: emulatorConfig(emu) as never });
    const checked = await p.check!(
      {},
      { autoNameBase: "ci", permissions: [{ projects: ["apps"], access: ["pull"] }] },
    );
    assert.deepEqual(checked.failures, []);
    const inputs = checked.inputs!;
    assert.match(inputs.name, /^ci-[a-z0-9]{7}$/);

    const created = await p.create(inputs);
    const outs = created.outs!;
    assert.equal(outs.durationDays, 30, "no duration: the server's default robot expiration");
    assert.ok(emu.checkLogin(outs.fullName, outs.secret));

    const same = await p.diff!(created.id, outs, inputs);
    assert.equal(same.changes, false);

    const news = { ...inputs, description: "changed", rotationTrigger: "1" };
    const d = await p.diff!(created.id, outs, news);
    assert.equal(d.changes, true);
    const updated = (await p.update!(created.id, outs, news)).outs!;
    assert.equal(updated.description, "changed");
    assert.notEqual(updated.secret, outs.secret);
    assert.ok(emu.checkLogin(updated.fullName, updated.secret));

    const read = await p.read!(created.id, updated);
    assert.equal(read.id, created.id);
    assert.equal(read.props.description, "changed");

    await p.delete!(created.id, updated);
    assert.deepEqual(emu.listRobots(), []);
    await p.delete!(created.id, updated); // already gone: still fine
    const gone = await p.read!(created.id, updated);
    assert.equal(gone.id, undefined, "a robot deleted in Harbor is dropped from the state");
  });

  it("manage robot settings with the 2.10 profile's configuration", async () => {
    const old = await startEmulator({ version: "2.10" });
    try {
      const { provider: p } = await roundTrip(robotSettingsShim);
      await p.configure!({ config: emulatorConfig(old) as never });
      const created = await p.create({ defaultExpirationDays: 12 });
      assert.equal(created.outs.defaultExpirationDays, 12);
      assert.equal(created.outs.namePrefix, "robot$");
      assert.deepEqual(created.outs.previous, { defaultExpirationDays: 30 });
      await p.delete!(created.id, created.outs);
      const back = await p.read!(created.id, created.outs);
      assert.equal(back.props.defaultExpirationDays, 30, "delete restores the value found before");
    } finally {
      await old.close();
    }
  });

  it("say clearly that settings need a system administrator", async () => {
    emu.addUser("dev", "Dev-Passw0rd");
    const { provider: p } = await roundTrip(robotSettingsShim);
    await p.configure!({
      config: emulatorConfig(emu, { "harbor:username": "dev", "harbor:password": "Dev-Passw0rd" }) as never,
    });
    await assert.rejects(p.create({ namePrefix: "bot-" }), (e: Error) => {
      assert.match(e.message, /needs a Harbor system administrator/);
      assert.ok(!e.message.includes("Dev-Passw0rd"));
      return true;
    });
  });
});
