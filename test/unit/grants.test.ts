// The compact record of a robot's grants (provider/robot-account/grants.ts): it must read back
// exactly as Harbor's grants were normalized, or the state keeps them in full.
import assert from "node:assert/strict";
import { grantsOf, storedGrants } from "../../provider/robot-account/grants";
import type { NormalizedPermission } from "../../provider/model/permissions";

const allow = (resource: string, action: string) => ({ resource, action, effect: "allow" as const });

describe("stored grants", () => {
  it("keeps system, all-projects and project grants, denied pairs included, in one line per namespace", () => {
    const granted: NormalizedPermission[] = [
      { kind: "project", namespace: "*", access: [allow("repository", "pull")] },
      {
        kind: "project",
        namespace: "team-a",
        access: [
          { resource: "artifact", action: "delete", effect: "deny" },
          allow("repository", "pull"),
          allow("repository", "push"),
        ],
      },
      { kind: "system", namespace: "/", access: [allow("project", "list")] },
    ];
    const stored = storedGrants(granted);
    assert.deepEqual(stored, {
      grants: [
        "* repository:pull",
        "team-a !artifact:delete repository:pull repository:push",
        "/ project:list",
      ],
    });
    assert.deepEqual(grantsOf(stored), granted);
  });

  it("stores in full what the compact form cannot say (a kind its namespace does not imply)", () => {
    const odd: NormalizedPermission[] = [
      { kind: "system", namespace: "*", access: [allow("repository", "pull")] },
    ];
    assert.deepEqual(storedGrants(odd), { grantedPermissions: odd });
    assert.deepEqual(grantsOf(storedGrants(odd)), odd);
  });

  it("reads the full form that states of 0.1 hold", () => {
    const full: NormalizedPermission[] = [
      { kind: "project", namespace: "lib", access: [allow("repository", "pull")] },
    ];
    assert.deepEqual(grantsOf({ grantedPermissions: full }), full);
  });
});
