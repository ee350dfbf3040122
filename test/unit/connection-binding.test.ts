// Credentials belong to a registry; a robot belongs to its registry. Each case here was a defect
// (issue 9 items 5, 9, 10 and issue 10 item 4): the old code merged fields from any source, compared
// URLs as text, ignored caCert/insecure/harborVersion in diff and let `ftp://` through check.
import assert from "node:assert/strict";
import {
  connectionInput,
  redactUrl,
  resolveConnection,
  sameRegistry,
  sendsCleartext,
} from "../../provider/client/connection";
import { HarborSettingsError } from "../../provider/client/errors";
import { diffConnection } from "../../provider/connection-diff";
import { harborFor } from "../../provider/harbor";
import { checkRobotAccount, type CheckedRobotInputs } from "../../provider/robot-account/check";
import { checkRobotSettings } from "../../provider/robot-settings/check";
import { diffRobotAccount } from "../../provider/robot-account/diff";
import type { RobotAccountState } from "../../provider/robot-account/state";
import { robotState } from "./robot-state-fixture";
import { warnings } from "../helpers/warnings";
import { ProviderProcess } from "../helpers/provider-process";

const proc = new ProviderProcess();

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });
const STACK = config({
  "harbor:url": "https://a.example.com",
  "harbor:username": "admin",
  "harbor:password": "Stack-Admin-Pw1",
});

describe("connection: credentials are bound to their registry", () => {
  it("a resource pointing connection.url at another host never gets the stack's credentials", () => {
    assert.throws(
      () => resolveConnection({ url: "https://b.example.com" }, STACK, {}),
      (e: unknown) => {
        assert.ok(e instanceof HarborSettingsError);
        assert.match(
          e.message,
          /No username or password for https:\/\/b\.example\.com \(from connection\.url\)/,
        );
        assert.match(
          e.message,
          /stack config harbor:username and stack config harbor:password belong to https:\/\/a\.example\.com/,
        );
        assert.match(e.message, /Set connection\.username and connection\.password/);
        assert.ok(!e.message.includes("Stack-Admin-Pw1"));
        return true;
      },
    );
    // Its own credentials are fine, and the stack's CA/insecure do not follow it either.
    const own = resolveConnection(
      { url: "https://b.example.com", username: "b-admin", password: "B-pass-123" },
      config({
        "harbor:url": "https://a.example.com",
        "harbor:insecure": "true",
        "harbor:caCert": "/a/ca.pem",
      }),
      {},
    );
    assert.deepEqual(own, {
      url: "https://b.example.com",
      username: "b-admin",
      password: "B-pass-123",
      insecure: false,
    });
  });

  it("fails at preview (check) naming the fields, when connection.url names another registry without credentials", () => {
    proc.configure(STACK);
    try {
      const robot = checkRobotAccount(proc.ctx, {}, {
        name: "ci",
        permissions: [{ scope: "allProjects", access: ["pull"] }],
        connection: { url: "https://b.example.com" },
      } as CheckedRobotInputs);
      assert.deepEqual(
        robot.failures.map((f) => f.property),
        ["connection.username", "connection.password"],
      );
      assert.ok(robot.failures.every((f) => !f.reason.includes("Stack-Admin-Pw1")));
      const settings = checkRobotSettings(
        proc.ctx.settings,
        {},
        { namePrefix: "bot-", connection: { url: "https://b.example.com" } },
      );
      assert.equal(settings.failures.length, 2);
      // Its own credentials, or the stack's own registry: fine.
      const own = checkRobotAccount(proc.ctx, {}, {
        name: "ci",
        permissions: [{ scope: "allProjects", access: ["pull"] }],
        connection: { url: "https://b.example.com", username: "b", password: "B-pass-123" },
      } as CheckedRobotInputs);
      assert.deepEqual(own.failures, []);
    } finally {
      proc.configure(undefined);
    }
  });

  it("the same registry spelled differently keeps the stack's credentials", () => {
    const s = resolveConnection({ url: "https://A.example.com:443/api/v2.0/" }, STACK, {});
    assert.equal(s.username, "admin");
    assert.equal(s.url, "https://a.example.com");
  });

  it("credentials with no URL of their own go with the stack's URL (harbor:url in config, password in CI env)", () => {
    const s = resolveConnection(undefined, config({ "harbor:url": "https://a.example.com" }), {
      HARBOR_USERNAME: "ci",
      HARBOR_PASSWORD: "Ci-pass-123",
    });
    assert.equal(s.password, "Ci-pass-123");
    // …but not with a resource's URL for another registry.
    assert.throws(
      () =>
        resolveConnection(
          { url: "https://b.example.com" },
          config({ "harbor:url": "https://a.example.com" }),
          {
            HARBOR_USERNAME: "ci",
            HARBOR_PASSWORD: "Ci-pass-123",
          },
        ),
      /No username or password for https:\/\/b\.example\.com/,
    );
  });

  it("after a 401, the stack's credentials replace the stored ones, the stored CA stays", () => {
    const stored = {
      url: "https://a.example.com",
      username: "ops",
      password: "Old-pass-1",
      caCert: "/a/ca.pem",
    };
    const s = resolveConnection(
      stored,
      STACK,
      {},
      { registry: "https://a.example.com", skipExplicit: ["credentials"] },
    );
    assert.deepEqual([s.username, s.password, s.caCert], ["admin", "Stack-Admin-Pw1", "/a/ca.pem"]);
  });

  it("credentials tied to no registry at all are not sent to a resource's URL either", () => {
    assert.throws(
      () =>
        resolveConnection({ url: "https://b.example.com" }, undefined, {
          HARBOR_USERNAME: "ci",
          HARBOR_PASSWORD: "Ci-pass-123",
        }),
      /environment HARBOR_USERNAME and environment HARBOR_PASSWORD are set with no URL in stack config or the environment, so they belong to no registry/,
    );
  });

  it("a stored registry is targeted, with credentials only from a place bound to it", () => {
    // The stack moved to B; the environment still has A's credentials: use them, on A.
    const s = resolveConnection(
      undefined,
      config({
        "harbor:url": "https://b.example.com",
        "harbor:username": "b",
        "harbor:password": "B-pass-123",
      }),
      { HARBOR_URL: "https://a.example.com", HARBOR_USERNAME: "a", HARBOR_PASSWORD: "A-pass-123" },
      { registry: "https://a.example.com" },
    );
    assert.deepEqual([s.url, s.username, s.password], ["https://a.example.com", "a", "A-pass-123"]);
    // Without them there is nothing to use: B's credentials are never sent to A.
    assert.throws(
      () =>
        resolveConnection(
          undefined,
          config({
            "harbor:url": "https://b.example.com",
            "harbor:username": "b",
            "harbor:password": "B-pass-123",
          }),
          {},
          { registry: "https://a.example.com" },
        ),
      (e: unknown) => e instanceof HarborSettingsError && !e.message.includes("B-pass-123"),
    );
  });
});

