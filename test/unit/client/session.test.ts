// The client's Harbor session (provider/client/session.ts) against a mocked Harbor: the exact login
// exchange and what each request carries, falling back to Basic wherever a session cannot be had,
// replacing a refused session, and never showing the session's secrets in an error.
import assert from "node:assert/strict";
import { inspect } from "node:util";
import type { MockInterceptor } from "undici/types/mock-interceptor";
import { HarborApiError } from "../../../provider/client/errors";
import { API, JSON_HEADERS, PASSWORD, mockHarbor, robotBody } from "./mock-harbor";

const SID = "0f1e2d3c4b5a69788796a5b4c3d2e1f0";
const CSRF_COOKIE = "MTc5NjY3NTAxM3xJblJsTm5wNlpGZFhlWFIxVkVSTVlsVlpRVWhZYmtWMmVtSmpVVTR4|c2lnbmVk";
const TOKEN_1 = "DSnvaBX+RhYSYvrNXqU7C9KIcBioY/Z3DCUbG/6UF8q4x1ylwGiMzYFuTBk+pOyXmXsd3KW1YJ9K+DyAlYpr8Q==";
const TOKEN_2 = "QZFyrpFM37R54oc1EC2FYC/b8HVvUppZh5MBPebZHglJaJdk4oeJIUwCY/R67kyz+UTWepA+k631YUZ3sVRAjA==";
const TOKEN_4 = "bm90LWEtcmVhbC10b2tlbi1idXQtc2hhcGVkLWxpa2Utb25lLWZvci10aGUtdGVzdHMtb2YtdGhlLWNsaWVudA==";
const TOKEN_3 = "9Z7UhnM3ww2zMMGnMHO3gpKYrpBEuTQAUvZ4xVYP5LH9ZzFMAPyVmIbQJWZasH5RRAeIn7vVPfQgBD+PAYK6NA==";
// A password that form encoding changes (& = + space %), so its encoded form is a second secret.
const ODD_PASSWORD = "Pa ss&w=rd+100%";
const createBody = { name: "ci", level: "system" as const, duration: 30, permissions: [] };

type Pool = ReturnType<typeof mockHarbor>["pool"];
const headersOf = (call: { headers: unknown } | undefined) => (call?.headers ?? {}) as Record<string, string>;

/** Harbor's two answers to a UI login: 403 with the token and CSRF cookie, then 200 with sid. */
function harborLogin(pool: Pool, opts: { sid?: string; times?: number } = {}) {
  pool
    .intercept({ path: "/c/login", method: "POST", body: (b) => !b })
    .reply(
      403,
      { errors: [{ code: "FORBIDDEN", message: "CSRF token not found in request" }] },
      {
        headers: {
          ...JSON_HEADERS,
          "x-harbor-csrf-token": TOKEN_1,
          "set-cookie": `_gorilla_csrf=${CSRF_COOKIE}; Path=/; Max-Age=43200; HttpOnly; SameSite=Strict`,
        },
      },
    )
    .times(opts.times ?? 1);
  pool
    .intercept({ path: "/c/login", method: "POST", body: (b) => Boolean(b) })
    .reply(200, "", {
      headers: {
        "x-harbor-csrf-token": TOKEN_2,
        "set-cookie": [
          "sid=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa; Path=/; HttpOnly",
          `sid=${opts.sid ?? SID}; Path=/; HttpOnly`,
        ],
      },
    })
    .times(opts.times ?? 1);
}

const withToken = (i: MockInterceptor, status: number, body: object, token = TOKEN_3) =>
  i.reply(status, body, { headers: { ...JSON_HEADERS, "x-harbor-csrf-token": token } });

