import assert from "node:assert/strict";
import { inspect } from "node:util";
import {
  HarborApiError,
  HarborResponseError,
  isConflict,
  isNotFound,
  redact,
} from "../../../provider/client/errors";
import type { HarborClient } from "../../../provider/client/harbor-client";
import { API, JSON_HEADERS, PASSWORD, harborErrors, mockHarbor, robotBody } from "./mock-harbor";

const HARBOR_ID = "harbor-request-id-42";

/** Replies once with `status` and Harbor's error body to `method path`, then runs `call`. */
async function failure(
  method: string,
  path: string,
  status: number,
  body: unknown,
  call: (c: HarborClient) => Promise<unknown>,
): Promise<Error> {
  const { pool, client } = mockHarbor();
  pool.intercept({ path: `${API}${path}`, method }).reply(status, body as object, {
    headers: { ...JSON_HEADERS, "x-request-id": HARBOR_ID },
  });
  try {
    await call(client({ retries: 0 }));
  } catch (e) {
    assert.ok(e instanceof Error);
    return e;
  }
  assert.fail(`${method} ${path} did not fail`);
}

const robotCreate = { name: "ci", level: "system" as const, duration: 30, permissions: [] };
const robotUpdate = { name: "robot$ci", level: "system", description: "", disable: false, permissions: [] };

