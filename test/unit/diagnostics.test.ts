import assert from "node:assert/strict";
import { engineAddressFromArgv } from "../../provider/diagnostics";

describe("diagnostics: the engine a dynamic provider reports warnings to", () => {
  it("finds the engine address the engine starts the dynamic provider with, after any log flags", () => {
    const script = "/p/node_modules/@pulumi/pulumi/cmd/dynamic-provider/index.js";
    assert.equal(engineAddressFromArgv(["node", script, "127.0.0.1:40123"]), "127.0.0.1:40123");
    assert.equal(
      engineAddressFromArgv(["node", script, "--logtostderr", "-v=9", "127.0.0.1:40123"]),
      "127.0.0.1:40123",
    );
  });

  it("has none outside the dynamic provider (tests, tools): warnings then go to stderr", () => {
    assert.equal(engineAddressFromArgv(["node", "/p/dist/scripts/demo.js", "127.0.0.1:1"]), undefined);
  });
});
