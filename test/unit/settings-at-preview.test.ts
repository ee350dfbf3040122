// Every setting an operation reads is judged at preview (issue 17, case 9): the HARBOR_* environment
// variables as well as harbor:* stack config, by both resources' check and by the native provider's
// CheckConfig, each failure naming the variable, the rule and the value (never a credential). Before,
// HARBOR_RECOVERY_WINDOW_HOURS=off passed check and was read only after create's POST, and
// HARBOR_RETRY_BASE_DELAY_MS=fast was silently ignored.
import assert from "node:assert/strict";
import { HarborSettingsError } from "../../provider/client/errors";
import { HarborTransport } from "../../provider/client/http";
import { nativeProvider } from "../../provider/native/provider";
import { checkRobotAccount, type CheckedRobotInputs } from "../../provider/robot-account/check";
import { checkRobotSettings } from "../../provider/robot-settings/check";
import { ProviderProcess } from "../helpers/provider-process";

const proc = new ProviderProcess();

const robot: CheckedRobotInputs = {
  name: "ci",
  duration: 30,
  permissions: [{ scope: "allProjects", access: ["pull"] }],
};

const BAD_ENV: Record<string, string> = {
  HARBOR_RECOVERY_WINDOW_HOURS: "off",
  HARBOR_VERIFY_SECRETS: "maybe",
  HARBOR_INSECURE: "perhaps",
  HARBOR_VERSION: "latest",
  HARBOR_RETRY_BASE_DELAY_MS: "fast",
  HARBOR_URL: "https://harbor.example.com/?token=Hunter22",
  HARBOR_USERNAME: "admin",
  HARBOR_PASSWORD: "Env-Passw0rd-1",
};

const EXPECTED = [
  'environment HARBOR_INSECURE must be true or false, not text (a string), got "perhaps"',
  'environment HARBOR_RECOVERY_WINDOW_HOURS must be a number of hours ≥ 0 (0 turns recovery off), got "off"',
  'environment HARBOR_RETRY_BASE_DELAY_MS must be a whole number of milliseconds ≥ 0, got "fast"',
  'environment HARBOR_URL must not have a query or fragment, got "https://harbor.example.com/?***"',
  'environment HARBOR_VERIFY_SECRETS must be true or false, not text (a string), got "maybe"',
  'environment HARBOR_VERSION must look like "2.15" or "v2.15.2", got "latest"',
];

/** Runs `fn` with these HARBOR_* variables (and no others of ours). */
function withEnv<T>(values: Record<string, string>, fn: () => T): T {
  const saved = { ...process.env };
  for (const k of Object.keys(process.env)) if (k.startsWith("HARBOR_")) delete process.env[k];
  Object.assign(process.env, values);
  try {
    return fn();
  } finally {
    process.env = saved;
  }
}

describe("HARBOR_* variables are judged at preview", () => {
  afterEach(() => proc.configure(undefined));

  it("fails both resources' check, naming each variable, its rule and its value", () => {
    const [forRobot, forSettings] = withEnv(BAD_ENV, () => [
      checkRobotAccount(proc.ctx, {}, robot).failures,
      checkRobotSettings(proc.ctx.settings, {}, { defaultExpirationDays: 45 }).failures,
    ]);
    for (const failures of [forRobot!, forSettings!]) {
      assert.deepEqual(failures.map((f) => f.reason).sort(), EXPECTED);
      assert.ok(
        failures.every((f) => f.property === ""),
        "no property for the engine to echo",
      );
      const text = JSON.stringify(failures);
      assert.ok(!text.includes("Env-Passw0rd-1") && !text.includes("Hunter22"), text);
    }
  });

  it("passes good values, and empty ones count as not set", () => {
    const failures = withEnv(
      {
        HARBOR_RECOVERY_WINDOW_HOURS: "0",
        HARBOR_VERIFY_SECRETS: "yes",
        HARBOR_INSECURE: "",
        HARBOR_VERSION: "v2.10.3",
        HARBOR_RETRY_BASE_DELAY_MS: "20",
        HARBOR_URL: "https://harbor.example.com/api/v2.0",
      },
      () => checkRobotAccount(proc.ctx, {}, robot).failures,
    );
    assert.deepEqual(failures, []);
  });

  it("a bad release in stack config or the environment is a check failure, not a thrown error", () => {
    proc.configure({ get: (k) => (k === "harbor:version" ? "2.1" : undefined) });
    const failures = withEnv({}, () => checkRobotAccount(proc.ctx, {}, robot).failures);
    assert.deepEqual(
      failures.map((f) => f.reason),
      [
        'stack config harbor:version must be 2.2 or later (the /robots API this provider uses appeared in Harbor 2.2), got "2.1"',
      ],
    );
  });

  it("fails the native provider's CheckConfig the same way (its HARBOR_* fallbacks)", async () => {
    const saved = { ...process.env };
    for (const k of Object.keys(process.env)) if (k.startsWith("HARBOR_")) delete process.env[k];
    Object.assign(process.env, BAD_ENV);
    try {
      const { failures } = await nativeProvider("0.1.0", proc.ctx).checkConfig(
        "urn:pulumi:dev::p::pulumi:providers:harbor-robots::default",
        {},
        { url: "https://harbor.example.com" },
      );
      assert.deepEqual((failures ?? []).map((f) => f.reason).sort(), EXPECTED);
    } finally {
      process.env = saved;
    }
  });

  it("the transport refuses a bad HARBOR_RETRY_BASE_DELAY_MS before any request, naming it", () => {
    withEnv({ HARBOR_RETRY_BASE_DELAY_MS: "-5" }, () =>
      assert.throws(
        () =>
          new HarborTransport({
            url: "https://harbor.example.com",
            username: "admin",
            password: "Pw-1234567",
            insecure: false,
          }),
        (e: unknown) =>
          e instanceof HarborSettingsError &&
          /environment HARBOR_RETRY_BASE_DELAY_MS must be a whole number of milliseconds ≥ 0, got "-5"/.test(
            e.message,
          ),
      ),
    );
  });
});
