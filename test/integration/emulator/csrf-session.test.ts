// Behaviour 15: Harbor's CSRF rule, as measured on real v2.10.3 and v2.15.2. Responses set an `sid`
// cookie; a request that carries one is a session request, and session writes need the CSRF token
// (X-Harbor-CSRF-Token, handed out on session responses, valid with its `_gorilla_csrf` cookie). So a
// client that keeps cookies fails where a cookie-less one works. /c/login is always CSRF-checked.

import assert from "node:assert/strict";
import { harborError, systemRobotBody, useEmulator } from "../helpers/emulator-fixture";
import { SessionClient } from "../helpers/harbor-session";

const NOT_FOUND = harborError("FORBIDDEN", "CSRF token not found in request");
const INVALID = harborError("FORBIDDEN", "CSRF token invalid");

describe("emulator: session cookie and CSRF", () => {
  const fx = useEmulator();
  /** Basic credentials plus every cookie Harbor sets: what a client with a cookie jar does. */
  const cookieKeeping = () => {
    const jar = new SessionClient(fx.emulator.url);
    const basic = fx.emulator.admin;
    return {
      jar,
      call: (method: string, path: string, json?: unknown, token?: string | false) =>
        jar.api(method, path, { basic, json, token: token ?? false }),
    };
  };

  it("sets an sid cookie on responses", async () => {
    const res = await fx.admin.get("/systeminfo");
    assert.match(res.headers.get("set-cookie") ?? "", /^sid=[0-9a-f]{32}; Path=\/; HttpOnly$/);
    const error = await fx.admin.get("/robots/1");
    assert.match(error.headers.get("set-cookie") ?? "", /^sid=/);
  });

  it("leaves cookie-less Basic requests out of CSRF: no token, no CSRF cookie", async () => {
    const res = await fx.admin.post("/robots", systemRobotBody());
    assert.equal(res.status, 201);
    assert.equal(res.headers.get("x-harbor-csrf-token"), null);
    assert.deepEqual(
      res.headers.getSetCookie().map((c) => c.split("=")[0]),
      ["sid"],
    );
  });

  it("lets reads through with the cookie but refuses writes without a CSRF token", async () => {
    // Harbor's message for a missing token is "not found" (measured); the emulator used to say
    // "invalid" for both cases.
    const { call } = cookieKeeping();
    assert.equal((await call("GET", "/robots")).status, 200);
    for (const [method, path] of [
      ["POST", "/robots"],
      ["PUT", "/robots/1"],
      ["PATCH", "/robots/1"],
      ["DELETE", "/robots/1"],
    ] as const) {
      const res = await call(method, path, method === "DELETE" ? undefined : systemRobotBody());
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.deepEqual(res.body, NOT_FOUND);
      assert.ok(res.headers.get("x-harbor-csrf-token"), "the refusal hands out the token");
      assert.equal(res.headers.get("vary"), null, "only passed requests vary by cookie");
      assert.ok(!res.setCookies.some((c) => c.startsWith("sid=")), "refused before the session is read");
    }
    assert.equal(fx.emulator.listRobots().length, 0, "nothing was created");
    assert.equal(fx.emulator.passwordCheckCount("basic"), 1, "refused before the credentials were checked");
  });

  it("refuses a forged token and a token without its cookie; accepts every token handed out with the cookie", async () => {
    const { jar, call } = cookieKeeping();
    await call("GET", "/systeminfo"); // sets sid
    const first = await call("GET", "/systeminfo"); // a session request: the token and its cookie
    const token = first.headers.get("x-harbor-csrf-token") ?? "";
    assert.match(token, /^[A-Za-z0-9+/]{86}==$/, "a masked 32-byte token, base64");
    assert.match(
      first.setCookies.find((c) => c.startsWith("_gorilla_csrf=")) ?? "",
      /^_gorilla_csrf=[^;]+; Path=\/; Expires=[^;]+; Max-Age=43200; HttpOnly; SameSite=Strict$/,
    );
    assert.equal(first.headers.get("vary"), "Cookie");
    const second = (await call("GET", "/systeminfo")).headers.get("x-harbor-csrf-token");
    assert.notEqual(second, token, "each answer masks the token anew");
    assert.deepEqual((await call("POST", "/robots", systemRobotBody(), "forged")).body, INVALID);
    assert.equal((await call("POST", "/robots", systemRobotBody(), token)).status, 201);
    assert.equal((await call("POST", "/robots", systemRobotBody({ name: "ci2" }), second ?? "")).status, 201);
    const noCookie = await jar.api("POST", "/robots", {
      basic: fx.emulator.admin,
      json: systemRobotBody({ name: "ci3" }),
      token,
      without: ["_gorilla_csrf"],
    });
    assert.deepEqual(noCookie.body, INVALID);
  });

  it("checks CSRF on /c/login whatever the request carries", async () => {
    const jar = new SessionClient(fx.emulator.url);
    const res = await jar.request("POST", "/c/login", {
      form: { principal: "admin", password: fx.emulator.admin.password },
    });
    assert.equal(res.status, 403);
    assert.deepEqual(res.body, NOT_FOUND);
    assert.ok(res.headers.get("x-harbor-csrf-token"));
    assert.deepEqual(
      res.setCookies.map((c) => c.split("=")[0]),
      ["_gorilla_csrf"],
      "the CSRF cookie, no session",
    );
    assert.equal(fx.emulator.passwordCheckCount(), 0);
  });

  it("lets the CSRF cookie expire after 12 hours: its tokens are refused, a new cookie is handed out", async () => {
    const { call } = cookieKeeping();
    await call("GET", "/systeminfo");
    const token = (await call("GET", "/systeminfo")).headers.get("x-harbor-csrf-token") ?? "";
    fx.emulator.advanceClock(12 * 3600_000 + 1000);
    const stale = await call("POST", "/robots", systemRobotBody(), token);
    assert.deepEqual(stale.body, INVALID);
    assert.ok(
      stale.setCookies.some((c) => c.startsWith("_gorilla_csrf=")),
      "a new CSRF cookie",
    );
    const fresh = stale.headers.get("x-harbor-csrf-token") ?? "";
    assert.equal((await call("POST", "/robots", systemRobotBody(), fresh)).status, 201);
  });
});

describe("emulator 2.10: session cookie and CSRF", () => {
  const fx = useEmulator({ version: "2.10" });

  it("calls a missing token invalid, as 2.10.3's gorilla/csrf does", async () => {
    const jar = new SessionClient(fx.emulator.url);
    assert.deepEqual((await jar.request("POST", "/c/login", { token: false })).body, INVALID);
    await jar.api("GET", "/systeminfo", { basic: fx.emulator.admin });
    const write = await jar.api("POST", "/robots", {
      basic: fx.emulator.admin,
      json: systemRobotBody(),
      token: false,
    });
    assert.deepEqual(write.body, INVALID);
  });
});
