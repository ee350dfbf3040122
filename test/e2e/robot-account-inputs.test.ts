// What a user sees of RobotAccount's inputs through the real engine: the auto-name the preview
// shows is the one applied, every output exists, and after a refresh picks up an out-of-band edit
// `pulumi preview --diff` names the field that will be put back.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { RobotAccount, RobotSettings } from "../../sdk";
import { ClientPool } from "../../provider/client/client-pool";
import { resolveConnection } from "../../provider/client/connection";
import { assertCiphertext, emulatorStack, exportedResources, failureOf, type EmulatorStack } from "./harness";
import { declaredDescription } from "../../provider/model/owner-mark";

// Clients of the test itself, to look at Harbor beside the provider.
const harborClients = new ClientPool();

const TYPE = "pulumi-nodejs:dynamic/harbor:RobotAccount";

describe("e2e: RobotAccount inputs and outputs as the engine shows them", function () {
  this.timeout(600_000);
  let s: EmulatorStack;
  const out = async (k: string) => (await s.stack.outputs())[k]?.value;
  let withUnknownDuration = false;

  before(async () => {
    s = await emulatorStack("robot-inputs", async () => {
      const auto = new RobotAccount("builder", { permissions: [{ scope: "allProjects", access: ["pull"] }] });
      const ci = new RobotAccount("ci", {
        name: "ci",
        description: "CI",
        duration: "never",
        secret: "Chosen-Secret-42",
        permissions: [{ scope: "allProjects", access: ["pull"] }],
      });
      const result: Record<string, pulumi.Output<unknown>> = {
        autoName: auto.name,
        autoNameUpper: auto.name.apply((n) => n.toUpperCase()),
        autoFullName: auto.fullName,
        ciId: ci.robotId,
      };
      if (withUnknownDuration) {
        // The settings are new: their outputs are not known at preview, so neither is the duration.
        const settings = new RobotSettings("settings", { defaultExpirationDays: 45 });
        new RobotAccount("pusher", {
          name: "pusher",
          duration: settings.defaultExpirationDays,
          permissions: [{ projects: ["team-a-api"], access: ["push"] }],
        });
      }
      return result;
    });
  });
  after(async () => s?.close());

  it("the auto-name the preview shows is the one up creates, and name is an output", async () => {
    const preview = await s.stack.preview({ diff: true });
    const shown = /name\s*:\s*"(builder-[a-z0-9]{7})"/.exec(preview.stdout)?.[1];
    assert.ok(shown, `the preview should show the auto-name:\n${preview.stdout}`);
    await s.stack.up();
    assert.equal(await out("autoName"), shown);
    assert.equal(await out("autoNameUpper"), shown.toUpperCase());
    assert.equal(await out("autoFullName"), `robot$${shown}`);
    await s.stack.preview({ expectNoChanges: true });
  });

  it("after a refresh picks up an out-of-band edit, preview --diff names what up puts back", async () => {
    const harbor = harborClients.clientFor(resolveConnection(undefined, undefined, s.env));
    const id = Number(await out("ciId"));
    const current = await harbor.getRobot(id);
    await harbor.updateRobot(id, {
      name: current.name,
      level: current.level,
      description: "edited in the UI",
      disable: true,
      duration: current.duration ?? -1,
      permissions: current.permissions,
    });
    await s.stack.refresh();
    const preview = await s.stack.preview({ diff: true });
    assert.match(preview.stdout, /description\s*:\s*"edited in the UI" => "CI"/, preview.stdout);
    assert.match(preview.stdout, /disabled\s*:\s*true => false|- +disabled\s*:\s*true/, preview.stdout);
    assert.doesNotMatch(preview.stdout, /Chosen-Secret-42/, "the secret input must not be shown");
    assert.match(preview.stdout, /secret\s*:\s*\[secret\]/);
    assert.equal(preview.changeSummary.update, 1);
    // The refreshed inputs stay secret where the program's were.
    const { resources } = await exportedResources(s.stack, TYPE);
    const ci = resources.find((r) => r.urn.endsWith("::ci"))!;
    assertCiphertext(ci.inputs.secret, "the refreshed secret input");
    await s.stack.up();
    assert.equal(declaredDescription(s.emu.getRobot(id)!.description), "CI");
    await s.stack.preview({ expectNoChanges: true });
  });

  it("with the duration unknown at preview, the permission rules still run", async () => {
    withUnknownDuration = true;
    try {
      const message = await failureOf(s.stack.preview());
      assert.match(message, /permissions\[0\]\.access/);
      assert.match(message, /grants push without pull/);
    } finally {
      withUnknownDuration = false;
    }
  });
});
