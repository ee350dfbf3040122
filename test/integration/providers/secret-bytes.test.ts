// A chosen secret's length is counted in bytes, as Harbor counts it (issue 17, case 8): IsValidSec
// takes Go's len(string), the UTF-8 bytes, 8 to 128. Counting UTF-16 units let a non-ASCII secret
// pass check, and create then sent POST, PATCH (400) and DELETE. Our verdict must be Harbor's for
// every sample (the emulator applies Harbor's rule; the same samples were checked on a real 2.15.2:
// 129 bytes in 66 characters refused, 128 bytes accepted, 8 bytes in 7 characters accepted).
import assert from "node:assert/strict";
import { startEmulator, type HarborEmulator } from "../../../emulator";
import { HarborClient } from "../../../provider/client/harbor-client";
import { secretPolicyViolation } from "../../../provider/model/robot-rules";
import { emulatorConfig } from "../../helpers/stack-config";
import { ProviderProcess } from "../../helpers/provider-process";

const proc = new ProviderProcess();
const p = proc.robotAccount;

const SAMPLES: Array<[string, string]> = [
  ["128 ASCII bytes", `Aa1${"x".repeat(125)}`],
  ["129 ASCII bytes", `Aa1${"x".repeat(126)}`],
  ["128 bytes in 66 characters", `Aa1${"é".repeat(62)}x`],
  ["129 bytes in 66 characters", `Aa1${"é".repeat(63)}`],
  ["130 bytes in 46 characters (3-byte characters)", `Aa1${"€".repeat(42)}x`],
  ["8 bytes in 7 characters", "Aé1bcde"],
  ["7 bytes in 6 characters", "Aé1bcd"],
  ["an emoji: 4 bytes, 2 UTF-16 units", `Aa1${"😀".repeat(31)}x`],
];

describe("a chosen secret is counted in bytes, as Harbor counts it", function () {
  this.timeout(60_000);
  let emu: HarborEmulator;
  let admin: HarborClient;
  before(async () => {
    emu = await startEmulator();
    admin = new HarborClient(
      { url: emu.url, username: emu.admin.username, password: emu.admin.password, insecure: false },
      { retries: 0 },
    );
  });
  after(async () => {
    proc.configure(undefined);
    await admin.close();
    await emu.close();
  });

  it("check's verdict is Harbor's for every sample", async () => {
    const { id } = emu.seedRobot({ name: "bytes" });
    for (const [what, secret] of SAMPLES) {
      const ours = secretPolicyViolation(secret) === undefined;
      const harbors = await admin.refreshSecret(id, secret).then(
        () => true,
        () => false,
      );
      assert.equal(ours, harbors, `${what}: check says ${ours}, Harbor says ${harbors}`);
    }
  });

  it("a secret too long in bytes fails check, naming secret and the rule, and nothing reaches Harbor", async () => {
    proc.configure(emulatorConfig(emu));
    emu.resetCounts();
    const secret = `Aa1${"é".repeat(63)}`;
    const { failures } = await p.check(
      {} as never,
      {
        name: "long-secret",
        secret,
        permissions: [{ scope: "allProjects", access: ["pull"] }],
      } as never,
    );
    const hit = failures?.find((f) => f.property === "secret");
    assert.ok(hit, JSON.stringify(failures));
    assert.match(hit.reason, /8 to 128 bytes .*it has 129 bytes in 66 characters/);
    assert.ok(!hit.reason.includes(secret));
    assert.equal(emu.requestCount(), 0);
  });
});
