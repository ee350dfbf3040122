// The native provider's own layer: configuration keys, secrets on the wire, import's rebuilt inputs.
import assert from "node:assert/strict";
import { resolveConnection } from "../../provider/client/connection";
import { desiredPermissions, normalize } from "../../provider/model/permissions";
import { NATIVE_SETTING_NAMES, nativeConfig } from "../../provider/native/config";
import type { NamedSetting } from "../../provider/client/setting-names";
import { entriesOf } from "../../provider/native/import";
import { nativeProvider, typeOf } from "../../provider/native/provider";
import { buildSchema } from "../../provider/native/schema";
import { UNKNOWN } from "../../provider/model/unknowns";
import { reveal, secret, secretKeys, withSecrets } from "../../provider/native/wire";
import { ProviderProcess } from "../helpers/provider-process";

// The native adapter's context: its messages name the native provider's settings.
const proc = new ProviderProcess({ names: NATIVE_SETTING_NAMES });

describe("native provider", () => {
  it("reads harbor-robots:* configuration from an explicit provider's inputs or stack config", () => {
    const fromArgs = nativeConfig(
      {
        url: "https://b.example",
        username: "admin",
        password: secret("pw"),
        insecure: true,
        harborVersion: "2.10",
      },
      {},
    );
    assert.equal(fromArgs.get("harbor:url"), "https://b.example");
    assert.equal(fromArgs.get("harbor:password"), "pw");
    assert.equal(fromArgs.get("harbor:insecure"), "true");
    assert.equal(fromArgs.get("harbor:version"), "2.10");
    const fromVariables = nativeConfig(undefined, {
      "harbor-robots:url": "https://a.example",
      "harbor-robots:username": "admin",
      "harbor-robots:password": "pw2",
    });
    const resolved = resolveConnection(undefined, fromVariables, {});
    assert.equal(resolved.url, "https://a.example");
    assert.equal(resolved.password, "pw2");
  });

  it("falls back to HARBOR_* variables for what the configuration leaves out", () => {
    const config = nativeConfig({ url: "https://a.example" }, {});
    const resolved = resolveConnection(undefined, config, { HARBOR_USERNAME: "u", HARBOR_PASSWORD: "p" });
    assert.equal(resolved.username, "u");
  });

  it("reveals secrets for the handlers and tags secret properties on the way out", () => {
    const news = { name: "ci", connection: { url: "https://h", password: secret("pw") } };
    assert.deepEqual(secretKeys(news), ["connection"]);
    assert.deepEqual(reveal(news), { name: "ci", connection: { url: "https://h", password: "pw" } });
    const out = withSecrets({ name: "ci", secret: "s", missing: undefined }, ["secret", "missing"]);
    assert.deepEqual(out.secret, secret("s"));
    assert.equal(out.name, "ci");
    assert.equal(out.missing, undefined);
  });

  it("finds the resource type in a URN, also under a parent", () => {
    assert.equal(
      typeOf("urn:pulumi:dev::p::harbor-robots:index:RobotAccount::ci"),
      "harbor-robots:index:RobotAccount",
    );
    assert.equal(
      typeOf("urn:pulumi:dev::p::my:Comp$harbor-robots:index:RobotSettings::s"),
      "harbor-robots:index:RobotSettings",
    );
  });

  it("rebuilds declared permissions that grant exactly what Harbor holds (no diff after import)", () => {
    const granted = normalize([
      { kind: "system", namespace: "/", access: [{ resource: "project", action: "list" }] },
      { kind: "project", namespace: "*", access: [{ resource: "repository", action: "pull" }] },
      {
        kind: "project",
        namespace: "team-a",
        access: [
          { resource: "repository", action: "push" },
          { resource: "artifact", action: "delete", effect: "deny" },
        ],
      },
    ]);
    assert.deepEqual(desiredPermissions(entriesOf(granted), {}), granted);
  });

  it("names its own settings (harbor-robots:*) in errors, not the dynamic provider's", async () => {
    const saved = { ...process.env };
    for (const k of ["HARBOR_URL", "HARBOR_USERNAME", "HARBOR_PASSWORD"]) delete process.env[k];
    try {
      proc.configure(nativeConfig({ url: "https://h.example", username: "u" }, {}));
      const create = nativeProvider("0.0.0", proc.ctx).create!(
        "urn:pulumi:dev::p::harbor-robots:index:RobotAccount::ci",
        {
          name: "ci",
          permissions: [{ projects: ["a"], access: ["pull"] }],
        },
      );
      await assert.rejects(create, (e: Error) => {
        assert.match(e.message, /provider config harbor-robots:password/);
        assert.doesNotMatch(e.message, /\bharbor:password/);
        return true;
      });
    } finally {
      process.env = saved;
      proc.configure(undefined);
    }
    assert.equal(NATIVE_SETTING_NAMES.key("harborVersion"), "harbor-robots:harborVersion");
  });

  it("names every setting of its package schema the native way (verifySecrets was left as harbor:)", () => {
    const variables = Object.keys(
      (buildSchema() as { config: { variables: Record<string, unknown> } }).config.variables,
    );
    assert.ok(variables.includes("verifySecrets"), variables.join(", "));
    for (const key of variables as NamedSetting[]) {
      assert.equal(NATIVE_SETTING_NAMES.key(key), `harbor-robots:${key}`);
      assert.equal(NATIVE_SETTING_NAMES.place(key), `provider config harbor-robots:${key}`);
    }
  });

  describe("CheckConfig: the provider configuration's rules at preview", () => {
    const check = async (news: Record<string, unknown>) =>
      (
        await nativeProvider("0.1.0", proc.ctx).checkConfig(
          "urn:pulumi:dev::p::pulumi:providers:harbor-robots::default",
          {},
          news,
        )
      ).failures ?? [];

    it("accepts good values, typed (a provider resource) or as stack config text, and the engine's own keys", async () => {
      assert.deepEqual(
        await check({
          url: "https://harbor.example.com/api/v2.0",
          username: "admin",
          password: secret("pw"),
          insecure: "true",
          harborVersion: "v2.10.3",
          recoveryWindowHours: "0",
          verifySecrets: true,
          version: "0.1.0", // the plugin version the engine adds
        }),
        [],
      );
    });

    it("names the key, the rule and the value of each bad one, with no property for the engine to echo", async () => {
      const failures = await check({
        url: "harbor.example.com",
        insecure: "maybe",
        harborVersion: "2.1",
        recoveryWindowHours: -2,
        verifySecrets: "sometimes",
      });
      assert.deepEqual(
        failures.map((f) => f.property),
        ["", "", "", "", ""],
      );
      const reasons = failures.map((f) => f.reason).sort();
      assert.deepEqual(reasons, [
        'harbor-robots:harborVersion must be 2.2 or later (the /robots API this provider uses appeared in Harbor 2.2), got "2.1"',
        'harbor-robots:insecure must be true or false, not text (a string), got "maybe"',
        "harbor-robots:recoveryWindowHours must be a number of hours ≥ 0 (0 turns recovery off), got -2",
        'harbor-robots:url is not a valid URL: "harbor.example.com" (expected e.g. https://harbor.example.com)',
        'harbor-robots:verifySecrets must be true or false, not text (a string), got "sometimes"',
      ]);
    });

    it("never shows a password, and leaves values not known yet for later", async () => {
      const failures = await check({
        url: "https://admin:hunter2@harbor.example.com",
        password: secret(""),
        username: UNKNOWN,
        recoveryWindowHours: UNKNOWN,
      });
      assert.equal(failures.length, 1);
      assert.match(failures[0]!.reason, /^harbor-robots:url must not contain credentials/);
      assert.ok(!JSON.stringify(failures).includes("hunter2"));
    });
  });
});
