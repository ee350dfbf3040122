// Behaviour 7: permissions come back in a different order on every read, entries for the same
// kind+namespace merged, duplicate accesses collapsed, `effect` kept as stored.

import assert from "node:assert/strict";
import { systemRobotBody, useEmulator } from "../helpers/emulator-fixture";

interface Perm {
  kind: string;
  namespace: string;
  access: Array<{ resource: string; action: string; effect?: string }>;
}

const order = (perms: Perm[]) => perms.map((p) => `${p.kind}:${p.namespace}`).join(" ");

describe("emulator: permission read-back", () => {
  const fx = useEmulator();

  async function robotWith(permissions: Perm[]) {
    const res = await fx.admin.post("/robots", systemRobotBody({ permissions }));
    assert.equal(res.status, 201, res.text);
    return res.body.id as number;
  }

  it("returns the entries in a different order on every read", async () => {
    for (const p of ["a", "b", "c"]) fx.emulator.seedProject(p);
    const id = await robotWith(
      ["a", "b", "c", "*"].map((namespace) => ({
        kind: "project",
        namespace,
        access: [{ resource: "repository", action: "pull" }],
      })),
    );
    let previous = "";
    const seen = new Set<string>();
    for (let i = 0; i < 6; i++) {
      const current = order((await fx.admin.get(`/robots/${id}`)).body.permissions);
      assert.notEqual(current, previous, "two reads in a row never agree");
      seen.add(current);
      previous = current;
    }
    assert.ok(seen.size >= 2);
    const listed = order((await fx.admin.get("/robots")).body[0].permissions);
    assert.notEqual(listed, previous, "list reads shuffle too");
  });

  it("merges entries for the same kind and namespace and collapses duplicate accesses", async () => {
    fx.emulator.seedProject("dev");
    const id = await robotWith([
      { kind: "project", namespace: "dev", access: [{ resource: "repository", action: "pull" }] },
      {
        kind: "project",
        namespace: "dev",
        access: [
          { resource: "repository", action: "push" },
          { resource: "repository", action: "pull" },
        ],
      },
      { kind: "project", namespace: "*", access: [{ resource: "artifact", action: "read" }] },
    ]);
    const perms: Perm[] = (await fx.admin.get(`/robots/${id}`)).body.permissions;
    assert.equal(perms.length, 2);
    const dev = perms.find((p) => p.namespace === "dev");
    assert.deepEqual(dev?.access, [
      { resource: "repository", action: "pull" },
      { resource: "repository", action: "push" },
    ]);
  });

  it('keeps effect as stored: omitted, "" and "allow" are different', async () => {
    const id = await robotWith([
      {
        kind: "project",
        namespace: "*",
        access: [
          { resource: "repository", action: "pull" },
          { resource: "repository", action: "pull", effect: "" },
          { resource: "repository", action: "pull", effect: "allow" },
          { resource: "artifact", action: "read", effect: "deny" },
        ],
      },
    ]);
    const [entry] = (await fx.admin.get(`/robots/${id}`)).body.permissions as Perm[];
    assert.deepEqual(entry?.access, [
      { resource: "repository", action: "pull" },
      { resource: "repository", action: "pull", effect: "allow" },
      { resource: "artifact", action: "read", effect: "deny" },
    ]);
  });
});
