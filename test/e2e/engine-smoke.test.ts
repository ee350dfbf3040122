// Proves the engine path works on this machine: a tiny dynamic resource through the real CLI.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { createLocalStack, ensureEngine, type LocalStack } from "../../scripts/engine";

// The smallest dynamic provider: create returns its input; no external calls.
const echoProvider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: `echo-${inputs.word}`, outs: { word: inputs.word, length: String(inputs.word).length } };
  },
  async diff(_id, olds, news) {
    return { changes: olds.word !== news.word };
  },
};

class Echo extends pulumi.dynamic.Resource {
  declare readonly length: pulumi.Output<number>;
  constructor(name: string, word: string) {
    super(echoProvider, name, { word, length: undefined }, {}, "smoke", "Echo");
  }
}

describe("e2e: the Pulumi engine", function () {
  let local: LocalStack | undefined;
  after(() => local?.cleanup());

  it("is available (on PATH or built from Go modules) and reports its version", async () => {
    const engine = await ensureEngine();
    console.log(`      engine: pulumi ${engine.version} from ${engine.binDir}`);
    assert.match(engine.version, /^3\.\d+\.\d+/);
  });

  it("runs a dynamic resource through up, a no-change preview and destroy", async () => {
    local = await createLocalStack({
      projectName: "smoke",
      program: async () => {
        const e = new Echo("hello", "harbor");
        return { length: e.length };
      },
    });
    const up = await local.stack.up();
    assert.equal(up.summary.result, "succeeded");
    assert.equal(up.summary.resourceChanges?.create, 2); // the stack and the resource
    assert.equal(up.outputs.length?.value, 6);

    const preview = await local.stack.preview({ expectNoChanges: true });
    assert.equal(preview.changeSummary.same, 2);

    const down = await local.stack.destroy();
    assert.equal(down.summary.result, "succeeded");
    assert.equal(down.summary.resourceChanges?.delete, 2);
  });
});
