// A RobotAccount state as release 0.1 wrote it (credential outputs stored, `registry`,
// `durationFromDefault`, every declared input in `inputKeys`) keeps working after the state was
// slimmed down: diff sees no change, refresh and update rewrite it in the current shape with the
// same credential outputs, delete removes the robot. A state from before `registryUrl` too.
import assert from "node:assert/strict";
import type { HarborEmulator } from "../../../emulator";
import type { CheckedRobotInputs } from "../../../provider/robot-account/check";
import { credentialOutputs } from "../../../provider/robot-account/credentials";
import { inputsFromState } from "../../../provider/robot-account/inputs-from-state";
import { LEGACY_STATE_FIELDS, type RobotAccountState } from "../../../provider/robot-account/state";
import { useProviderEmulator } from "../../helpers/provider-emulator";
import { ProviderProcess } from "../../helpers/provider-process";

const proc = new ProviderProcess();
const p = proc.robotAccount;

// What the 0.1 SDK sent for a named robot: the declared inputs plus both auto-name inputs.
const inputs = (over: Partial<CheckedRobotInputs> = {}): CheckedRobotInputs => ({
  name: "ci",
  description: "CI pulls",
  duration: 30,
  permissions: [
    { projects: ["team-a-*"], access: ["push", "pull"] },
    { scope: "allProjects", access: ["pull"] },
  ],
  autoNameBase: "ci",
  autoNameScope: "organization/platform/prod",
  ...over,
});

/** The robot Harbor holds, as 0.1 stored it: every field of its state, written out by hand. */
function stateOf01(robot: {
  id: number;
  secret: string;
  creationTime: string;
  expiresAt: number;
  url: string;
}): RobotAccountState {
  const host = new URL(robot.url).host;
  const auth = Buffer.from(`robot$ci:${robot.secret}`).toString("base64");
  return {
    autoNameBase: "ci",
    autoNameScope: "organization/platform/prod",
    creationTime: robot.creationTime,
    credentialsJson: `{"id":${robot.id},"name":"robot$ci","secret":"${robot.secret}","creation_time":"${robot.creationTime}","expires_at":${robot.expiresAt}}`,
    description: "CI pulls",
    disabled: false,
    dockerConfigJson: `{"auths":{"${host}":{"username":"robot$ci","password":"${robot.secret}","auth":"${auth}"}}}`,
    duration: 30,
    durationDays: 30,
    durationFromDefault: false,
    expiresAt: robot.expiresAt,
    fullName: "robot$ci",
    grantedPermissions: [
      {
        access: [{ action: "pull", effect: "allow", resource: "repository" }],
        kind: "project",
        namespace: "*",
      },
      {
        access: [
          { action: "pull", effect: "allow", resource: "repository" },
          { action: "push", effect: "allow", resource: "repository" },
        ],
        kind: "project",
        namespace: "team-a-api",
      },
    ],
    inputKeys: ["autoNameBase", "autoNameScope", "description", "duration", "name", "permissions"],
    level: "system",
    name: "ci",
    patternMatches: { "team-a-*": ["team-a-api"] },
    permissions: inputs().permissions,
    registry: host,
    registryUrl: robot.url,
    robotId: robot.id,
    secret: robot.secret,
  };
}

function assertCurrentShape(s: RobotAccountState): void {
  for (const k of LEGACY_STATE_FIELDS) assert.equal(k in s, false, `${k} is still written`);
  // What 0.1 stored in full as grantedPermissions, now in the compact form.
  assert.equal(s.grantedPermissions, undefined);
  assert.deepEqual(s.grants, ["* repository:pull", "team-a-api repository:pull repository:push"]);
}

describe("RobotAccount states written by release 0.1", () => {
  let emu: HarborEmulator;
  let old: RobotAccountState;

  useProviderEmulator((started) => (emu = started), proc, { quickRetries: false });
  beforeEach(async () => {
    emu.seedProject("team-a-api");
    const made = (await p.create(inputs())).outs as RobotAccountState;
    old = stateOf01({
      id: made.robotId,
      secret: made.secret,
      creationTime: made.creationTime,
      expiresAt: made.expiresAt,
      url: emu.url,
    });
    await proc.dropClients();
  });

  it("diff sees no change against the same inputs, and a plain update (not a replace) for a new description", async () => {
    const same = await p.diff!(String(old.robotId), old, inputs());
    assert.equal(same.changes, false);
    assert.deepEqual(same.replaces, []);
    const edited = await p.diff!(String(old.robotId), old, inputs({ description: "CI" }));
    assert.equal(edited.changes, true);
    assert.deepEqual(edited.replaces, []);
  });

  it("refresh rewrites it in the current shape; the derived credential outputs are the ones 0.1 stored", async () => {
    const read = await p.read!(String(old.robotId), old);
    const now = read.props as RobotAccountState;
    assert.equal(read.id, String(old.robotId));
    assertCurrentShape(now);
    assert.equal(now.registryUrl, emu.url);
    assert.deepEqual(credentialOutputs(now), {
      credentialsJson: old.credentialsJson,
      dockerConfigJson: old.dockerConfigJson,
    });
    // The inputs handed back are the declared ones: the next preview shows nothing to do.
    const { autoNameBase, autoNameScope, ...declared } = inputs();
    assert.deepEqual(read.inputs, { ...declared, autoNameBase, autoNameScope });
    assert.equal((await p.diff!(String(old.robotId), now, inputs())).changes, false);
  });

  it("a state from before registryUrl (host[:port] only) is refreshed on its registry and records the URL", async () => {
    const { registryUrl: _u, ...older } = old;
    assert.deepEqual(credentialOutputs(older), {
      credentialsJson: old.credentialsJson,
      dockerConfigJson: old.dockerConfigJson,
    });
    const now = (await p.read!(String(old.robotId), older)).props as RobotAccountState;
    assertCurrentShape(now);
    assert.equal(now.registryUrl, emu.url);
    assert.equal(credentialOutputs(now).dockerConfigJson, old.dockerConfigJson);
  });

  it("update changes the robot in place and writes the current shape; delete removes it", async () => {
    const { outs } = await p.update!(String(old.robotId), old, inputs({ description: "CI" }));
    const now = outs as RobotAccountState;
    assertCurrentShape(now);
    // The new inputs list only the declared inputs the state cannot show by itself.
    assert.deepEqual(now.inputKeys, ["description"]);
    assert.deepEqual(inputsFromState(now), {
      ...inputs({ description: "CI" }),
      autoNameBase: "ci",
      autoNameScope: "organization/platform/prod",
    });
    assert.equal(now.robotId, old.robotId);
    assert.equal(now.secret, old.secret, "an update of the description keeps the secret");
    assert.equal(credentialOutputs(now).credentialsJson, old.credentialsJson);
    assert.equal(emu.getRobot(old.robotId)?.description, "CI");

    await p.delete!(String(old.robotId), old);
    assert.equal(emu.getRobot(old.robotId), undefined);
  });
});
