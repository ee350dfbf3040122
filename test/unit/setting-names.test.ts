// Every message that names a setting takes the name from the provider context's SettingNames: the
// native provider's say `harbor-robots:url` / `provider config harbor-robots:url` and never one of
// the dynamic provider's keys (`harbor:url`), which its users cannot set. Settings, check, the
// connection's resolution, the handlers' own messages and the client's advice, each run with the
// native names; the dynamic provider's wording is asserted by the suites of each message.
import assert from "node:assert/strict";
import { resolveConnection } from "../../provider/client/connection";
import type { HarborClient } from "../../provider/client/harbor-client";
import type { Robot } from "../../provider/client/schemas";
import { parseHarborVersion } from "../../provider/client/version";
import { classifyNetworkError } from "../../provider/client/http";
import { DYNAMIC_SETTING_NAMES } from "../../provider/client/setting-names";
import { connectionFailures, settingsFailures } from "../../provider/connection-check";
import { RegistryUnreachableError, unreachableAdvice } from "../../provider/harbor";
import { NATIVE_SETTING_NAMES, nativeConfig } from "../../provider/native/config";
import { ownerMark } from "../../provider/model/owner-mark";
import { checkRobotAccount, type CheckedRobotInputs } from "../../provider/robot-account/check";
import { judgeFoundRobot } from "../../provider/robot-account/ownership";
import { verifySecretsEnabled } from "../../provider/robot-account/secret-check";
import { warnOnVersionMismatch } from "../../provider/version-check";
import { ProviderProcess } from "../helpers/provider-process";
import { warnings } from "../helpers/warnings";
import { API, harborErrors, JSON_HEADERS, mockHarbor, networkError } from "./client/mock-harbor";

/** A dynamic provider's key (`harbor:url`, `harbor:version`), not `harbor-robots:url`. */
const DYNAMIC_KEY = /\bharbor:[a-zA-Z]/;

function namesOnlyNative(text: string, key: RegExp): void {
  assert.match(text, key);
  assert.doesNotMatch(text, DYNAMIC_KEY, text);
}

/** A client whose Harbor says it runs `release` (all the version check asks of it). */
const runningRelease = (release: string) =>
  ({ version: async () => parseHarborVersion(release) }) as unknown as HarborClient;

