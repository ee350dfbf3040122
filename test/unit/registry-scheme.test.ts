// http and https, and a trailing dot (issue 17, cases 6 and 10). The same server under another scheme
// is the same robot (identity), but never the same place to send a password: credentials go only to
// the scheme they were configured for, a respelling of the stack's URL from https to http shows at
// preview, and refresh and delete never follow it before the update that records it. `https://h.` is
// `https://h`: no change, no replace. Each case failed on the code before (http and https were one
// registry for credentials, the trailing dot another registry).
import assert from "node:assert/strict";
import {
  normalizeUrl,
  registryHost,
  resolveConnection,
  sameEndpoint,
  sameRegistry,
} from "../../provider/client/connection";
import { HarborSettingsError } from "../../provider/client/errors";
import { harborAt, isRegistryUnreachable } from "../../provider/harbor";
import { checkRobotAccount, type CheckedRobotInputs } from "../../provider/robot-account/check";
import { diffRobotAccount } from "../../provider/robot-account/diff";
import { diffRobotSettings } from "../../provider/robot-settings/diff";
import type { RobotSettingsState } from "../../provider/robot-settings/state";
import { robotState } from "./robot-state-fixture";
import { warnings } from "../helpers/warnings";
import { ProviderProcess } from "../helpers/provider-process";

const proc = new ProviderProcess();

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });
const PASSWORD = "Stack-Admin-Pw1";
const stackAt = (url: string) =>
  config({ "harbor:url": url, "harbor:username": "admin", "harbor:password": PASSWORD });
const robot = (connection?: CheckedRobotInputs["connection"]): CheckedRobotInputs => ({
  name: "ci",
  duration: 30,
  permissions: [{ scope: "allProjects", access: ["pull"] }],
  ...(connection ? { connection } : {}),
});

