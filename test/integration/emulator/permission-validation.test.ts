// Behaviour 11: unknown resource:action pairs are rejected with 400 "bad request permission: res:act"
// against the profile's table; helm-chart pairs are unknown from 2.10 on; the system kind needs
// namespace "/".

import assert from "node:assert/strict";
import { harborError, systemRobotBody, useEmulator } from "../helpers/emulator-fixture";

/** A system robot body granting one pair, in "/" for the system kind and "*" for projects by default. */
const withAccess = (
  kind: string,
  resource: string,
  action: string,
  namespace = kind === "system" ? "/" : "*",
) => systemRobotBody({ permissions: [{ kind, namespace, access: [{ resource, action }] }] });

describe("emulator: permission validation (2.15)", () => {
  const fx = useEmulator();

  const rejected: Array<[string, string, string]> = [
    ["project", "helm-chart", "read"],
    ["project", "helm-chart-version", "create"],
    ["project", "repository", "*"],
    ["project", "*", "*"],
    ["project", "repository", "scanner-pull"],
    ["system", "configuration", "read"],
    ["system", "robot", "update"],
    ["project", "robot", "update"],
    ["system", "export-cve", "create"],
    ["project", "audit-log", "list"],
  ];
  for (const [kind, resource, action] of rejected) {
    it(`rejects ${kind} ${resource}:${action}`, async () => {
      const res = await fx.admin.post("/robots", withAccess(kind, resource, action));
      assert.equal(res.status, 400);
      assert.deepEqual(res.body, harborError("BAD_REQUEST", `bad request permission: ${resource}:${action}`));
    });
  }

  const accepted: Array<[string, string, string]> = [
    ["project", "repository", "push"],
    ["project", "export-cve", "read"],
    ["project", "sbom", "stop"],
    ["system", "robot", "create"],
    ["system", "quota", "update"],
    ["system", "user-group", "delete"],
  ];
  for (const [kind, resource, action] of accepted) {
    it(`accepts ${kind} ${resource}:${action}`, async () => {
      const res = await fx.admin.post("/robots", withAccess(kind, resource, action));
      assert.equal(res.status, 201, res.text);
    });
  }

  it('requires namespace "/" for the system kind', async () => {
    const res = await fx.admin.post("/robots", withAccess("system", "audit-log", "list", "*"));
    assert.deepEqual(res.body, harborError("BAD_REQUEST", "unknown namespace"));
  });

  it("rejects unknown kinds, empty permissions and empty access lists", async () => {
    const cases: Array<[unknown, string]> = [
      [
        [{ kind: "global", namespace: "/", access: [{ resource: "audit-log", action: "list" }] }],
        "bad request permission level: global",
      ],
      [[], "bad request empty permission"],
      [[{ kind: "project", namespace: "*", access: [] }], "bad request empty access"],
    ];
    for (const [permissions, message] of cases) {
      const res = await fx.admin.post("/robots", systemRobotBody({ permissions }));
      assert.deepEqual(res.body, harborError("BAD_REQUEST", message));
    }
  });

  it("rejects a bad level", async () => {
    const res = await fx.admin.post("/robots", systemRobotBody({ level: "global" }));
    assert.deepEqual(res.body, harborError("BAD_REQUEST", "bad request error level input: global"));
  });

  it("serves the same table at GET /permissions (70 system / 70 project)", async () => {
    const res = await fx.admin.get("/permissions");
    assert.equal(res.body.system.length, 70);
    assert.equal(res.body.project.length, 70);
  });
});

describe("emulator: permission validation (2.10)", () => {
  const fx = useEmulator({ version: "2.10" });

  for (const [kind, resource, action] of [
    ["project", "helm-chart", "read"],
    ["system", "robot", "create"],
    ["project", "robot", "read"],
    ["project", "sbom", "create"],
    ["project", "export-cve", "create"],
    ["system", "export-cve", "create"],
  ] as const) {
    it(`rejects ${kind} ${resource}:${action}, added after 2.10.3`, async () => {
      const res = await fx.admin.post("/robots", withAccess(kind, resource, action));
      assert.deepEqual(res.body, harborError("BAD_REQUEST", `bad request permission: ${resource}:${action}`));
    });
  }

  it("accepts the classic pairs", async () => {
    const res = await fx.admin.post("/robots", withAccess("project", "repository", "push"));
    assert.equal(res.status, 201);
  });

  it("serves 53 system / 56 project pairs at GET /permissions (as real v2.10.3 does)", async () => {
    const res = await fx.admin.get("/permissions");
    assert.equal(res.body.system.length, 53);
    assert.equal(res.body.project.length, 56);
  });
});
