// docs/robot-account.md, Permission names: "Names are case-insensitive and accept -/_ for spaces ("Delete-Artifact")",
// each naming the Harbor pair of its table row.
import assert from "node:assert/strict";
import { resolveAccess } from "../../provider/model/permission-entry";
import { ProviderProcess } from "../helpers/provider-process";

const proc = new ProviderProcess();
const p = proc.robotAccount;

describe("friendly permission names", () => {
  it("accept any case and - or _ for spaces", () => {
    for (const [spelling, pair] of [
      ["Delete-Artifact", "artifact:delete"],
      ["delete_artifact", "artifact:delete"],
      ["CREATE TAG", "tag:create"],
      ["Create-Artifact_Label", "artifact-label:create"],
      [" Push ", "repository:push"],
    ] as const) {
      const a = resolveAccess(spelling);
      assert.equal(a && `${a.resource}:${a.action}`, pair, spelling);
    }
  });

  it("pass check in those spellings, and a near miss fails naming the field", async () => {
    const ok = await p.check(
      {} as never,
      {
        name: "ci",
        permissions: [{ scope: "allProjects", access: ["Delete-Artifact", "PULL", "create_tag"] }],
      } as never,
    );
    assert.deepEqual(ok.failures, []);
    const bad = await p.check(
      {} as never,
      {
        name: "ci",
        permissions: [{ scope: "allProjects", access: ["pull", "delete artifacts"] }],
      } as never,
    );
    assert.deepEqual(
      bad.failures?.map((f) => f.property),
      ["permissions[0].access[1]"],
    );
  });
});