describe("client session", () => {
  it("logs in as Harbor's UI does, then sends the session cookies and the CSRF token, never Basic", async () => {
    const { pool, client, calls } = mockHarbor();
    harborLogin(pool);
    withToken(pool.intercept({ path: `${API}/robots/1`, method: "GET" }), 200, robotBody(1));
    withToken(pool.intercept({ path: `${API}/robots`, method: "POST" }), 201, {
      id: 3,
      name: "robot$ci",
      secret: "S3cret-generated",
    });
    const c = client({ session: true }, { password: ODD_PASSWORD });
    await c.getRobot(1);
    await c.createRobot(createBody);

    const [fetchToken, form, read, write] = calls();
    assert.equal(fetchToken?.path, "/c/login");
    assert.equal(headersOf(fetchToken).authorization, undefined);
    assert.equal(headersOf(fetchToken).cookie, undefined);
    assert.equal(fetchToken?.body, undefined, "the password is sent only with the token");
    assert.equal(headersOf(form)["x-harbor-csrf-token"], TOKEN_1);
    assert.equal(headersOf(form).cookie, `_gorilla_csrf=${CSRF_COOKIE}`);
    assert.equal(headersOf(form)["content-type"], "application/x-www-form-urlencoded");
    assert.deepEqual(Object.fromEntries(new URLSearchParams(String(form?.body))), {
      principal: "admin",
      password: ODD_PASSWORD,
    });
    for (const call of [read, write]) {
      assert.equal(headersOf(call).authorization, undefined, "no password on API requests");
      assert.equal(headersOf(call).cookie, `sid=${SID}; _gorilla_csrf=${CSRF_COOKIE}`, "the last sid counts");
    }
    assert.equal(headersOf(read)["x-harbor-csrf-token"], undefined, "reads need no token");
    // Any token handed out with the cookie stays valid: the first one is kept (TOKEN_2 and TOKEN_3
    // came with the same cookie), so the Redactor learns one token per cookie, not one per answer.
    assert.equal(headersOf(write)["x-harbor-csrf-token"], TOKEN_1);
    assert.equal(c.loginCount, 1);
    assert.equal(c.requestCount, 2, "logins are not API requests");
  });

  /** Harbor's first answer (the token), then `reply` to the form. */
  const tokenThen = (reply: (i: MockInterceptor) => unknown) => (pool: Pool) => {
    pool.intercept({ path: "/c/login", method: "POST", body: (b) => !b }).reply(403, "", {
      headers: { "x-harbor-csrf-token": TOKEN_1, "set-cookie": `_gorilla_csrf=${CSRF_COOKIE}; Path=/` },
    });
    reply(pool.intercept({ path: "/c/login", method: "POST", body: (b) => Boolean(b) }));
  };
  const noSession: [string, (pool: Pool) => void, number][] = [
    [
      "an OIDC Harbor's redirect (403)",
      tokenThen((i) =>
        i.reply(403, { redirect_location: "https://harbor.test/c/oidc/login" }, { headers: JSON_HEADERS }),
      ),
      2,
    ],
    // Refused at once, as Harbor's user lock refuses (a wrong password is refused only after 1.5 s:
    // the integration tests): tried once more after the lock, then given up.
    [
      "a 401 at once, also after the lock (Harbor's user lock, twice)",
      tokenThen((i) => i.reply(401, "").times(2)),
      3,
    ],
    ["a 200 without a session cookie", tokenThen((i) => i.reply(200, "")), 2],
    [
      "a /c/login that is not Harbor's (404)",
      (pool) => pool.intercept({ path: "/c/login", method: "POST" }).reply(404, "not found"),
      1,
    ],
  ];
  for (const [title, arrange, loginCalls] of noSession) {
    it(`falls back to Basic for good after ${title}, not trying the login again`, async () => {
      const { pool, client, calls } = mockHarbor();
      arrange(pool);
      pool
        .intercept({ path: `${API}/robots/1`, method: "GET" })
        .reply(200, robotBody(1))
        .times(2);
      const c = client({ session: true, loginLockWaitMs: 1 });
      await c.getRobot(1);
      await c.getRobot(1);
      const api = calls().filter((call) => call.path.startsWith(API));
      assert.equal(calls().length - api.length, loginCalls, "the login was not tried again");
      assert.equal(api.length, 2);
      for (const call of api) assert.match(headersOf(call).authorization ?? "", /^Basic /);
      assert.equal(c.loginCount, 0);
    });
  }

  it("makes a login that Harbor's user lock refused (401 at once) once more after the lock, and uses its session", async () => {
    const { pool, client, calls } = mockHarbor();
    pool.intercept({ path: "/c/login", method: "POST", body: (b) => !b }).reply(403, "", {
      headers: { "x-harbor-csrf-token": TOKEN_1, "set-cookie": `_gorilla_csrf=${CSRF_COOKIE}; Path=/` },
    });
    pool.intercept({ path: "/c/login", method: "POST", body: (b) => Boolean(b) }).reply(401, "");
    pool
      .intercept({ path: "/c/login", method: "POST", body: (b) => Boolean(b) })
      .reply(200, "", { headers: { "set-cookie": `sid=${SID}; Path=/; HttpOnly` } });
    withToken(pool.intercept({ path: `${API}/robots/1`, method: "GET" }), 200, robotBody(1));
    const c = client({ session: true, loginLockWaitMs: 1 });
    await c.getRobot(1);
    const [, first, again, read] = calls();
    assert.deepEqual(
      [first, again].map((call) => call?.path),
      ["/c/login", "/c/login"],
    );
    assert.equal(headersOf(again)["x-harbor-csrf-token"], TOKEN_1, "the same token and cookie again");
    assert.equal(headersOf(again).cookie, `_gorilla_csrf=${CSRF_COOKIE}`);
    assert.equal(headersOf(read).authorization, undefined, "the session, not Basic");
    assert.equal(headersOf(read).cookie, `sid=${SID}; _gorilla_csrf=${CSRF_COOKIE}`);
    assert.equal(c.loginCount, 1);
    assert.equal(calls().length, 4, "no third login");
  });

  it("never tries a session for a robot (a name with $): Basic from the start", async () => {
    const { pool, client, calls } = mockHarbor();
    pool.intercept({ path: `${API}/robots/1`, method: "GET" }).reply(200, robotBody(1));
    await client({ session: true }, { username: "robot$ci" }).getRobot(1);
    assert.deepEqual(
      calls().map((call) => call.path),
      [`${API}/robots/1`],
    );
  });

  it("after a 5xx or a lost connection at login, uses Basic for that request and tries again later, three times at most", async () => {
    const { pool, client, calls } = mockHarbor();
    pool.intercept({ path: "/c/login", method: "POST" }).reply(503, "").times(2);
    pool
      .intercept({ path: "/c/login", method: "POST" })
      .replyWithError(Object.assign(new Error("reset"), { code: "ECONNRESET" }));
    pool
      .intercept({ path: `${API}/robots/1`, method: "GET" })
      .reply(200, robotBody(1))
      .times(4);
    const c = client({ session: true });
    for (let i = 0; i < 4; i++) await c.getRobot(1);
    assert.equal(calls().filter((call) => call.path === "/c/login").length, 3);
    for (const call of calls().filter((x) => x.path.startsWith(API)))
      assert.match(headersOf(call).authorization ?? "", /^Basic /);
  });

  it("replaces an expired session and repeats the request, a POST included: Harbor refused it before acting", async () => {
    const { pool, client, calls } = mockHarbor();
    harborLogin(pool, { times: 2 });
    withToken(pool.intercept({ path: `${API}/robots/1`, method: "GET" }), 200, robotBody(1));
    pool
      .intercept({ path: `${API}/robots`, method: "POST" })
      .reply(401, { errors: [{ code: "UNAUTHORIZED", message: "unauthorized" }] }, { headers: JSON_HEADERS });
    withToken(pool.intercept({ path: `${API}/robots`, method: "POST" }), 201, {
      id: 3,
      name: "robot$ci",
      secret: "S3cret-generated",
    });
    const c = client({ session: true, retries: 0 });
    await c.getRobot(1);
    const created = await c.createRobot(createBody);
    assert.equal(created.id, 3);
    assert.equal(c.loginCount, 2);
    const posts = calls().filter((call) => call.path === `${API}/robots`);
    assert.equal(posts.length, 2);
    for (const post of posts) assert.equal(headersOf(post).authorization, undefined);
  });

  it("takes a session Harbor refuses at once (a proxy dropping cookies) as no session: Basic from then on", async () => {
    const { pool, client, calls } = mockHarbor();
    harborLogin(pool);
    pool
      .intercept({ path: `${API}/robots/1`, method: "GET", headers: (h) => !("authorization" in h) })
      .reply(401, { errors: [{ code: "UNAUTHORIZED", message: "unauthorized" }] }, { headers: JSON_HEADERS });
    pool
      .intercept({ path: `${API}/robots/1`, method: "GET", headers: (h) => "authorization" in h })
      .reply(200, robotBody(1))
      .times(2);
    const c = client({ session: true, retries: 0 });
    await c.getRobot(1);
    await c.getRobot(1);
    assert.equal(calls().filter((call) => call.path === "/c/login").length, 2, "one login only");
    assert.equal(c.loginCount, 1);
  });

  it("uses the new CSRF cookie and token of a CSRF refusal, without logging in again", async () => {
    const { pool, client, calls } = mockHarbor();
    harborLogin(pool);
    withToken(pool.intercept({ path: `${API}/robots/1`, method: "GET" }), 200, robotBody(1));
    pool.intercept({ path: `${API}/robots/1`, method: "DELETE" }).reply(
      403,
      { errors: [{ code: "FORBIDDEN", message: "CSRF token invalid" }] },
      {
        headers: {
          ...JSON_HEADERS,
          "x-harbor-csrf-token": TOKEN_4,
          "set-cookie": "_gorilla_csrf=renewed-cookie; Path=/",
        },
      },
    );
    pool.intercept({ path: `${API}/robots/1`, method: "DELETE" }).reply(200, "");
    const c = client({ session: true, retries: 0 });
    await c.getRobot(1);
    assert.equal(await c.deleteRobot(1), "deleted");
    const last = calls().at(-1);
    assert.equal(headersOf(last)["x-harbor-csrf-token"], TOKEN_4, "the refusal's token");
    assert.equal(headersOf(last).cookie, `sid=${SID}; _gorilla_csrf=renewed-cookie`);
    assert.equal(c.loginCount, 1);
  });

  it("shows none of the session's secrets in an error, even when a proxy echoes the request back", async () => {
    const { pool, client } = mockHarbor();
    harborLogin(pool);
    pool.intercept({ path: `${API}/robots/1`, method: "PUT" }).reply((req) => ({
      statusCode: 400,
      data: {
        errors: [
          {
            code: "BAD_REQUEST",
            message: `echo: ${JSON.stringify(req.headers)} password=${encodeURIComponent(ODD_PASSWORD)} form=${new URLSearchParams({ password: ODD_PASSWORD })}`,
          },
        ],
      },
      responseOptions: { headers: JSON_HEADERS },
    }));
    const c = client({ session: true, retries: 0 }, { password: ODD_PASSWORD });
    const error = await c.updateRobot(1, { ...robotBody(1), description: "x" } as never).then(
      () => assert.fail("expected a 400"),
      (e: unknown) => e as HarborApiError,
    );
    assert.ok(error instanceof HarborApiError);
    const shown = `${error.message} ${error.harborMessage} ${inspect(error)} ${inspect(c)}`;
    assert.match(shown, /echo:/, "Harbor's message is shown");
    for (const secret of [
      SID,
      CSRF_COOKIE,
      TOKEN_1,
      ODD_PASSWORD,
      new URLSearchParams({ p: ODD_PASSWORD }).toString().slice(2),
      PASSWORD,
    ])
      assert.ok(!shown.includes(secret), `leaked ${secret.slice(0, 6)}…`);
  });
});
