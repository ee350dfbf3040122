// The RobotAccount classes register with stack capture off (sdk/promise-stacks.ts: Pulumi's
// per-property promise stamps were most of the program's CPU per robot) and must always put the
// program's own Error.stackTraceLimit back, also when registering throws.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { RobotAccount } from "../../sdk";
import { RobotAccount as NativeRobotAccount } from "../../sdk/native";

const args = { name: "ci", duration: 30, permissions: [{ scope: "allProjects" as const, access: ["pull"] }] };

describe("RobotAccount registration and Error.stackTraceLimit", () => {
  let saved: number;
  before(async () => {
    await pulumi.runtime.setMocks(
      {
        newResource: (a) => ({
          id: `${a.name}-id`,
          state: { ...a.inputs, robotId: 1, fullName: "robot$ci" },
        }),
        call: () => ({}),
      },
      "project",
      "stack",
      false,
    );
  });
  beforeEach(() => {
    saved = Error.stackTraceLimit;
    Error.stackTraceLimit = 17; // a program's own setting, not the default
  });
  afterEach(() => {
    Error.stackTraceLimit = saved;
  });

  for (const [kind, Robot] of [
    ["dynamic", RobotAccount],
    ["native", NativeRobotAccount],
  ] as const) {
    it(`${kind}: registers without stamping stacks and restores the program's limit`, async () => {
      let during: number | undefined;
      const robot = new Robot(`${kind}-ok`, args, {
        transformations: [
          () => {
            during = Error.stackTraceLimit; // runs inside the constructor, while Pulumi registers
            return undefined;
          },
        ],
      });
      assert.equal(during, 0, "stack capture is off while the resource registers");
      assert.equal(Error.stackTraceLimit, 17, "the program's limit is back once the constructor returns");
      assert.equal(await new Promise((r) => robot.fullName.apply(r)), "robot$ci");
    });

    it(`${kind}: restores the program's limit when registering throws`, () => {
      assert.throws(
        () =>
          new Robot(`${kind}-boom`, args, {
            transformations: [
              () => {
                throw new Error("transformation failed");
              },
            ],
          }),
        /transformation failed/,
      );
      assert.equal(Error.stackTraceLimit, 17);
    });
  }
});
