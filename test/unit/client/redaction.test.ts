// Redaction (issue 17, case 7): only the literal password used to be scrubbed, so a gateway's 4xx
// page echoing the request's headers put `Basic <base64 of admin:password>` into the error, and URL
// messages echoed a query, a fragment, or `https://admin:PW` with the host left out. Every credential
// the client sends registers with one Redactor, in every form it travels in.
import assert from "node:assert/strict";
import { redactUrl, Redactor } from "../../../provider/client/redaction";
import { urlProblem } from "../../../provider/client/connection";
import { API, PASSWORD, mockHarbor } from "./mock-harbor";

const TOKEN = Buffer.from(`admin:${PASSWORD}`).toString("base64");

/** The request as a gateway's error page would echo it: every header, then the body. */
function echo(opts: { headers?: unknown; body?: unknown }): string {
  const headers = Object.entries((opts.headers ?? {}) as Record<string, string>)
    .map(([k, v]) => `${k}: ${v}`)
    .join("\n");
  return `400 Bad Request\n${headers}\n\n${String(opts.body ?? "")}`;
}

async function errorOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  assert.fail("expected a failure");
}

describe("redaction: every credential the client sends, in every form", () => {
  it("scrubs the Basic header, its bare token and the password from a gateway's echo of the headers", async () => {
    const { pool, client } = mockHarbor();
    pool
      .intercept({ path: `${API}/robots/1`, method: "GET" })
      .reply(400, (opts) => `${echo(opts)}\ntoken=${TOKEN} pw=${PASSWORD}`);
    const e = await errorOf(client({ retries: 0 }).getRobot(1));
    assert.match(e.message, /authorization: Basic \*\*\*/);
    assert.ok(!e.message.includes(TOKEN), e.message);
    assert.ok(!e.message.includes(PASSWORD), e.message);
  });

  it("scrubs a robot secret sent in a body, also JSON-escaped, URL- and form-encoded", async () => {
    const secret = 'Chosen "secret"/1 &x';
    const forms = [
      secret,
      JSON.stringify(secret).slice(1, -1),
      JSON.stringify(secret).slice(1, -1).replace(/\//g, "\\/"),
      encodeURIComponent(secret),
      new URLSearchParams({ s: secret }).toString().slice(2),
    ];
    const { pool, client } = mockHarbor();
    pool
      .intercept({ path: `${API}/robots/4`, method: "PATCH" })
      .reply(400, (opts) => `${echo(opts)}\n${forms.join(" | ")}`);
    const e = await errorOf(client({ retries: 0 }).refreshSecret(4, secret));
    for (const form of forms) assert.ok(!e.message.includes(form), `${form} in: ${e.message}`);
    assert.ok(!e.message.includes(TOKEN));
  });

  it("scrubs before cutting a long body short, so no start of a credential is left", async () => {
    const { pool, client } = mockHarbor();
    // The token straddles character 200, where the message is cut.
    const body = `${"x".repeat(200 - 10)} Basic ${TOKEN} end`;
    pool.intercept({ path: `${API}/robots/1`, method: "GET" }).reply(403, body);
    const e = await errorOf(client({ retries: 0 }).getRobot(1));
    assert.ok(!e.message.includes(TOKEN.slice(0, 4)), e.message);
  });

  it("shows a redirect's Location without its query, fragment or userinfo", async () => {
    const { pool, client } = mockHarbor();
    pool.intercept({ path: `${API}/systeminfo`, method: "GET" }).reply(302, "", {
      headers: { location: "https://sso:Hunter22@login.example.com/auth?ticket=T0pS3cret#frag" },
    });
    const e = await errorOf(client({ retries: 0 }).systemInfo());
    assert.match(e.message, /redirected GET .* to https:\/\/\*\*\*@login\.example\.com\/auth\?\*\*\*/);
    assert.doesNotMatch(e.message, /Hunter22|T0pS3cret|frag/);
  });

  it("takes any later credential (a session cookie, a CSRF token) in one call", () => {
    const r = new Redactor();
    const header = r.basicAuthorization("admin", "Pa ss/w0rd+");
    r.secret("sid-9f8e7d6c");
    const text = `${header} ${TOKEN} Pa ss/w0rd+ Pa%20ss%2Fw0rd%2B Pa+ss%2Fw0rd%2B sid=sid-9f8e7d6c`;
    assert.equal(r.scrub(text), `Basic *** ${TOKEN} *** *** *** sid=***`);
    assert.equal(r.scrub("abc"), "abc", "nothing registered is touched");
  });
});

describe("redaction: URLs in messages", () => {
  it("never shows userinfo, a query or a fragment, parsed or not", () => {
    const cases: Array<[string, string]> = [
      ["https://u:p@h/x", "https://***@h/x"],
      ["https://h/x", "https://h/x"],
      ["https://h/?token=Hunter22", "https://h/?***"],
      ["https://h/#Hunter22", "https://h/#***"],
      ["https://h?a=1#Hunter22", "https://h?***"],
      // The host left out: what follows the colon is no port, so it may be the password.
      ["https://admin:Hunter22", "https://admin:***"],
      ["https://admin:Hun/ter22", "https://admin:***"],
      ["admin:Hunter22", "admin:***"],
      ["https://h:8443/x", "https://h:8443/x"],
      ["https://[::1]:8443/x", "https://[::1]:8443/x"],
      ["https://admin:Hun@ter22@h?q=Hunter22", "https://***@h?***"],
    ];
    for (const [raw, shown] of cases) assert.equal(redactUrl(raw), shown, raw);
  });

  it("URL check messages name the rule and show none of it", () => {
    for (const raw of [
      "https://h.example.com/?token=Hunter22",
      "https://h.example.com/#Hunter22",
      "https://admin:Hunter22",
      "ftp://admin:Hunter22@h",
      "https://admin:Hunter22@h",
    ]) {
      const problem = urlProblem(raw);
      assert.ok(problem, raw);
      assert.ok(!problem.includes("Hunter22"), `${raw}: ${problem}`);
    }
  });
});