describe("connection URLs", () => {
  it("compare as registries: every spelling of one server is the same, another host or prefix is not", () => {
    for (const u of ["https://h", "https://h/", "https://h/api/v2.0", "https://H:443/api/v2.0/", "http://h"])
      assert.ok(sameRegistry("https://h", u), u);
    for (const u of ["https://h2", "https://h:8443", "https://h/harbor"])
      assert.ok(!sameRegistry("https://h", u), u);
  });

  it("never echo credentials embedded in a URL, even one that does not parse", () => {
    for (const raw of [
      "https://admin:Hunter22@har bor",
      "ftp://admin:Hunter22@h",
      "https://admin:Hunter22@h?x=1",
      // A password with a URL delimiter in it, not percent-encoded: the URL does not parse, and the
      // part after the delimiter must not be echoed either.
      "https://admin:Hun/ter22@h",
      "https://admin:Hun#ter22@h",
      "https://admin:Hun?ter22@h",
      "https://admin:Hun@ter22@h",
      // No scheme: parses as scheme `admin:`.
      "admin:Hunter22@h",
    ]) {
      assert.throws(
        () => resolveConnection({ url: raw, username: "u", password: "p" }, undefined, {}),
        (e: unknown) =>
          e instanceof HarborSettingsError &&
          !e.message.includes("ter22") &&
          /connection\.url/.test(e.message),
        raw,
      );
    }
    assert.equal(redactUrl("https://u:p@h/x"), "https://***@h/x");
    assert.equal(redactUrl("https://h/x"), "https://h/x");
  });

  it("never echo credentials of a URL set for another registry in the message that refuses to send them", () => {
    // The resource targets b; stack config holds a password for a URL that carries credentials itself.
    assert.throws(
      () =>
        resolveConnection(
          { url: "https://b.example.com" },
          config({ "harbor:url": "https://admin:Hunter22@a.example.com", "harbor:password": "Pw-123456" }),
          { HARBOR_USERNAME: "ci" },
        ),
      (e: unknown) =>
        e instanceof HarborSettingsError &&
        /No username or password for https:\/\/b\.example\.com/.test(e.message) &&
        !e.message.includes("Hunter22") &&
        !e.message.includes("Pw-123456"),
    );
  });

  it("fail check at preview when not http(s), naming the field and the rule", () => {
    for (const url of ["ftp://nowhere", "nowhere", "https://u:Hunter22@h", "https://h/?q=1"]) {
      const { failures } = checkRobotAccount(proc.ctx, {}, {
        name: "ci",
        permissions: [{ scope: "allProjects", access: ["pull"] }],
        connection: { url },
      } as CheckedRobotInputs);
      const hit = failures.find((f) => f.property === "connection.url");
      assert.ok(hit, `${url}: ${JSON.stringify(failures)}`);
      assert.ok(!hit.reason.includes("Hunter22"));
    }
    assert.match(
      connectionInput.safeParse({ url: "ftp://nowhere" }).error!.issues[0]!.message,
      /must be an https:\/\/ URL/,
    );
  });

  it("warn once, naming the URL, when the password would travel in clear text", async () => {
    const conn = {
      url: "http://harbor.internal.example:8080",
      username: "admin",
      password: "Adm1n-Passw0rd",
    };
    const { lines: said } = await warnings(() => {
      harborFor(proc.ctx, conn);
      harborFor(proc.ctx, conn);
      harborFor(proc.ctx, { ...conn, url: "http://127.0.0.1:8080" });
    });
    assert.equal(said.length, 1, said.join("\n"));
    assert.match(
      said[0]!,
      /http:\/\/harbor\.internal\.example:8080 is an http:\/\/ URL: the password of 'admin'.*clear text/,
    );
    assert.ok(!said[0]!.includes("Adm1n-Passw0rd"));
  });

  it("say when the password would travel in clear text (loopback exempt)", () => {
    assert.equal(sendsCleartext("http://harbor.example.com"), true);
    assert.equal(sendsCleartext("http://10.0.0.5:8080"), true);
    for (const u of [
      "https://harbor.example.com",
      "http://127.0.0.1:8080",
      "http://localhost",
      "http://[::1]:80",
    ])
      assert.equal(sendsCleartext(u), false, u);
  });
});

