// Behaviour 15: responses set an `sid` cookie; a write that sends it back without a CSRF token gets
// 403 "CSRF token not found in request" (with a wrong one: "CSRF token invalid"), so a client that
// keeps cookies fails where a cookie-less one works.

import assert from "node:assert/strict";
import { basicAuth } from "../helpers/harbor-http";
import { harborError, systemRobotBody, useEmulator } from "../helpers/emulator-fixture";

// gorilla/csrf's words, as real v2.10.3 and v2.15.2 answer them.
const NO_TOKEN = harborError("FORBIDDEN", "CSRF token not found in request");
const BAD_TOKEN = harborError("FORBIDDEN", "CSRF token invalid");

describe("emulator: session cookie and CSRF", () => {
  const fx = useEmulator();

  /** A tiny client that does what a cookie jar would: store Set-Cookie, send it back. */
  function cookieKeepingClient() {
    let cookie: string | undefined;
    const auth = basicAuth(fx.emulator.admin);
    return async (method: string, path: string, body?: unknown, extra: Record<string, string> = {}) => {
      const headers: Record<string, string> = { Authorization: auth, ...extra };
      if (cookie) headers.Cookie = cookie;
      if (body !== undefined) headers["Content-Type"] = "application/json";
      const res = await fetch(`${fx.emulator.url}/api/v2.0${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const set = res.headers.get("set-cookie");
      if (set) cookie = set.split(";")[0];
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
    };
  }

  it("sets an sid cookie on responses", async () => {
    const res = await fx.admin.get("/systeminfo");
    assert.match(res.headers.get("set-cookie") ?? "", /^sid=[0-9a-f]+; Path=\/; HttpOnly$/);
    const error = await fx.admin.get("/robots/1");
    assert.match(error.headers.get("set-cookie") ?? "", /^sid=/);
  });

  it("lets reads through with the cookie but refuses writes without a CSRF token", async () => {
    const call = cookieKeepingClient();
    assert.equal((await call("GET", "/robots")).status, 200);
    for (const [method, path] of [
      ["POST", "/robots"],
      ["PUT", "/robots/1"],
      ["PATCH", "/robots/1"],
      ["DELETE", "/robots/1"],
    ] as const) {
      const res = await call(method, path, method === "DELETE" ? undefined : systemRobotBody());
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.deepEqual(res.body, NO_TOKEN);
    }
    assert.equal(fx.emulator.listRobots().length, 0, "nothing was created");
  });

  it("refuses a wrong token and accepts the token handed out on session responses", async () => {
    const call = cookieKeepingClient();
    const read = await call("GET", "/systeminfo");
    const first = await call("GET", "/systeminfo");
    const token = first.headers.get("x-harbor-csrf-token");
    assert.ok(read.headers.get("set-cookie") && token, "session responses carry the CSRF token");
    assert.deepEqual(
      (await call("POST", "/robots", systemRobotBody(), { "X-Harbor-CSRF-Token": "forged" })).body,
      BAD_TOKEN,
    );
    const ok = await call("POST", "/robots", systemRobotBody(), { "X-Harbor-CSRF-Token": token as string });
    assert.equal(ok.status, 201);
  });

  it("never bothers a client without cookies", async () => {
    assert.equal((await fx.admin.post("/robots", systemRobotBody())).status, 201);
  });
});
