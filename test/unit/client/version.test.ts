import assert from "node:assert/strict";
import { connectionInput } from "../../../provider/client/connection";
import { atLeast, parseHarborVersion, VersionMemo } from "../../../provider/client/version";
import { API, mockHarbor } from "./mock-harbor";

describe("client/version", () => {
  it("parses Harbor's vMAJOR.MINOR.PATCH-commit", () => {
    assert.deepEqual(parseHarborVersion("v2.15.2-080b0220"), {
      major: 2,
      minor: 15,
      patch: 2,
      raw: "v2.15.2-080b0220",
    });
    assert.deepEqual(parseHarborVersion("v2.10.0"), { major: 2, minor: 10, patch: 0, raw: "v2.10.0" });
    // One module for the server's version and the release preview checks against.
    assert.deepEqual(parseHarborVersion("2.10"), { major: 2, minor: 10, patch: 0, raw: "2.10" });
    assert.deepEqual(parseHarborVersion("v2.15.2"), { major: 2, minor: 15, patch: 2, raw: "v2.15.2" });
    assert.equal(parseHarborVersion("dev-abcdef"), undefined);
    assert.equal(parseHarborVersion(""), undefined);
    assert.equal(parseHarborVersion(null), undefined);
    assert.equal(parseHarborVersion(undefined), undefined);
  });

  it("connection.harborVersion follows the parser's rule (Harbor's own spelling included)", () => {
    for (const v of ["2.15", "v2.15.2", "v2.15.2-080b0220"]) {
      assert.ok(parseHarborVersion(v), v);
      assert.ok(connectionInput.safeParse({ harborVersion: v }).success, v);
    }
    for (const v of ["2", "2.x", "latest", "2.1O"]) {
      assert.equal(parseHarborVersion(v), undefined, v);
      assert.match(
        connectionInput.safeParse({ harborVersion: v }).error!.issues[0]!.message,
        /must look like "2\.15" or "v2\.15\.2"/,
        v,
      );
    }
  });

  it("compares versions; unknown counts as new enough", () => {
    const v = parseHarborVersion("v2.14.1-abc");
    assert.ok(atLeast(v, 2, 10));
    assert.ok(atLeast(v, 2, 14, 1));
    assert.ok(!atLeast(v, 2, 14, 2));
    assert.ok(!atLeast(v, 2, 15));
    assert.ok(!atLeast(v, 3, 0));
    assert.ok(atLeast(undefined, 2, 10));
  });

  it("asks /systeminfo once per URL + user, across the clients of one memo (a provider context's)", async () => {
    const { pool, client } = mockHarbor();
    pool
      .intercept({ path: `${API}/systeminfo`, method: "GET" })
      .reply(200, { harbor_version: "v2.15.2-080b0220" });
    pool
      .intercept({ path: `${API}/systeminfo`, method: "GET" })
      .reply(200, { harbor_version: "v2.10.0-aaaa" });
    const versions = new VersionMemo();
    const first = client({ versions });
    const second = client({ versions });
    const [a, b] = await Promise.all([first.version(), first.version()]);
    assert.equal(a?.minor, 15);
    assert.equal(b, a);
    assert.equal((await second.version())?.minor, 15);
    assert.equal(first.requestCount + second.requestCount, 1);
    const otherUser = client({ versions }, { username: "ops" });
    assert.equal((await otherUser.version())?.minor, 10);
  });

  it("is undefined when Harbor does not report it (anonymous answer), and a failure is not remembered", async () => {
    const { pool, client } = mockHarbor();
    pool.intercept({ path: `${API}/systeminfo`, method: "GET" }).reply(500, "");
    pool.intercept({ path: `${API}/systeminfo`, method: "GET" }).reply(200, { auth_mode: "db_auth" });
    const c = client({ retries: 0 });
    await assert.rejects(c.version(), /500/);
    assert.equal(await c.version(), undefined);
  });
});
