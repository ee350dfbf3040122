// Secret fields are declared once, on the zod models (provider/model/secrets.ts); the SDKs, the
// native provider's wire and schema.json read them from there.
import assert from "node:assert/strict";
import { z } from "zod";
import { robotAccountInputSchema } from "../../provider/model/robot-account";
import { robotSettingsInputSchema } from "../../provider/model/robot-settings";
import { providerConfig } from "../../provider/model/provider-config";
import {
  ROBOT_SECRET_OUTPUTS,
  ROBOT_STORED_SECRET_OUTPUTS,
  robotAccountOutputs,
  robotSettingsOutputs,
} from "../../provider/model/outputs";
import { connectionInput } from "../../provider/model/connection";
import { markSecrets, secretField, secretKeysOf, secretStateKeys } from "../../provider/model/secrets";
import { buildSchema } from "../../scripts/schema";

describe("secret fields, declared on the models", () => {
  it("are the credentials of each model, and nothing else", () => {
    assert.deepEqual(secretKeysOf(robotAccountInputSchema), ["secret", "connection"]);
    assert.deepEqual(secretKeysOf(robotSettingsInputSchema), ["connection"]);
    assert.deepEqual(secretKeysOf(connectionInput), ["password"]);
    assert.deepEqual(secretKeysOf(providerConfig), ["password"]);
    assert.deepEqual(ROBOT_SECRET_OUTPUTS, ["secret", "credentialsJson", "dockerConfigJson"]);
    assert.deepEqual(ROBOT_STORED_SECRET_OUTPUTS, ["secret"]);
    assert.deepEqual(secretKeysOf(robotSettingsOutputs), []);
  });

  it("stay secrets in the state that echoes them (the native provider's outputs)", () => {
    assert.deepEqual(secretStateKeys(robotAccountInputSchema, robotAccountOutputs).sort(), [
      "connection",
      "credentialsJson",
      "dockerConfigJson",
      "secret",
    ]);
    assert.deepEqual(secretStateKeys(robotSettingsInputSchema, robotSettingsOutputs), ["connection"]);
  });

  it("a field declared secret is one wherever it is wrapped or nested, and in the JSON Schema", () => {
    const token = secretField(z.string());
    const model = z.object({
      plain: z.string(),
      token: token.optional().describe("wrapped after it was declared"),
      nested: z.object({ key: secretField(z.string().describe("declared after its doc")) }),
    });
    assert.deepEqual(secretKeysOf(model), ["token"]);
    const json = z.toJSONSchema(model, { override: markSecrets }) as {
      properties: Record<string, { secret?: boolean; properties?: Record<string, { secret?: boolean }> }>;
    };
    assert.equal(json.properties.plain!.secret, undefined);
    assert.equal(json.properties.token!.secret, true);
    assert.equal(json.properties.nested!.secret, undefined);
    assert.equal(json.properties.nested!.properties!.key!.secret, true);
  });

  it("schema.json marks exactly the declared ones", () => {
    const schema = buildSchema();
    const secretsOf = (props: Record<string, { secret?: boolean }>) =>
      Object.keys(props).filter((k) => props[k]!.secret);
    const robot = schema.resources["harbor-robots:index:RobotAccount"];
    const settings = schema.resources["harbor-robots:index:RobotSettings"];
    assert.deepEqual(secretsOf(robot.inputProperties), ["secret", "connection"]);
    assert.deepEqual(secretsOf(robot.properties), ["secret", "credentialsJson", "dockerConfigJson"]);
    assert.deepEqual(secretsOf(settings.inputProperties), ["connection"]);
    assert.deepEqual(secretsOf(settings.properties), []);
    assert.deepEqual(secretsOf(schema.config.variables), ["password"]);
    for (const type of ["RobotAccountConnection", "RobotSettingsConnection"])
      assert.deepEqual(secretsOf(schema.types[`harbor-robots:index:${type}`].properties), ["password"]);
  });
});