describe("diff of the connection", () => {
  const state = robotState;
  const inputs = (connection?: CheckedRobotInputs["connection"]): CheckedRobotInputs => ({
    name: "ci",
    duration: 30,
    permissions: [{ scope: "allProjects", access: ["pull"] }],
    ...(connection ? { connection } : {}),
  });
  beforeEach(() => proc.configure(config({ "harbor:url": "https://a.example.com/" })));
  after(() => proc.configure(undefined));

  it("sees no change when the URL is respelled or moves between the resource and stack config", () => {
    const withUrl = state({ connection: { url: "https://a.example.com" } });
    for (const url of [
      "https://a.example.com/",
      "https://a.example.com/api/v2.0",
      "https://A.example.com:443",
    ])
      assert.equal(diffRobotAccount(proc.ctx.settings, withUrl, inputs({ url })).changes, false, url);
    assert.equal(
      diffRobotAccount(proc.ctx.settings, withUrl, inputs()).changes,
      false,
      "moved to stack config",
    );
    assert.equal(
      diffRobotAccount(proc.ctx.settings, state(), inputs({ url: "https://a.example.com/api/v2.0" })).changes,
      false,
    );
  });

  it("replaces the robot when the registry really changes, through the resource or through stack config", () => {
    const d = diffRobotAccount(proc.ctx.settings, state(), inputs({ url: "https://b.example.com" }));
    assert.deepEqual(d.replaces, ["connection"]);
    assert.equal(d.deleteBeforeReplace, true, "the old robot goes first, on its own registry");
    proc.configure(config({ "harbor:url": "https://b.example.com" }));
    assert.deepEqual(diffRobotAccount(proc.ctx.settings, state(), inputs()).replaces, ["connection"]);
    // A state written before registryUrl existed still knows its host.
    const { registryUrl: _u, ...old } = state();
    assert.deepEqual(diffRobotAccount(proc.ctx.settings, old as RobotAccountState, inputs()).replaces, [
      "connection",
    ]);
  });

  it("updates in place when caCert, insecure, harborVersion or the credentials change", () => {
    const base = { url: "https://a.example.com", caCert: "/etc/old-ca.pem" };
    const olds = state({ connection: base });
    for (const change of [
      { caCert: "/etc/new-ca.pem" },
      { insecure: true },
      { harborVersion: "2.10" },
      { username: "other" },
      { password: "New-Passw0rd" },
    ]) {
      const d = diffRobotAccount(proc.ctx.settings, olds, inputs({ ...base, ...change }));
      assert.equal(d.changes, true, JSON.stringify(change));
      assert.deepEqual(d.replaces, [], JSON.stringify(change));
    }
    assert.deepEqual(diffConnection(proc.ctx.settings, olds, { ...base }), { replace: false, update: false });
  });
});