async function messageOf(p: Promise<unknown> | (() => unknown)): Promise<string> {
  try {
    await (typeof p === "function" ? p() : p);
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail("expected a failure");
}

describe("setting names: the native provider's messages name only harbor-robots:* keys", () => {
  const proc = new ProviderProcess({ names: NATIVE_SETTING_NAMES, env: {} });
  const configure = (args: Record<string, unknown>) => proc.configure(nativeConfig(args, {}));
  afterEach(() => proc.configure(undefined));
  after(() => proc.close());

  it("the two namers: a config key and the place it is set", () => {
    assert.equal(NATIVE_SETTING_NAMES.key("harborVersion"), "harbor-robots:harborVersion");
    assert.equal(NATIVE_SETTING_NAMES.place("url"), "provider config harbor-robots:url");
    assert.equal(DYNAMIC_SETTING_NAMES.key("harborVersion"), "harbor:version");
    assert.equal(DYNAMIC_SETTING_NAMES.place("url"), "stack config harbor:url");
  });

  it("a setting's value the rule refuses, read by an operation or checked at preview", async () => {
    configure({ strict: "maybe", harborVersion: "two", recoveryWindowHours: "-1" });
    namesOnlyNative(
      await messageOf(() => proc.ctx.settings.strict()),
      /provider config harbor-robots:strict /,
    );
    namesOnlyNative(
      await messageOf(() => proc.ctx.settings.targetHarborVersion()),
      /provider config harbor-robots:harborVersion /,
    );
    namesOnlyNative(
      await messageOf(() => proc.ctx.settings.recoveryWindowMs()),
      /provider config harbor-robots:recoveryWindowHours /,
    );
    const reasons = settingsFailures(proc.ctx.settings).map((f) => f.reason);
    assert.equal(reasons.length, 3, reasons.join("\n"));
    for (const r of reasons) namesOnlyNative(r, /^provider config harbor-robots:/);
  });

  it("least privilege under strict true, and verifySecrets that is not true or false", async () => {
    configure({ strict: true, verifySecrets: "maybe" });
    const broad = {
      name: "ci",
      permissions: [{ scope: "allProjects", access: ["pull", "push"] }],
      duration: -1,
    } as unknown as CheckedRobotInputs;
    const { failures } = checkRobotAccount(proc.ctx, {}, broad);
    assert.ok(failures.length > 0);
    // The grants under strict, and the refused verifySecrets (check reports every setting at preview).
    const grants = failures.filter((f) => f.property !== "");
    assert.ok(grants.length > 0, JSON.stringify(failures));
    for (const f of grants) namesOnlyNative(f.reason, /\(harbor-robots:strict is true, so this fails/);
    for (const f of failures.filter((f) => f.property === ""))
      namesOnlyNative(f.reason, /^provider config harbor-robots:verifySecrets must be true or false/);
    namesOnlyNative(
      await messageOf(() =>
        verifySecretsEnabled({}, proc.ctx.settings.stackConfig, {}, proc.ctx.settings.names),
      ),
      /provider config harbor-robots:verifySecrets must be true or false/,
    );
  });

  it("a connection that cannot be resolved: missing settings, credentials bound to another registry", async () => {
    configure({ url: "https://a.example", username: "u" });
    const missing = await messageOf(() =>
      resolveConnection(undefined, proc.ctx.settings.stackConfig, {}, { names: proc.ctx.settings.names }),
    );
    namesOnlyNative(missing, /provider config harbor-robots:password \(use `pulumi config set --secret`\)/);

    configure({ url: "https://a.example", username: "u", password: "pw" });
    const [unbound] = connectionFailures(proc.ctx.settings, { url: "https://b.example" });
    namesOnlyNative(
      unbound!.reason,
      /provider config harbor-robots:username and provider config harbor-robots:password belong to/,
    );
    namesOnlyNative(unbound!.reason, /or point provider config harbor-robots:url \(or HARBOR_URL\) at it/);
  });

  it("the handlers' own advice: an unreachable registry, recovery, the release to check against", async () => {
    const advice = unreachableAdvice(
      new RegistryUnreachableError("https://a.example", "gone"),
      proc.ctx.settings.names,
    );
    namesOnlyNative(advice, /keep the new registry in provider config harbor-robots:url/);

    const owner = { stack: "acme/platform/prod", resource: "ci" };
    const marked = { id: 1, name: "robot$ci", description: ownerMark(owner), editable: true } as Robot;
    const now = Date.now();
    const old = { ...marked, creation_time: new Date(now - 7_200_000).toISOString() };
    for (const [recoveryWindowMs, said] of [
      [0, /recovery of robots left by earlier runs is off \(harbor-robots:recoveryWindowHours 0\)/],
      [3_600_000, /longer ago than the recovery window \(1 h, harbor-robots:recoveryWindowHours\)/],
    ] as const) {
      const verdict = judgeFoundRobot(old, owner, proc.ctx.settings.names, {
        harborNowMs: now,
        recoveryWindowMs,
      });
      assert.equal(verdict.kind, "stranger");
      namesOnlyNative((verdict as { reason: string }).reason, said);
    }

    const { said } = await warnings(() =>
      warnOnVersionMismatch(proc.ctx, runningRelease("v2.10.3"), "harbor.example"),
    );
    namesOnlyNative(
      said,
      /Set harbor-robots:harborVersion 2\.10 \(or connection\.harborVersion, or HARBOR_VERSION\)/,
    );
  });

  it("the client's errors, made by the context's pool or handed the names", async () => {
    namesOnlyNative(
      await messageOf(() =>
        proc.ctx.clients.clientFor({
          url: "https://a.example",
          username: "u",
          password: "pw",
          insecure: false,
          caCert: "/nonexistent/ca.pem",
        }),
      ),
      /Cannot read the CA bundle "\/nonexistent\/ca\.pem" \(harbor-robots:caCert \/ HARBOR_CA_CERT\)/,
    );

    const { pool, client } = mockHarbor();
    const native = () => client({ names: NATIVE_SETTING_NAMES, retries: 0 });
    pool
      .intercept({ path: `${API}/systeminfo`, method: "GET" })
      .reply(401, harborErrors("UNAUTHORIZED", "unauthorized"), {
        headers: JSON_HEADERS,
      });
    namesOnlyNative(
      await messageOf(native().systemInfo()),
      /check harbor-robots:username \/ HARBOR_USERNAME and the password \(harbor-robots:password \/ HARBOR_PASSWORD\)/,
    );
    pool
      .intercept({ path: `${API}/systeminfo`, method: "GET" })
      .reply(301, "", { headers: { location: "https://harbor.test:8443/api/v2.0/systeminfo" } });
    namesOnlyNative(
      await messageOf(native().systemInfo()),
      /set harbor-robots:url \/ HARBOR_URL to the address/,
    );
    pool
      .intercept({ path: `${API}/robots/5`, method: "GET" })
      .reply(404, harborErrors("NOT_FOUND", "path /api/v2.0/robots/5 was not found"), {
        headers: JSON_HEADERS,
      });
    namesOnlyNative(
      await messageOf(native().getRobot(5)),
      /check harbor-robots:url \/ HARBOR_URL; robot accounts/,
    );
    pool
      .intercept({ path: `${API}/robots/5`, method: "GET" })
      .reply(200, "<html>", { headers: JSON_HEADERS });
    namesOnlyNative(await messageOf(native().getRobot(5)), /is harbor-robots:url the Harbor address\?/);
    pool.intercept({ path: `${API}/systeminfo`, method: "GET" }).replyWithError(networkError("ENOTFOUND"));
    namesOnlyNative(await messageOf(native().systemInfo()), /check harbor-robots:url \/ HARBOR_URL/);

    for (const code of ["ECONNREFUSED", "DEPTH_ZERO_SELF_SIGNED_CERT"]) {
      const { hint } = classifyNetworkError(networkError(code), 1000, NATIVE_SETTING_NAMES);
      namesOnlyNative(hint!, /harbor-robots:(url|caCert)/);
    }
  });
});
