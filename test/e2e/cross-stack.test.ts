// A second stack reads a robot's secret through a StackReference and gets it as a secret.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { RobotAccount } from "../../sdk";
import { createLocalStack, exportStackEncrypted } from "../../scripts/engine";
import { emulatorStack, type EmulatorStack } from "./harness";

describe("e2e: cross-stack secret through a StackReference", function () {
  this.timeout(600_000);
  let producer: EmulatorStack;

  after(async () => {
    await producer?.stack.destroy().catch(() => undefined);
    await producer?.close();
  });

  it("delivers the robot secret to the consuming stack as a secret", async () => {
    producer = await emulatorStack("platform", async () => {
      const r = new RobotAccount("shared", {
        name: "shared",
        permissions: [{ scope: "allProjects", access: ["pull"] }],
      });
      return { robotName: r.fullName, robotSecret: r.secret };
    });
    await producer.stack.up();
    const secret = String((await producer.stack.outputs()).robotSecret?.value);

    const consumer = await createLocalStack({
      projectName: "app",
      backendDir: producer.backendDir,
      program: async () => {
        const ref = new pulumi.StackReference("organization/platform/test");
        const s = ref.getOutput("robotSecret");
        return { pullSecret: s, length: s.apply((v) => String(v).length) };
      },
    });
    try {
      const up = await consumer.stack.up();
      assert.equal(up.outputs.pullSecret?.secret, true, "the referenced secret must stay secret");
      assert.equal(up.outputs.pullSecret?.value, secret);
      assert.equal(up.outputs.length?.secret, true, "values derived from it stay secret");
      const exported = JSON.stringify(await exportStackEncrypted(consumer.stack));
      assert.ok(!exported.includes(secret), "the consumer's state holds the secret as ciphertext only");
      await consumer.stack.destroy();
    } finally {
      consumer.cleanup();
    }
  });
});
