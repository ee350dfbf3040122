// Settings are judged before the first write (issue 17, case 9). Before, HARBOR_RECOVERY_WINDOW_HOURS
// =off passed check and was read only after create's POST (when the name was taken), so the robot the
// POST made was not recorded; HARBOR_RETRY_BASE_DELAY_MS=fast was ignored. Now check names them at
// preview, and a create that runs anyway (a program calling the handlers) sends nothing.
import assert from "node:assert/strict";
import type { HarborEmulator } from "../../../emulator";
import { useProviderEmulator } from "../../helpers/provider-emulator";
import { ProviderProcess } from "../../helpers/provider-process";

const proc = new ProviderProcess();
const p = proc.robotAccount;

const inputs = { name: "ci", duration: 30, permissions: [{ scope: "allProjects", access: ["pull"] }] };

describe("a bad HARBOR_* setting is refused before anything is written", function () {
  this.timeout(60_000);
  let emu: HarborEmulator;
  const saved = { ...process.env };
  useProviderEmulator((started) => (emu = started), proc, { quickRetries: false });
  beforeEach(() => {
    for (const k of Object.keys(process.env)) if (k.startsWith("HARBOR_")) delete process.env[k];
  });
  after(async () => {
    process.env = saved;
  });

  for (const [variable, value, rule] of [
    ["HARBOR_RECOVERY_WINDOW_HOURS", "off", /must be a number of hours ≥ 0/],
    ["HARBOR_RETRY_BASE_DELAY_MS", "fast", /must be a whole number of milliseconds ≥ 0/],
    ["HARBOR_VERIFY_SECRETS", "maybe", /must be true or false/],
  ] as const) {
    it(`${variable}=${value}: check names it, and create sends no request`, async () => {
      // The name is taken, as in the report: the recovery window is read when the POST meets a 409.
      const existing = emu.seedRobot({ name: "ci", description: "someone's" });
      process.env[variable] = value;
      emu.resetCounts();
      const checked = await p.check({} as never, inputs as never);
      const reasons = (checked.failures ?? []).map((f) => f.reason);
      assert.ok(
        reasons.some(
          (r) => r.startsWith(`environment ${variable} `) && rule.test(r) && r.includes(`"${value}"`),
        ),
        reasons.join("\n"),
      );
      if (variable !== "HARBOR_VERIFY_SECRETS") {
        // create reads it too, before its first request (a program may call the handlers without check).
        await assert.rejects(p.create(checked.inputs as never), new RegExp(variable));
      }
      assert.equal(emu.requestCount(), 0, "nothing was sent");
      assert.deepEqual(
        emu.listRobots().map((r) => r.id),
        [existing.id],
      );
    });
  }
});
