// Every bad input of the unit table, run through a real `pulumi preview`: rejected with the field and
// the rule in the engine's message, and no HTTP call to Harbor.
import assert from "node:assert/strict";
import { RobotAccount, type RobotAccountArgs } from "../../sdk";
import { BAD_ROBOT_INPUTS } from "../unit/bad-robot-inputs";
import { emulatorStack, failureOf, type EmulatorStack } from "./harness";

describe("e2e: bad RobotAccount inputs fail at preview, offline", function () {
  this.timeout(900_000);
  let s: EmulatorStack;
  let current: Record<string, unknown> = {};

  before(async () => {
    s = await emulatorStack("bad-inputs", async () => {
      new RobotAccount("bad", current as unknown as RobotAccountArgs);
    });
  });
  after(async () => s?.close());

  for (const bad of BAD_ROBOT_INPUTS) {
    it(`${bad.why}: ${bad.property || "(inputs)"}`, async () => {
      current = {
        ...bad.inputs,
        ...(bad.harborVersion ? { connection: { harborVersion: bad.harborVersion } } : {}),
      };
      s.emu.resetCounts();
      const message = await failureOf(s.stack.preview());
      assert.match(message, bad.reason);
      if (bad.property) assert.ok(message.includes(bad.property), `the message should name ${bad.property}`);
      assert.equal(s.emu.requestCount(), 0, "preview must not call Harbor");
      // Neither the stack's password nor credentials embedded in a URL ever reach a message.
      assert.ok(!message.includes(s.env.HARBOR_PASSWORD!), "the engine's message must not show the password");
      assert.ok(!message.includes("Hunter22"), "the engine's message must not show a URL's credentials");
      if (typeof bad.inputs.secret === "string" && bad.inputs.secret.length >= 8) {
        assert.ok(!message.includes(bad.inputs.secret), "the engine's message must not show the secret");
      }
    });
  }
});