describe("client/errors", () => {
  const messages: string[] = [];
  const keep = (e: Error) => {
    messages.push(e.message, String(e.stack), inspect(e, { depth: 5 }));
    return e;
  };

  it("401: names the user and the settings to check, with Harbor's request id", async () => {
    const e = keep(
      await failure("GET", "/robots/1", 401, harborErrors("UNAUTHORIZED", "unauthorized"), (c) =>
        c.getRobot(1),
      ),
    );
    assert.ok(e instanceof HarborApiError);
    assert.equal(e.status, 401);
    assert.equal(e.code, "HARBOR_ERR_API");
    assert.equal(e.harborCode, "UNAUTHORIZED");
    assert.equal(e.requestId, HARBOR_ID);
    assert.equal(e.method, "GET");
    assert.equal(e.path, "/api/v2.0/robots/1");
    assert.equal(
      e.message,
      "Harbor rejected the credentials for user 'admin' (401 UNAUTHORIZED) — check harbor:username / HARBOR_USERNAME " +
        "and the password (harbor:password / HARBOR_PASSWORD); for 1.5 s after a wrong password for this user, " +
        `from any client, Harbor refuses the right one too (request id ${HARBOR_ID})`,
    );
  });

  // The other mappings: Harbor's answer to one call → the message the user reads.
  const cases: Array<{
    title: string;
    method: string;
    path: string;
    status: number;
    code: string;
    harbor: string;
    call: (c: HarborClient) => Promise<unknown>;
    expect: RegExp;
  }> = [
    {
      title: "403 on /configurations: a Harbor system administrator is needed",
      ...{ method: "PUT", path: "/configurations", status: 403, code: "FORBIDDEN", harbor: "admin" },
      call: (c) => c.updateConfigurations({ robot_name_prefix: "bot-" }),
      expect:
        /^user 'admin' may not change Harbor's system configuration \(403 FORBIDDEN\) — .*Harbor system administrator/,
    },
    {
      title: "403 CSRF: explains that Harbor's session cookie triggers it",
      ...{ method: "PUT", path: "/robots/1", status: 403, code: "FORBIDDEN", harbor: "CSRF token invalid" },
      call: (c) => c.updateRobot(1, robotUpdate),
      expect:
        /with a CSRF error \(403 FORBIDDEN: CSRF token invalid\) — .*'sid' session cookie; this client sends its session only with Harbor's CSRF token, and no cookie at all when it falls back to Basic .* a proxy/,
    },
    {
      title: "403 on a robot update: robots cannot update robots",
      ...{ method: "PATCH", path: "/robots/4", status: 403, code: "FORBIDDEN", harbor: "robot$ci" },
      call: (c) => c.refreshSecret(4),
      expect:
        /user 'admin' may not change the secret of robot 4 \(403 FORBIDDEN: robot\$ci\) — this needs a Harbor system administrator/,
    },
    {
      title: "403 DENIED keeps Harbor's explanation",
      ...{
        method: "PUT",
        path: "/robots/4",
        status: 403,
        code: "DENIED",
        harbor: "editing of legacy robot is not allowed",
      },
      call: (c) => c.updateRobot(4, robotUpdate),
      expect:
        /is not allowed to PUT \/api\/v2\.0\/robots\/4 \(403 DENIED: editing of legacy robot is not allowed\)/,
    },
    {
      title: "404 for a missing endpoint: check the URL and the Harbor version",
      ...{ method: "GET", path: "/permissions", status: 404, code: "NOT_FOUND" },
      harbor: "path /api/v2.0/permissions was not found",
      call: (c) => c.getPermissions(),
      expect:
        /Harbor at https:\/\/harbor\.test has no endpoint GET \/api\/v2\.0\/permissions .*Harbor 2\.2 or later/,
    },
    {
      title: "404 of a project named in the permissions names the project",
      ...{
        method: "POST",
        path: "/robots",
        status: 404,
        code: "NOT_FOUND",
        harbor: "project nope not found",
      },
      call: (c) => c.createRobot(robotCreate),
      expect:
        /^project "nope" does not exist in Harbor at https:\/\/harbor\.test \(POST \/api\/v2\.0\/robots\) \(404 NOT_FOUND\) — it was deleted or renamed/,
    },
    {
      title: "409 on create: the name exists",
      ...{ method: "POST", path: "/robots", status: 409, code: "CONFLICT" },
      harbor: "robot account 0:ci already exists: duplicate key",
      call: (c) => c.createRobot(robotCreate),
      expect:
        /a robot with this name already exists in Harbor \(409 CONFLICT: robot account 0:ci already exists/,
    },
    {
      title: "400 carries Harbor's validation message",
      ...{ method: "POST", path: "/robots", status: 400, code: "BAD_REQUEST" },
      harbor: "bad request error duration input: 0, duration must be either -1(Never) or a positive integer",
      call: (c) => c.createRobot(robotCreate),
      expect:
        /Harbor rejected POST \/api\/v2\.0\/robots \(400 BAD_REQUEST: bad request error duration input: 0/,
    },
    {
      title: "422 carries go-swagger's message",
      ...{ method: "GET", path: "/robots/1", status: 422, code: "UNPROCESSABLE_ENTITY" },
      harbor: "page_size in query should be less than or equal to 100",
      call: (c) => c.getRobot(1),
      expect: /\(422 UNPROCESSABLE_ENTITY: page_size in query/,
    },
    {
      title: "500 keeps Harbor's generic message",
      ...{
        method: "DELETE",
        path: "/robots/1",
        status: 500,
        code: "UNKNOWN",
        harbor: "internal server error",
      },
      call: (c) => c.deleteRobot(1),
      expect:
        /^Harbor failed to handle DELETE \/api\/v2\.0\/robots\/1 \(500 UNKNOWN: internal server error\)/,
    },
  ];
  for (const t of cases) {
    it(t.title, async () => {
      const e = keep(await failure(t.method, t.path, t.status, harborErrors(t.code, t.harbor), t.call));
      assert.ok(e instanceof HarborApiError);
      assert.equal(e.status, t.status);
      assert.equal(e.harborCode, t.code);
      assert.match(e.message, t.expect);
      assert.match(e.message, new RegExp(`\\(request id ${HARBOR_ID}\\)$`));
      assert.equal(isConflict(e), t.status === 409);
      assert.equal(isNotFound(e), t.status === 404);
    });
  }

  it("404 on a robot: robot <id> not found, recognised by isNotFound", async () => {
    const e = keep(
      await failure("GET", "/robots/7", 404, harborErrors("NOT_FOUND", "robot 7 not found"), (c) =>
        c.getRobot(7),
      ),
    );
    assert.ok(isNotFound(e));
    assert.ok(!isConflict(e));
    assert.equal(e.message, `robot 7 not found (404 NOT_FOUND) (request id ${HARBOR_ID})`);
  });

  it("a redirect says which URL to configure", async () => {
    const { pool, client } = mockHarbor();
    pool
      .intercept({ path: `${API}/systeminfo`, method: "GET" })
      .reply(301, "", { headers: { location: "https://harbor.test:8443/api/v2.0/systeminfo" } });
    await assert.rejects(
      client().systemInfo(),
      /redirected GET .* to https:\/\/harbor\.test:8443\/api\/v2\.0\/systeminfo .*set harbor:url/,
    );
  });

  it("a malformed body is rejected by zod with the field, not the value", async () => {
    const { pool, client } = mockHarbor();
    pool
      .intercept({ path: `${API}/robots/5`, method: "GET" })
      .reply(200, { id: "five", name: "robot$x", secret: "Leak3dSecret" });
    await assert.rejects(client().getRobot(5), (e: unknown) => {
      assert.ok(e instanceof HarborResponseError);
      assert.match(
        e.message,
        /^Harbor returned an unexpected response to GET \/api\/v2\.0\/robots\/5 \(HTTP 200\): id: .*expected (int|number)/,
      );
      assert.match(e.message, /level: /);
      assert.doesNotMatch(e.message, /five|Leak3dSecret/);
      return true;
    });
  });

  it("a body that is not JSON points at the URL", async () => {
    const { pool, client } = mockHarbor();
    pool.intercept({ path: `${API}/robots/5`, method: "GET" }).reply(200, "<html>login</html>");
    await assert.rejects(client().getRobot(5), /the body is not JSON — is harbor:url the Harbor address\?/);
  });

  it("scrubs the password and a sent secret even when Harbor echoes them", async () => {
    const secret = "MyNewS3cret";
    const e = keep(
      await failure(
        "PATCH",
        "/robots/4",
        400,
        harborErrors("BAD_REQUEST", `bad secret ${secret} for admin:${PASSWORD}`),
        (c) => c.refreshSecret(4, secret),
      ),
    );
    assert.ok(e instanceof HarborApiError);
    assert.match(e.message, /bad secret \*\*\* for admin:\*\*\*/);
    assert.equal(e.harborMessage, "bad secret *** for admin:***");
    assert.equal(redact("abc", ["abc"]), "abc", "secrets under 4 characters are left alone");
  });

  it("never puts the password or the basic-auth token in any message, stack or inspection", () => {
    const token = Buffer.from(`admin:${PASSWORD}`).toString("base64");
    assert.ok(messages.length >= 30, `only ${messages.length} texts collected`);
    for (const text of messages) {
      assert.ok(!text.includes(PASSWORD), text);
      assert.ok(!text.includes(token), text);
    }
  });

  it("does not show the password when the client itself is inspected", async () => {
    const { pool, client } = mockHarbor();
    pool.intercept({ path: `${API}/robots/1`, method: "GET" }).reply(200, robotBody(1));
    const c = client();
    await c.getRobot(1);
    const text = inspect(c, { depth: 10, showHidden: true }) + JSON.stringify(c);
    assert.ok(!text.includes(PASSWORD));
    assert.ok(!text.includes(Buffer.from(`admin:${PASSWORD}`).toString("base64")));
  });
});
