// A stack whose RobotAccount state release 0.1 wrote (credential outputs stored as two more secrets,
// registry, durationFromDefault, grantedPermissions in full, the auto-name inputs of a named robot,
// every declared input in inputKeys, no owner and no owner mark on the robot), run by this release
// through the real engine: the program's outputs are the ones 0.1 stored, preview and up change
// nothing (no replace, though the program now sends an owner), refresh rewrites the state in the
// current shape, destroy deletes the robot.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { RobotAccount } from "../../sdk";
import { assertCiphertext, emulatorStack, exportedResources, type EmulatorStack } from "./harness";

const TYPE = "pulumi-nodejs:dynamic/harbor:RobotAccount";
const SIG = "4dabf18193072939515e22adb298388d";
const SECRET = "1b47061264138c4ac30d75fd1eb44270";
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Pulumi checkpoint JSON, edited ad hoc
type Json = any;

const secretValue = (value: string) => ({ [SIG]: SECRET, plaintext: JSON.stringify(value) });

describe("a RobotAccount state written by release 0.1, through the engine", function () {
  let s: EmulatorStack;
  let robotId: string;
  let stored01: { credentialsJson: string; dockerConfigJson: string };

  before(async () => {
    s = await emulatorStack("legacy-state", async () => {
      const ci = new RobotAccount("ci", {
        name: "ci",
        description: "CI pulls",
        duration: 30,
        permissions: [{ projects: ["team-a-*"], access: ["push", "pull"] }],
      });
      return {
        credentialsJson: ci.credentialsJson,
        dockerConfigJson: ci.dockerConfigJson,
        granted: pulumi.output(ci.grantedPermissions),
      };
    });
    s.emu.seedProject("team-a-api");
    await s.stack.up();

    // Rewrite the robot's state as 0.1 wrote it (secrets as plaintext: the import encrypts them).
    const exported = await s.stack.exportStack();
    const r = (exported.deployment.resources as Json[]).find((x) => x.type === TYPE);
    const o = r.outputs;
    robotId = r.id;
    const secret = JSON.parse(o.secret.plaintext) as string;
    const host = new URL(o.registryUrl).host;
    stored01 = {
      credentialsJson: JSON.stringify({
        id: o.robotId,
        name: o.fullName,
        secret,
        creation_time: o.creationTime,
        expires_at: o.expiresAt,
      }),
      dockerConfigJson: JSON.stringify({
        auths: {
          [host]: {
            username: o.fullName,
            password: secret,
            auth: Buffer.from(`${o.fullName}:${secret}`).toString("base64"),
          },
        },
      }),
    };
    const scope = "organization/legacy-state/dev";
    delete o.grants;
    Object.assign(o, {
      grantedPermissions: [
        {
          access: [
            { action: "pull", effect: "allow", resource: "repository" },
            { action: "push", effect: "allow", resource: "repository" },
          ],
          kind: "project",
          namespace: "team-a-api",
        },
      ],
      credentialsJson: secretValue(stored01.credentialsJson),
      dockerConfigJson: secretValue(stored01.dockerConfigJson),
      registry: host,
      durationFromDefault: false,
      autoNameBase: "ci",
      autoNameScope: scope,
      inputKeys: ["autoNameBase", "autoNameScope", "description", "duration", "name", "permissions"],
    });
    Object.assign(r.inputs, { autoNameBase: "ci", autoNameScope: scope });
    Object.assign(r.propertyDependencies, { autoNameBase: [], autoNameScope: [] });
    // 0.1 sent no owner and wrote no owner mark into the robot's description.
    delete o.owner;
    delete r.inputs.owner;
    delete r.propertyDependencies.owner;
    const robotUrl = `${s.emu.url}/api/v2.0/robots/${robotId}`;
    const auth = {
      authorization: `Basic ${Buffer.from(`${s.emu.admin.username}:${s.emu.admin.password}`).toString("base64")}`,
    };
    const robot = (await (await fetch(robotUrl, { headers: auth })).json()) as Json;
    const put = await fetch(robotUrl, {
      method: "PUT",
      headers: { ...auth, "content-type": "application/json" },
      body: JSON.stringify({ ...robot, description: "CI pulls" }),
    });
    assert.ok(put.ok, `PUT failed: ${put.status}`);
    r.additionalSecretOutputs = ["secret", "credentialsJson", "dockerConfigJson"];
    await s.stack.importStack(exported);

    const { resources } = await exportedResources(s.stack, TYPE);
    for (const key of ["secret", "credentialsJson", "dockerConfigJson"])
      assertCiphertext(resources[0]!.outputs[key], `the 0.1 state's ${key}`);
  });
  after(async () => s?.close());

  it("preview and up change nothing; the credential outputs are the ones 0.1 stored", async () => {
    s.emu.resetCounts();
    const preview = await s.stack.preview({ expectNoChanges: true });
    assert.equal(preview.changeSummary.same, 2);
    assert.equal(s.emu.requestCount(), 0);

    const up = await s.stack.up();
    assert.deepEqual(up.summary.resourceChanges, { same: 2 });
    assert.equal(up.outputs.credentialsJson!.secret, true);
    assert.equal(up.outputs.dockerConfigJson!.secret, true);
    assert.equal(up.outputs.credentialsJson!.value, stored01.credentialsJson);
    assert.equal(up.outputs.dockerConfigJson!.value, stored01.dockerConfigJson);
    assert.equal(
      (up.outputs.granted!.value as { namespace: string }[]).map((p) => p.namespace).join(),
      "team-a-api",
    );
    assert.equal(s.emu.listRobots().length, 1);
    assert.equal(String(s.emu.listRobots()[0]!.id), robotId);
    assert.equal(s.emu.listRobots()[0]!.description, "CI pulls", "no update, so no owner mark yet");
  });

  it("refresh rewrites the state in the current shape; the next preview still changes nothing", async () => {
    await s.stack.refresh();
    const { resources } = await exportedResources(s.stack, TYPE);
    const o = resources[0]!.outputs;
    for (const key of [
      "credentialsJson",
      "dockerConfigJson",
      "registry",
      "durationFromDefault",
      "grantedPermissions",
    ])
      assert.equal(o[key], undefined, `${key} is still stored`);
    assert.deepEqual(o.grants, ["team-a-api repository:pull repository:push"]);
    assertCiphertext(o.secret, "secret");
    await s.stack.preview({ expectNoChanges: true });
    const up = await s.stack.up();
    assert.equal(up.outputs.dockerConfigJson!.value, stored01.dockerConfigJson);
  });

  it("destroy deletes the robot", async () => {
    await s.stack.destroy();
    assert.equal(s.emu.listRobots().length, 0);
  });
});
