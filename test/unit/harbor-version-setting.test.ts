// The Harbor release preview checks against (docs/configuration.md: connection.harborVersion,
// harbor:version, HARBOR_VERSION): a setting that cannot be read is an error naming it, never a silent
// fall-back to 2.15's rules.
import assert from "node:assert/strict";
import { robotAccountProvider as p } from "../../provider/robot-account";
import { setStackConfig, targetHarborVersion } from "../../provider/runtime-config";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("the Harbor release preview checks against", () => {
  afterEach(() => setStackConfig(undefined));

  it("comes from the resource, else stack config, else the environment, else 2.15", () => {
    setStackConfig(config({ "harbor:version": "2.11" }));
    assert.equal(targetHarborVersion("2.10", { HARBOR_VERSION: "2.12" }).minor, 10);
    assert.equal(targetHarborVersion(undefined, { HARBOR_VERSION: "2.12" }).minor, 11);
    setStackConfig(undefined);
    assert.equal(targetHarborVersion(undefined, { HARBOR_VERSION: "v2.12.1-abcdef12" }).minor, 12);
    assert.equal(targetHarborVersion(undefined, {}).raw, "2.15");
  });

  it("fails naming the setting when stack config or the environment holds no release", () => {
    setStackConfig(config({ "harbor:version": "latest" }));
    assert.throws(
      () => targetHarborVersion(undefined, {}),
      /stack config harbor:version must look like "2.15" or "v2.15.2", got "latest"/,
    );
    setStackConfig(undefined);
    assert.throws(
      () => targetHarborVersion(undefined, { HARBOR_VERSION: "2.x" }),
      /environment HARBOR_VERSION must look like "2.15"/,
    );
  });

  it("fails for a release older than 2.2, which has no robot API", () => {
    assert.throws(
      () => targetHarborVersion(undefined, { HARBOR_VERSION: "2.1" }),
      /environment HARBOR_VERSION must be 2.2 or later .*got "2.1"/,
    );
    assert.throws(() => targetHarborVersion("1.10"), /connection.harborVersion must be 2.2 or later/);
  });

  it("a misspelt connection.harborVersion is a check failure on that field", async () => {
    const checked = await p.check(
      {} as never,
      {
        name: "ci",
        permissions: [{ scope: "allProjects", access: ["pull"] }],
        connection: { harborVersion: "latest" },
      } as never,
    );
    assert.deepEqual(
      checked.failures?.map((f) => f.property),
      ["connection.harborVersion"],
    );
  });
});