describe("http and https: one server, two places to send a password", () => {
  afterEach(() => proc.configure(undefined));

  it("the same registry for identity, never the same endpoint for credentials", () => {
    assert.ok(sameRegistry("https://h.example.com", "http://h.example.com"));
    assert.ok(!sameEndpoint("https://h.example.com", "http://h.example.com"));
    assert.ok(sameEndpoint("https://h.example.com", "HTTPS://H.example.com:443/api/v2.0/"));
  });

  it("never sends a password configured for https://H to http://H, nor the other way round", () => {
    for (const [stack, resource] of [
      ["https://a.example.com", "http://a.example.com"],
      ["http://a.example.com", "https://a.example.com"],
    ] as const) {
      assert.throws(
        () => resolveConnection({ url: resource }, stackAt(stack), {}),
        (e: unknown) => {
          assert.ok(e instanceof HarborSettingsError);
          assert.match(
            e.message,
            new RegExp(`No username or password for ${resource.replace(/[/.]/g, "\\$&")}`),
          );
          assert.match(
            e.message,
            /the same server under another scheme, and credentials go only to the scheme/,
          );
          assert.deepEqual(e.fields, ["connection.username", "connection.password"]);
          assert.ok(!e.message.includes(PASSWORD));
          return true;
        },
        `${stack} → ${resource}`,
      );
    }
  });

  it("fails check at preview for connection.url http://H with the stack's credentials on https://H", () => {
    proc.configure(stackAt("https://a.example.com"));
    const { failures } = checkRobotAccount(proc.ctx, {}, robot({ url: "http://a.example.com" }));
    assert.deepEqual(
      failures.map((f) => f.property),
      ["connection.username", "connection.password"],
    );
    assert.match(failures[0]!.reason, /credentials go only to the scheme they are set for/);
    // With its own credentials it is the user's explicit choice (and a clear-text warning at up).
    const own = checkRobotAccount(
      proc.ctx,
      {},
      robot({ url: "http://a.example.com", username: "u", password: "Pw-12345" }),
    );
    assert.deepEqual(own.failures, []);
  });

  it("a respelling of the stack URL from https to http is an update at preview, with a clear-text warning", () => {
    const olds = robotState({ registryUrl: "https://a.example.com" });
    proc.configure(config({ "harbor:url": "http://a.example.com" }));
    const down = diffRobotAccount(proc.ctx.settings, olds, robot());
    assert.equal(down.changes, true, "shown at preview");
    assert.deepEqual(down.replaces, [], "the same robot: updated in place, never deleted");
    assert.match(
      down.warnings.join("\n"),
      /robot robot\$ci: its registry URL changes from https:\/\/a\.example\.com to http:\/\/a\.example\.com .*until then refresh and delete keep using https:\/\/a\.example\.com\. Over http:\/\/ the password and every robot secret travel in clear text/,
    );
    // Back to https: an update too, and refresh and delete use https at once.
    const up = diffRobotAccount(
      proc.ctx.settings,
      robotState({ registryUrl: "http://a.example.com" }),
      robot({ url: "https://a.example.com" }),
    );
    assert.equal(up.changes, true);
    assert.deepEqual(up.replaces, []);
    assert.match(up.warnings.join("\n"), /refresh and delete use it already/);
    assert.doesNotMatch(up.warnings.join("\n"), /clear text/);
    // Loopback: a change all the same, nothing travels over the network.
    const local = diffRobotAccount(
      proc.ctx.settings,
      robotState({ registryUrl: "https://127.0.0.1:8443" }),
      robot({ url: "http://127.0.0.1:8443" }),
    );
    assert.equal(local.changes, true);
    assert.doesNotMatch(local.warnings.join("\n"), /clear text/);
  });

  it("RobotSettings see the scheme change too, as an update with the same warning", () => {
    const olds: RobotSettingsState = {
      registry: "a.example.com",
      registryUrl: "https://a.example.com",
      namePrefix: "bot-",
      managed: ["namePrefix"],
      previous: { namePrefix: "robot$" },
      restoreOnDelete: true,
    } as RobotSettingsState;
    proc.configure(config({ "harbor:url": "http://a.example.com" }));
    const d = diffRobotSettings(proc.ctx.settings, olds, { namePrefix: "bot-" });
    assert.equal(d.changes, true);
    assert.deepEqual(d.replaces, []);
    assert.match(
      d.warnings.join("\n"),
      /robot settings on a\.example\.com: its registry URL changes .* clear text/,
    );
  });

  it("refresh and delete stay on the stored https URL; only the update the preview showed moves to http", async () => {
    const stored = { registryUrl: "https://a.example.com" };
    proc.configure(stackAt("http://a.example.com"));
    // Refresh and delete: the configured http:// URL is not followed, and its credentials are not
    // sent to https:// either, so nothing is sent at all.
    assert.throws(
      () => harborAt(proc.ctx, stored, undefined, { schemeChange: "upgrade" }),
      (e: unknown) =>
        isRegistryUnreachable(e) &&
        /No username or password for https:\/\/a\.example\.com/.test((e as Error).message),
    );
    // The update the preview announced: the configured URL, and the state records it (warned: clear text).
    const { result: moved, said } = await warnings(() => harborAt(proc.ctx, stored, undefined));
    assert.equal(moved.registryUrl, "http://a.example.com");
    assert.match(said, /http:\/\/a\.example\.com is an http:\/\/ URL: the password of 'admin' .* clear text/);
    // With credentials for the stored https URL in the environment, refresh and delete use those.
    const s = resolveConnection(
      undefined,
      stackAt("http://a.example.com"),
      { HARBOR_URL: "https://a.example.com", HARBOR_USERNAME: "admin", HARBOR_PASSWORD: "Env-Pw-123" },
      { registry: "https://a.example.com", schemeChange: "upgrade" },
    );
    assert.deepEqual([s.url, s.password], ["https://a.example.com", "Env-Pw-123"]);
  });

  it("refresh and delete follow an upgrade from http to https at once", () => {
    proc.configure(stackAt("https://a.example.com"));
    const target = harborAt(proc.ctx, { registryUrl: "http://a.example.com" }, undefined, {
      schemeChange: "upgrade",
    });
    assert.equal(target.registryUrl, "https://a.example.com");
  });
});

describe("a trailing dot: the same host", () => {
  afterEach(() => proc.configure(undefined));

  it("normalizes `https://h.` to `https://h` and compares them as one registry and one endpoint", () => {
    assert.equal(normalizeUrl("https://Harbor.Example.com./api/v2.0/"), "https://harbor.example.com");
    assert.equal(registryHost("https://harbor.example.com.:8443"), "harbor.example.com:8443");
    assert.ok(sameRegistry("https://h.example.com.", "https://h.example.com"));
    assert.ok(sameEndpoint("https://h.example.com.", "https://h.example.com/"));
  });

  it("a robot created on https://h shows no change when the stack says https://h., and is reached with its credentials", () => {
    const olds = robotState({ registryUrl: "https://a.example.com" });
    proc.configure(stackAt("https://a.example.com."));
    const d = diffRobotAccount(proc.ctx.settings, olds, robot());
    assert.deepEqual([d.changes, d.replaces, d.warnings], [false, [], []]);
    assert.equal(
      diffRobotAccount(proc.ctx.settings, olds, robot({ url: "https://a.example.com./api/v2.0" })).changes,
      false,
    );
    // Delete and refresh find the stack's credentials for it (no "no credentials for https://h").
    const target = harborAt(proc.ctx, olds, undefined, { schemeChange: "upgrade" });
    assert.equal(target.registryUrl, "https://a.example.com");
    // A state written before registryUrl was recorded, with its host spelled with the dot.
    const { registryUrl: _u, ...legacy } = olds;
    assert.equal(
      diffRobotAccount(proc.ctx.settings, { ...legacy, registry: "a.example.com." } as never, robot())
        .changes,
      false,
    );
  });
});
