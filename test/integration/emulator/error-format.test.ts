// Behaviour 13: every error has the {"errors":[{"code","message"}]} body with Harbor's codes, and
// X-Request-Id is echoed or generated (UUID) on every response.

import assert from "node:assert/strict";
import { harborError, systemRobotBody, useEmulator } from "../helpers/emulator-fixture";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe("emulator: errors and request ids", () => {
  const fx = useEmulator();

  it("produces each code with its status and a Harbor error body", async () => {
    fx.emulator.addUser("dev", "Dev12345");
    const dev = fx.admin.as("dev", "Dev12345");
    const cases: Array<[Promise<{ status: number; body: unknown; headers: Headers }>, number, string]> = [
      [fx.admin.post("/robots", systemRobotBody({ name: "Bad" })), 400, "BAD_REQUEST"],
      [fx.admin.anonymous().get("/robots"), 401, "UNAUTHORIZED"],
      [dev.get("/robots"), 403, "FORBIDDEN"],
      [fx.admin.get("/robots/77"), 404, "NOT_FOUND"],
      [fx.admin.get("/nothing-here"), 404, "NOT_FOUND"],
      [fx.admin.request("POST", "/systeminfo"), 405, "METHOD_NOT_ALLOWED"],
      [fx.admin.post("/robots", { name: 5 }), 422, "UNPROCESSABLE_ENTITY"],
      [fx.admin.post("/robots", "{not json"), 422, "UNPROCESSABLE_ENTITY"],
      [fx.admin.get("/robots/abc"), 422, "UNPROCESSABLE_ENTITY"],
    ];
    for (const [pending, status, code] of cases) {
      const res = await pending;
      assert.equal(res.status, status, JSON.stringify(res.body));
      assert.match(res.headers.get("content-type") ?? "", /^application\/json/);
      const body = res.body as { errors: Array<{ code: string; message: string }> };
      assert.equal(body.errors.length, 1);
      assert.equal(body.errors[0]?.code, code);
      assert.equal(typeof body.errors[0]?.message, "string");
      assert.deepEqual(Object.keys(body), ["errors"]);
    }
  });

  it("returns 409 CONFLICT for duplicates and 403 DENIED for legacy edits", async () => {
    await fx.admin.post("/robots", systemRobotBody());
    assert.equal((await fx.admin.post("/robots", systemRobotBody())).body.errors[0].code, "CONFLICT");
    const { id } = fx.emulator.seedLegacyRobot("old");
    assert.equal(
      (await fx.admin.put(`/robots/${id}`, systemRobotBody({ name: "robot$old" }))).body.errors[0].code,
      "DENIED",
    );
  });

  it("explains wrong JSON types the way go-swagger does", async () => {
    const res = await fx.admin.post("/robots", systemRobotBody({ duration: "30" }));
    assert.deepEqual(
      res.body,
      harborError(
        "UNPROCESSABLE_ENTITY",
        'validation failure list:\nparsing robot body from "" failed, because json: cannot unmarshal string into Go struct field RobotCreate.duration of type int64',
      ),
    );
    const nested = await fx.admin.post(
      "/robots",
      systemRobotBody({ permissions: [{ kind: "project", namespace: "*", access: [{ resource: 1 }] }] }),
    );
    assert.match(nested.body.errors[0].message, /RobotCreate\.permissions\.access\.resource of type string/);
    const missing = await fx.admin.post("/robots");
    assert.deepEqual(
      missing.body,
      harborError("UNPROCESSABLE_ENTITY", "validation failure list:\nrobot in body is required"),
    );
  });

  it("validates the body before authenticating on create (400 beats 401)", async () => {
    const res = await fx.admin.anonymous().post("/robots", systemRobotBody({ name: "BAD" }));
    assert.equal(res.status, 400);
    assert.equal((await fx.admin.anonymous().post("/robots", systemRobotBody())).status, 401);
  });

  it("echoes X-Request-Id and generates a UUID when absent", async () => {
    const echoed = await fx.admin.get("/systeminfo", { headers: { "X-Request-Id": "trace-123" } });
    assert.equal(echoed.headers.get("x-request-id"), "trace-123");
    const generated = await fx.admin.get("/robots/404");
    assert.match(generated.headers.get("x-request-id") ?? "", UUID);
    const again = await fx.admin.get("/robots/404");
    assert.notEqual(again.headers.get("x-request-id"), generated.headers.get("x-request-id"));
  });
});
