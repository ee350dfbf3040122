// The grantable pairs per Harbor release, against what real Harbor serves at GET /permissions
// (measured on v2.10.3 and v2.15.2 built from source).
import assert from "node:assert/strict";
import { parseHarborVersion } from "../../provider/client/version";
import { permissionTable } from "../../provider/model/release-permissions";

const table = (v: string) => permissionTable(parseHarborVersion(v)!);

describe("permission tables", () => {
  it("2.15: 70 system / 70 project pairs", () => {
    assert.equal(table("2.15").system.size, 70);
    assert.equal(table("2.15").project.size, 70);
  });

  it("2.10: 53 system / 56 project pairs, the quota pairs among them (real v2.10.3 grants them)", () => {
    const t = table("v2.10.3");
    assert.equal(t.system.size, 53);
    assert.equal(t.project.size, 56);
    for (const pair of ["quota:read", "quota:list"]) assert.ok(t.system.has(pair), pair);
    assert.ok(t.project.has("quota:read"));
    assert.ok(!t.project.has("sbom:create"), "sbom came with 2.11");
  });
});
