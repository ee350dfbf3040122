// The dynamic provider's stack config (harbor:*) at preview: both resources' check report a bad
// value with the setting, the rule and the value (never a credential), through the same rules as the
// native provider's CheckConfig, instead of failing at the first request that reads it.
import assert from "node:assert/strict";
import { checkRobotAccount } from "../../provider/robot-account/check";
import { checkRobotSettings } from "../../provider/robot-settings/check";
import { ProviderProcess } from "../helpers/provider-process";

const proc = new ProviderProcess();

const robot = {
  name: "ci",
  duration: 30,
  permissions: [{ scope: "allProjects" as const, access: ["pull"] }],
};

describe("stack config checked at preview (dynamic provider)", () => {
  const withConfig = (values: Record<string, string>) => proc.configure({ get: (k) => values[k] });
  afterEach(() => proc.configure(undefined));

  it("passes good values and config it does not own", () => {
    withConfig({
      "harbor:url": "https://harbor.example.com",
      "harbor:insecure": "false",
      "harbor:recoveryWindowHours": "0",
      "harbor:verifySecrets": "yes",
      "aws:region": "nowhere",
    });
    assert.deepEqual(checkRobotAccount(proc.ctx, {}, robot).failures, []);
    assert.deepEqual(checkRobotSettings(proc.ctx.settings, {}, { defaultExpirationDays: 45 }).failures, []);
  });

  it("fails both resources' check on a bad value, naming the setting, the rule and the value", () => {
    withConfig({
      "harbor:url": "https://admin:hunter2@harbor.example.com",
      "harbor:insecure": "maybe",
      "harbor:recoveryWindowHours": "-3",
    });
    for (const failures of [
      checkRobotAccount(proc.ctx, {}, robot).failures,
      checkRobotSettings(proc.ctx.settings, {}, { defaultExpirationDays: 45 }).failures,
    ]) {
      assert.deepEqual(failures.map((f) => f.reason).sort(), [
        'stack config harbor:insecure must be true or false, not text (a string), got "maybe"',
        'stack config harbor:recoveryWindowHours must be a number of hours ≥ 0 (0 turns recovery off), got "-3"',
        "stack config harbor:url must not contain credentials; set the username and password settings instead",
      ]);
      assert.ok(
        failures.every((f) => f.property === ""),
        "no property for the engine to echo",
      );
      assert.ok(!JSON.stringify(failures).includes("hunter2"));
    }
  });
});
