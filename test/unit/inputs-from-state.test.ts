import assert from "node:assert/strict";
import { inputsFromState } from "../../provider/robot-account/inputs-from-state";
import { robotAccountInputSchema } from "../../provider/model/robot-account";
import { echoedInputs, type RobotAccountState } from "../../provider/robot-account/state";
import { robotState } from "./robot-state-fixture";

const base = robotState({ secret: "Generated-1", grantedPermissions: [] });

describe("RobotAccount inputs handed back by refresh", () => {
  it("gives the declared inputs, with what Harbor holds now for the fields Harbor owns", () => {
    const s = {
      ...base,
      description: "edited in the UI",
      duration: "never",
      durationDays: -1,
      rotationTrigger: 3,
      inputKeys: ["autoNameBase", "description", "duration", "name", "permissions", "rotationTrigger"],
      autoNameBase: "ci",
    } as RobotAccountState;
    assert.deepEqual(inputsFromState(s), {
      name: "ci",
      autoNameBase: "ci",
      description: "edited in the UI",
      duration: "never",
      permissions: base.permissions,
      rotationTrigger: 3,
    });
  });

  it("never hands back a generated secret as an input; a chosen one keeps its input name", () => {
    assert.equal(inputsFromState({ ...base, inputKeys: ["name", "permissions"] })!.secret, undefined);
    assert.equal(
      inputsFromState({ ...base, inputKeys: ["name", "permissions", "secret"] })!.secret,
      "Generated-1",
    );
  });

  it("shows a field left out but changed in Harbor, and a changed duration in days", () => {
    const s = {
      ...base,
      disabled: true,
      duration: 30,
      durationDays: 60,
      inputKeys: ["duration", "name", "permissions"],
    };
    const inputs = inputsFromState(s as RobotAccountState)!;
    assert.equal(inputs.disabled, true);
    assert.equal(inputs.duration, 60);
  });

  it("leaves the engine's inputs alone for a state written before inputs were recorded", () => {
    assert.equal(inputsFromState(base), undefined);
  });

  it("every input of the model comes back (a new input must be echoed in the state to round-trip)", () => {
    const every = {
      name: "ci",
      description: "d",
      level: "system",
      duration: 30,
      disabled: true,
      permissions: base.permissions,
      secret: "Chosen-Secret-1",
      rotationTrigger: "r1",
      takeOver: true,
      namePrefix: "robot$",
      connection: { url: "https://h" },
      owner: "acme/p/s/ci",
      autoNameBase: "ci",
      autoNameScope: "p/s",
      verifySecret: true,
      renewBeforeDays: 7,
      broadAccessReason: "release robot",
    } as Record<string, unknown>;
    const missingFromFixture = Object.keys(robotAccountInputSchema.shape).filter((k) => !(k in every));
    assert.deepEqual(missingFromFixture, [], "add the new input to this fixture");
    const state = {
      ...base,
      description: "d",
      disabled: true,
      secret: "Chosen-Secret-1",
      ...echoedInputs(every as Parameters<typeof echoedInputs>[0]),
    } as RobotAccountState;
    const back = inputsFromState(state)! as Record<string, unknown>;
    const lost = Object.keys(every).filter((k) => JSON.stringify(back[k]) !== JSON.stringify(every[k]));
    assert.deepEqual(lost, [], "inputs a refresh would drop (echo them in state.ts)");
  });
});
