// schema.json is generated from the zod models; a stale committed copy fails here.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildSchema, schemaText } from "../../scripts/schema";
import { sdkArgsText } from "../../scripts/sdk-args";
import type { RobotAccountInputs } from "../../provider/model/robot-account";
import type { RobotSettingsInputs } from "../../provider/model/robot-settings";
import type { RobotAccountArgs, RobotSettingsArgs } from "../../sdk";
import type { InputsOf } from "../../sdk/input-types";

const repoRoot = path.resolve(__dirname, "..", "..", "..");

describe("schema.json", () => {
  it("is up to date with the zod models (run `npm run schema` after changing them)", () => {
    const committed = fs.readFileSync(path.join(repoRoot, "schema.json"), "utf8");
    assert.equal(committed, schemaText());
  });

  it("marks the robot's secret outputs and credential inputs as secret", () => {
    const robot = buildSchema().resources["harbor-robots:index:RobotAccount"];
    for (const key of ["secret", "credentialsJson", "dockerConfigJson"])
      assert.equal(robot.properties[key].secret, true, key);
    assert.equal(robot.inputProperties.secret.secret, true);
    assert.equal(robot.inputProperties.connection.secret, true);
    assert.deepEqual(robot.requiredInputs, ["permissions"]);
    assert.ok(robot.required.includes("fullName"));
  });

  it("describes inputs with the rules' own text", () => {
    const robot = buildSchema().resources["harbor-robots:index:RobotAccount"];
    assert.match(robot.inputProperties.duration.description, /never/);
    assert.match(robot.inputProperties.name.description, /prefix/);
  });
});

describe("sdk/args.ts (the SDK's argument types)", () => {
  it("is up to date with the zod models (run `npm run schema` after changing them)", async () => {
    const committed = fs.readFileSync(path.join(repoRoot, "sdk", "args.ts"), "utf8");
    assert.equal(committed, await sdkArgsText());
  });

  it("carries each rule's describe() text as JSDoc, for IDE hover", async () => {
    const text = await sdkArgsText();
    const docBefore = (field: string) => {
      const at = text.indexOf(`  ${field}`);
      return text.slice(text.lastIndexOf("/**", at), at);
    };
    assert.match(docBefore("duration?:"), /Expiration in days from creation, or "never"/);
    assert.match(docBefore("projects?:"), /glob patterns/);
    assert.match(docBefore("namePrefix?:"), /prefix/);
  });
});

// The generated interfaces accept exactly what the zod-inferred input types accept (compile time).
type AccountInputs = InputsOf<Omit<RobotAccountInputs, "autoNameBase" | "autoNameScope">>;
const accountBothWays: [AccountInputs, RobotAccountArgs] = [{} as RobotAccountArgs, {} as AccountInputs];
const settingsBothWays: [InputsOf<RobotSettingsInputs>, RobotSettingsArgs] = [
  {} as RobotSettingsArgs,
  {} as InputsOf<RobotSettingsInputs>,
];
void accountBothWays;
void settingsBothWays;
