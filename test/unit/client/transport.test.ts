import assert from "node:assert/strict";
import {
  HarborApiError,
  HarborConnectionError,
  OutcomeUnknownError,
  isOutcomeUnknown,
} from "../../../provider/client/errors";
import type { HarborClient } from "../../../provider/client/harbor-client";
import { parseRetryAfter } from "../../../provider/client/retry";
import {
  API,
  JSON_HEADERS,
  ORIGIN,
  PASSWORD,
  networkError,
  pathStarts,
  harborErrors,
  mockHarbor,
  robotBody,
} from "./mock-harbor";

const SYSTEMINFO = { harbor_version: "v2.15.2-080b0220" };
const createBody = { name: "ci", level: "system" as const, duration: 30, permissions: [] };

describe("client/http transport", () => {
  describe("requests", () => {
    for (const url of [ORIGIN, `${ORIGIN}/`, `${ORIGIN}/api/v2.0`, `${ORIGIN}/api/v2.0/`]) {
      it(`reaches /api/v2.0 from the base URL ${url}`, async () => {
        const { pool, client, calls } = mockHarbor();
        pool
          .intercept({ path: `${API}/systeminfo`, method: "GET" })
          .reply(200, SYSTEMINFO, { headers: JSON_HEADERS });
        await client({}, { url }).systemInfo();
        assert.equal(calls()[0]?.path, `${API}/systeminfo`);
      });
    }

    it("sends basic auth, JSON headers and a fresh X-Request-Id", async () => {
      const { pool, client, calls } = mockHarbor();
      pool
        .intercept({ path: `${API}/systeminfo`, method: "GET" })
        .reply(200, SYSTEMINFO)
        .times(2);
      const c = client();
      await c.systemInfo();
      await c.systemInfo();
      const [first, second] = calls().map((call) => call.headers as Record<string, string>);
      assert.equal(first?.authorization, `Basic ${Buffer.from(`admin:${PASSWORD}`).toString("base64")}`);
      assert.equal(first?.accept, "application/json");
      assert.match(first?.["x-request-id"] ?? "", /^[0-9a-f-]{36}$/);
      assert.notEqual(first?.["x-request-id"], second?.["x-request-id"]);
      assert.equal(c.requestCount, 2);
    });

    it("never sends Harbor's sid cookie back (it would trigger CSRF checks on writes)", async () => {
      const { pool, client, calls } = mockHarbor();
      const setCookie = { ...JSON_HEADERS, "set-cookie": "sid=0123456789abcdef; Path=/; HttpOnly" };
      pool
        .intercept({ path: `${API}/systeminfo`, method: "GET" })
        .reply(200, SYSTEMINFO, { headers: setCookie });
      pool
        .intercept({ path: `${API}/robots`, method: "POST" })
        .reply(201, { id: 3, name: "robot$ci", secret: "s" }, { headers: setCookie });
      pool.intercept({ path: `${API}/robots/3`, method: "GET" }).reply(200, robotBody(3, "ci"));
      const c = client();
      await c.systemInfo();
      await c.createRobot(createBody);
      await c.getRobot(3);
      assert.equal(calls().length, 3);
      for (const call of calls()) assert.equal((call.headers as Record<string, string>).cookie, undefined);
    });

    it("sends the JSON body with a content type", async () => {
      const { pool, client, calls } = mockHarbor();
      pool
        .intercept({ path: `${API}/robots`, method: "POST" })
        .reply(201, { id: 3, name: "robot$ci", secret: "s" });
      await client().createRobot(createBody);
      assert.equal((calls()[0]?.headers as Record<string, string>)["content-type"], "application/json");
      assert.deepEqual(JSON.parse(String(calls()[0]?.body)), createBody);
    });
  });

  describe("retries", () => {
    it("honours Retry-After (seconds) on 429, then succeeds", async () => {
      const { pool, client } = mockHarbor();
      pool
        .intercept({ path: `${API}/robots/1`, method: "GET" })
        .reply(429, harborErrors("TOO_MANY_REQUEST", "too many requests"), {
          headers: { "retry-after": "1" },
        });
      pool.intercept({ path: `${API}/robots/1`, method: "GET" }).reply(200, robotBody(1));
      const c = client();
      const started = Date.now();
      const robot = await c.getRobot(1);
      assert.equal(robot.id, 1);
      assert.ok(Date.now() - started >= 950, `waited only ${Date.now() - started} ms`);
      assert.equal(c.requestCount, 2);
    });

    it("parses Retry-After as seconds or an HTTP-date", () => {
      const now = Date.parse("2026-01-01T00:00:00Z");
      assert.equal(parseRetryAfter("3", now), 3000);
      assert.equal(parseRetryAfter("Thu, 01 Jan 2026 00:00:05 GMT", now), 5000);
      assert.equal(parseRetryAfter("Wed, 31 Dec 2025 23:00:00 GMT", now), 0);
      assert.equal(parseRetryAfter("soon", now), undefined);
      assert.equal(parseRetryAfter(undefined, now), undefined);
    });

    it("does not wait for a Retry-After beyond the limit: reports the 429", async () => {
      const { pool, client } = mockHarbor();
      pool
        .intercept({ path: `${API}/robots/1`, method: "GET" })
        .reply(429, harborErrors("TOO_MANY_REQUEST", "slow down"), { headers: { "retry-after": "120" } });
      const c = client({ maxRetryAfterMs: 1000 });
      await assert.rejects(c.getRobot(1), (e: unknown) => {
        assert.ok(e instanceof HarborApiError);
        assert.equal(e.status, 429);
        assert.equal(e.retryAfterMs, 120_000);
        assert.match(e.message, /rate limiting/);
        return true;
      });
      assert.equal(c.requestCount, 1);
    });

    it("retries GET on 503 and then succeeds", async () => {
      const { pool, client } = mockHarbor();
      pool
        .intercept({ path: `${API}/robots/1`, method: "GET" })
        .reply(503, "Service Unavailable")
        .times(2);
      pool.intercept({ path: `${API}/robots/1`, method: "GET" }).reply(200, robotBody(1));
      const c = client();
      assert.equal((await c.getRobot(1)).id, 1);
      assert.equal(c.requestCount, 3);
    });

    it("gives up after the configured retries and says how often it tried", async () => {
      const { pool, client } = mockHarbor();
      pool
        .intercept({ path: `${API}/robots/1`, method: "GET" })
        .reply(502, "<html>bad gateway</html>")
        .persist();
      const c = client({ retries: 2 });
      await assert.rejects(c.getRobot(1), (e: unknown) => {
        assert.ok(e instanceof HarborApiError);
        assert.equal(e.status, 502);
        assert.equal(e.attempts, 3);
        assert.match(
          e.message,
          /^Harbor failed to handle GET \/api\/v2\.0\/robots\/1 \(502 BAD_GATEWAY\) — .*unavailable.*; gave up after 3 attempts \(request id [0-9a-f-]+\)$/,
        );
        assert.doesNotMatch(e.message, /html/);
        return true;
      });
      assert.equal(c.requestCount, 3);
    });

    for (const [method, call] of [
      ["GET", (c: HarborClient) => c.getRobot(1)],
      ["PUT", (c: HarborClient) => c.updateRobot(1, { ...robotBody(1), duration: 30 })],
      ["PATCH", (c: HarborClient) => c.refreshSecret(1)],
      ["DELETE", (c: HarborClient) => c.deleteRobot(1)],
    ] as const) {
      it(`retries ${method} after a connection reset`, async () => {
        const { pool, client } = mockHarbor();
        pool
          .intercept({ path: `${API}/robots/1`, method })
          .replyWithError(networkError("ECONNRESET", "read ECONNRESET"));
        pool
          .intercept({ path: `${API}/robots/1`, method })
          .reply(200, method === "PATCH" ? { secret: "New5ecret" } : robotBody(1));
        const c = client();
        await call(c);
        assert.equal(c.requestCount, 2);
      });
    }

    it("reports a persistent reset on GET as HarborConnectionError", async () => {
      const { pool, client } = mockHarbor();
      pool
        .intercept({ path: `${API}/robots/1`, method: "GET" })
        .replyWithError(networkError("ECONNRESET", "read ECONNRESET"))
        .persist();
      const c = client({ retries: 1 });
      await assert.rejects(c.getRobot(1), (e: unknown) => {
        assert.ok(e instanceof HarborConnectionError);
        assert.equal(e.networkCode, "ECONNRESET");
        assert.match(
          e.message,
          /Could not complete GET \/api\/v2\.0\/robots\/1 at https:\/\/harbor\.test: the connection was closed/,
        );
        return true;
      });
      assert.equal(c.requestCount, 2);
    });

    for (const status of [500, 502, 503, 504]) {
      for (const [method, call] of [
        ["GET", (c: HarborClient) => c.getRobot(1)],
        ["PUT", (c: HarborClient) => c.updateRobot(1, { ...robotBody(1), duration: 30 })],
        ["PATCH", (c: HarborClient) => c.refreshSecret(1, "Chosen-5ecret")],
        ["DELETE", (c: HarborClient) => c.deleteRobot(1)],
      ] as const) {
        it(`retries ${method} answered ${status} (repeating it is safe)`, async () => {
          const { pool, client } = mockHarbor();
          pool
            .intercept({ path: `${API}/robots/1`, method })
            .reply(status, harborErrors("UNKNOWN", "internal server error"));
          pool
            .intercept({ path: `${API}/robots/1`, method })
            .reply(200, method === "GET" ? robotBody(1) : {});
          const c = client();
          await call(c);
          assert.equal(c.requestCount, 2);
        });
      }
    }

    it("repeats a generating PATCH whose answer was lost and keeps the secret of the last answer", async () => {
      const { pool, client } = mockHarbor();
      // Harbor issued a secret, but the proxy answered 502: that secret is unknown and already replaced.
      pool.intercept({ path: `${API}/robots/1`, method: "PATCH" }).reply(502, "bad gateway");
      pool
        .intercept({ path: `${API}/robots/1`, method: "PATCH" })
        .replyWithError(networkError("ECONNRESET", "read ECONNRESET"));
      pool.intercept({ path: `${API}/robots/1`, method: "PATCH" }).reply(200, { secret: "Newest5ecret" });
      const c = client();
      assert.equal(await c.refreshSecret(1), "Newest5ecret");
      assert.equal(c.requestCount, 3);
    });

    it("retries a POST whose connection was refused (nothing was sent)", async () => {
      const { pool, client } = mockHarbor();
      pool
        .intercept({ path: `${API}/robots`, method: "POST" })
        .replyWithError(networkError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:443"));
      pool
        .intercept({ path: `${API}/robots`, method: "POST" })
        .reply(201, { id: 9, name: "robot$ci", secret: "Gen3rated" });
      const c = client();
      assert.equal((await c.createRobot(createBody)).id, 9);
      assert.equal(c.requestCount, 2);
    });

    it("retries POST on 429 (Harbor did not process it)", async () => {
      const { pool, client } = mockHarbor();
      pool
        .intercept({ path: `${API}/robots`, method: "POST" })
        .reply(429, harborErrors("TOO_MANY_REQUEST", "slow down"));
      pool
        .intercept({ path: `${API}/robots`, method: "POST" })
        .reply(201, { id: 9, name: "robot$ci", secret: "Gen3rated" });
      const c = client();
      const created = await c.createRobot(createBody);
      assert.equal(created.id, 9);
      assert.equal(c.requestCount, 2);
    });

    // Failures that must reach Harbor exactly once: not worth repeating, or unsafe to repeat (POST).
    type Reply = (i: ReturnType<ReturnType<typeof mockHarbor>["pool"]["intercept"]>) => void;
    const sentOnce: Array<{
      title: string;
      method: "GET" | "POST";
      reply: Reply;
      check: (e: unknown) => void;
    }> = [
      ...[500, 502, 503, 504].map((status) => ({
        title: `does not repeat a POST answered ${status}: OutcomeUnknownError`,
        method: "POST" as const,
        reply: ((i) => i.reply(status, "unavailable").persist()) as Reply,
        check: (e: unknown) => {
          assert.ok(e instanceof OutcomeUnknownError);
          assert.ok(isOutcomeUnknown(e));
          assert.ok(e.cause instanceof HarborApiError);
          assert.equal(e.cause.status, status);
          assert.match(e.message, /POST \/api\/v2\.0\/robots may or may not have been applied by Harbor/);
        },
      })),
      {
        title: "does not repeat a POST whose connection was reset: OutcomeUnknownError",
        method: "POST",
        reply: (i) => i.replyWithError(networkError("ECONNRESET", "read ECONNRESET")).persist(),
        check: (e) => {
          assert.ok(e instanceof OutcomeUnknownError);
          assert.ok(e.cause instanceof HarborConnectionError);
        },
      },
      {
        title: "does not retry a TLS failure and says how to trust the CA",
        method: "GET",
        reply: (i) =>
          i.replyWithError(networkError("DEPTH_ZERO_SELF_SIGNED_CERT", "self-signed certificate")),
        check: (e) => {
          assert.ok(e instanceof HarborConnectionError);
          assert.match(
            e.message,
            /TLS failed \(DEPTH_ZERO_SELF_SIGNED_CERT\) — trust Harbor's CA with harbor:caCert/,
          );
        },
      },
    ];
    for (const t of sentOnce) {
      it(t.title, async () => {
        const { pool, client } = mockHarbor();
        t.reply(pool.intercept({ path: pathStarts("/robots"), method: t.method }));
        const c = client();
        const call = t.method === "POST" ? c.createRobot(createBody) : c.listRobots({ level: "system" });
        await assert.rejects(call, (e: unknown) => {
          t.check(e);
          return true;
        });
        assert.equal(c.requestCount, 1);
      });
    }

    it("keeps one request id across the attempts of a request", async () => {
      const { pool, client, calls } = mockHarbor();
      pool
        .intercept({ path: `${API}/robots/1`, method: "GET" })
        .reply(503, "")
        .times(2);
      pool.intercept({ path: `${API}/robots/1`, method: "GET" }).reply(200, robotBody(1));
      await client().getRobot(1);
      const ids = new Set(calls().map((call) => (call.headers as Record<string, string>)["x-request-id"]));
      assert.equal(ids.size, 1);
    });
  });
});
