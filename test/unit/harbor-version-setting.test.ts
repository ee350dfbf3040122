// The Harbor release preview checks against (docs/configuration.md: connection.harborVersion,
// harbor:version, HARBOR_VERSION): a setting that cannot be read is an error naming it, never a silent
// fall-back to 2.15's rules.
import assert from "node:assert/strict";
import { RuntimeSettings } from "../../provider/runtime-config";
import { ProviderProcess } from "../helpers/provider-process";

const proc = new ProviderProcess();
const p = proc.robotAccount;

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

/** The release, as the process's settings (its stack config) over this environment read it. */
const release = (explicit?: string, env?: NodeJS.ProcessEnv) =>
  new RuntimeSettings(proc.ctx.settings.stackConfig, env).targetHarborVersion(explicit);

describe("the Harbor release preview checks against", () => {
  afterEach(() => proc.configure(undefined));

  it("comes from the resource, else stack config, else the environment, else 2.15", () => {
    proc.configure(config({ "harbor:version": "2.11" }));
    assert.equal(release("2.10", { HARBOR_VERSION: "2.12" }).minor, 10);
    assert.equal(release(undefined, { HARBOR_VERSION: "2.12" }).minor, 11);
    proc.configure(undefined);
    assert.equal(release(undefined, { HARBOR_VERSION: "v2.12.1-abcdef12" }).minor, 12);
    assert.equal(release(undefined, {}).raw, "2.15");
  });

  it("fails naming the setting when stack config or the environment holds no release", () => {
    proc.configure(config({ "harbor:version": "latest" }));
    assert.throws(
      () => release(undefined, {}),
      /stack config harbor:version must look like "2.15" or "v2.15.2", got "latest"/,
    );
    proc.configure(undefined);
    assert.throws(
      () => release(undefined, { HARBOR_VERSION: "2.x" }),
      /environment HARBOR_VERSION must look like "2.15"/,
    );
  });

  it("fails for a release older than 2.2, which has no robot API", () => {
    assert.throws(
      () => release(undefined, { HARBOR_VERSION: "2.1" }),
      /environment HARBOR_VERSION must be 2.2 or later .*got "2.1"/,
    );
    assert.throws(() => release("1.10"), /connection.harborVersion must be 2.2 or later/);
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
