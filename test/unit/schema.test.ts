// schema.json is generated from the zod models; a stale committed copy fails here.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { buildSchema, schemaText } from "../../scripts/schema";

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
