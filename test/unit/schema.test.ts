// schema.json is generated from the zod models; a stale committed copy fails here.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildSchema, schemaText } from "../../scripts/schema";
import { sdkArgsText } from "../../scripts/sdk-args";
import { sdkOutputsText } from "../../scripts/sdk-outputs";
import type { RobotAccountInputs } from "../../provider/model/robot-account";
import type { RobotSettingsInputs } from "../../provider/model/robot-settings";
import type { Output } from "@pulumi/pulumi";
import { robotAccountOutputs, robotSettingsOutputs } from "../../provider/model/outputs";
import type {
  RobotAccount,
  RobotAccountArgs,
  RobotAccountOutputs,
  RobotSettings,
  RobotSettingsArgs,
  RobotSettingsOutputs,
} from "../../sdk";
import type * as native from "../../sdk/native";
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

/** A generated SDK file's committed copy is what `npm run schema` writes now. */
function isUpToDate(file: string, render: () => Promise<string>): void {
  it("is up to date with the zod models (run `npm run schema` after changing them)", async () => {
    assert.equal(fs.readFileSync(path.join(repoRoot, "sdk", file), "utf8"), await render());
  });
}

/** The JSDoc just before a declaration of a generated file. */
function docBefore(text: string, declaration: string): string {
  const at = text.indexOf(`  ${declaration}`);
  return text.slice(text.lastIndexOf("/**", at), at);
}

describe("sdk/args.ts (the SDK's argument types)", () => {
  isUpToDate("args.ts", sdkArgsText);

  it("carries each rule's describe() text as JSDoc, for IDE hover", async () => {
    const text = await sdkArgsText();
    assert.match(docBefore(text, "duration?:"), /Expiration in days from creation, or "never"/);
    assert.match(docBefore(text, "projects?:"), /glob patterns/);
    assert.match(docBefore(text, "namePrefix?:"), /prefix/);
  });
});

describe("sdk/outputs.ts (the outputs of both SDKs' classes)", () => {
  isUpToDate("outputs.ts", sdkOutputsText);

  it("declares every output of the models, with its describe() text as JSDoc", async () => {
    const text = await sdkOutputsText();
    for (const [name, model] of [
      ["RobotAccountOutputs", robotAccountOutputs],
      ["RobotSettingsOutputs", robotSettingsOutputs],
    ] as const) {
      const body = text.slice(text.indexOf(`export interface ${name} {`)).split("\n}\n")[0]!;
      const declared = [...body.matchAll(/^ {2}readonly (\w+):/gm)].map((m) => m[1]);
      assert.deepEqual(declared, Object.keys(model.shape), name);
    }
    assert.match(docBefore(text, "readonly durationDays:"), /-1 means never/);
    assert.match(docBefore(text, "readonly dockerConfigJson:"), /image pull secret/);
    assert.match(docBefore(text, "readonly managed:"), /The settings this resource manages/);
  });
});

// Both SDKs' classes carry exactly the generated outputs, with the model's types (compile time).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const outputsOfClasses: [
  Same<Pick<RobotAccount, keyof RobotAccountOutputs>, RobotAccountOutputs>,
  Same<Pick<RobotSettings, keyof RobotSettingsOutputs>, RobotSettingsOutputs>,
  Same<Pick<native.RobotAccount, keyof RobotAccountOutputs>, RobotAccountOutputs>,
  Same<Pick<native.RobotSettings, keyof RobotSettingsOutputs>, RobotSettingsOutputs>,
  Same<RobotAccountOutputs["durationDays"], Output<number>>,
] = [true, true, true, true, true];
void outputsOfClasses;

// The generated interfaces accept exactly what the zod-inferred input types accept (compile time).
type AccountInputs = InputsOf<Omit<RobotAccountInputs, "autoNameBase" | "autoNameScope">>;
const accountBothWays: [AccountInputs, RobotAccountArgs] = [{} as RobotAccountArgs, {} as AccountInputs];
const settingsBothWays: [InputsOf<RobotSettingsInputs>, RobotSettingsArgs] = [
  {} as RobotSettingsArgs,
  {} as InputsOf<RobotSettingsInputs>,
];
void accountBothWays;
void settingsBothWays;
