// A TypeScript program on the dynamic provider, through the real engine (Automation API) against
// the emulator: getRobotInventory classifies this stack's robots, another stack's and hand-made
// ones; the least-privilege findings are engine warnings at preview, and harbor:strict turns them
// into a failed preview; broadAccessReason exempts a robot.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import { startEmulator, type HarborEmulator } from "../../emulator";
import { getRobotInventory, RobotAccount, type RobotAccountArgs } from "../../sdk";
import { diagnostics, emulatorStack, failureOf, type EmulatorStack } from "./harness";
import { emulatorOnNetwork } from "../helpers/network-address";

const pushEverywhere: RobotAccountArgs = {
  duration: 30,
  permissions: [{ scope: "allProjects", access: ["pull", "push"] }],
};

/** Robots `names` (auto-named: two stacks of one program get different robots), and the inventory. */
function program(robots: Record<string, RobotAccountArgs>) {
  return async () => {
    for (const [name, args] of Object.entries(robots)) new RobotAccount(name, args);
    const { robots: listed } = await getRobotInventory();
    return {
      inventory: pulumi.output(
        listed.map((r) => ({
          fullName: r.fullName,
          ownerClass: r.ownerClass,
          owner: r.owner,
          disabled: r.disabled,
        })),
      ),
    };
  };
}

const narrow: RobotAccountArgs = { duration: 30, permissions: [{ projects: ["team-a"], access: ["pull"] }] };

describe("e2e: getRobotInventory and least privilege in a TypeScript program", function () {
  this.timeout(600_000);
  let emu: HarborEmulator;
  let dev: EmulatorStack;
  let prod: EmulatorStack;

  before(async () => {
    emu = await startEmulator();
    emu.seedProject("team-a");
    emu.seedRobot({ name: "by-hand", description: "made in the UI" });
    emu.seedRobot({ name: "off", disabled: true, duration: 5 });
    const robots = {
      ci: narrow,
      release: { ...pushEverywhere, broadAccessReason: "pushes base images to every project" },
    };
    dev = await emulatorStack("inventory-ts", program(robots), { emu, stackName: "dev" });
    prod = await emulatorStack("inventory-ts", program({ ci: narrow }), { emu, stackName: "prod" });
    for (const s of [dev, prod])
      for (const [key, value] of Object.entries(s.env)) {
        // The program itself reads Harbor: stack config, as a user would set it.
        const configKey = {
          HARBOR_URL: "harbor:url",
          HARBOR_USERNAME: "harbor:username",
          HARBOR_PASSWORD: "harbor:password",
        }[key];
        if (configKey) await s.stack.setConfig(configKey, { value, secret: key === "HARBOR_PASSWORD" });
      }
    await prod.stack.up();
    await dev.stack.up();
  });
  after(async () => {
    await dev?.stack.destroy().catch(() => undefined);
    await prod?.stack.destroy().catch(() => undefined);
    await dev?.close();
    await prod?.close();
    await emu?.close();
  });

  it("classifies this stack's robots, another stack's and hand-made ones", async () => {
    // The inventory was taken when the program started: `up` again to see dev's own robots listed.
    await dev.stack.up();
    const inventory = (await dev.stack.outputs()).inventory!.value as Array<{
      fullName: string;
      ownerClass: string;
      owner: { stack: string; resource: string } | null;
      disabled: boolean;
    }>;
    const classOf = (pred: (r: (typeof inventory)[number]) => boolean) =>
      inventory.filter(pred).map((r) => r.ownerClass);
    assert.deepEqual(
      classOf((r) => r.owner?.resource === "release"),
      ["thisStack"],
    );
    assert.deepEqual(
      classOf((r) => r.owner?.resource === "ci").sort(),
      ["otherStack", "thisStack"],
      "ci of dev (this stack) and ci of prod (another stack)",
    );
    assert.deepEqual(
      inventory.filter((r) => r.ownerClass === "thisStack").map((r) => r.owner!.stack),
      ["organization/inventory-ts/dev", "organization/inventory-ts/dev"],
    );
    assert.deepEqual(
      classOf((r) => r.fullName === "robot$by-hand"),
      ["unmanaged"],
    );
    assert.deepEqual(
      inventory.filter((r) => r.fullName === "robot$off").map((r) => [r.ownerClass, r.disabled]),
      [["unmanaged", true]],
    );
    assert.equal(inventory.length, 5);
  });

  it("warns at preview about write access over all projects, naming the robot and the grant", async () => {
    const broad = await emulatorStack(
      "inventory-ts",
      async () => {
        new RobotAccount("wide", { name: "wide", ...pushEverywhere });
        new RobotAccount("forever", {
          name: "forever",
          duration: "never",
          permissions: [{ projects: ["team-a"], access: ["pull", "push"] }],
        });
        new RobotAccount("fine", { name: "fine", ...narrow });
      },
      { emu, stackName: "broad" },
    );
    try {
      const atPreview = diagnostics();
      await broad.stack.preview({ onEvent: atPreview.onEvent });
      const warned = atPreview.warnings().join("\n");
      assert.match(
        warned,
        /robot wide: permissions\[0\] grants repository:push over all projects, including projects created later/,
      );
      assert.match(
        warned,
        /robot forever never expires \(duration: "never"\) and has write access \(repository:push\)/,
      );
      assert.doesNotMatch(warned, /robot fine/);

      await broad.stack.setConfig("harbor:strict", { value: "true" });
      const failed = await failureOf(broad.stack.preview());
      // The engine stops at the first resource whose check fails: either broad robot, never "fine".
      assert.match(
        failed,
        /robot (wide: permissions\[0\] grants repository:push over all projects|forever never expires)[^\n]*\(harbor:strict is true, so this fails the preview\.\)/,
      );
      assert.doesNotMatch(failed, /robot fine/);
      assert.equal(emu.listRobots().filter((r) => ["wide", "forever", "fine"].includes(r.name)).length, 0);
    } finally {
      await broad.close();
    }
  });

  it("warns when getRobotInventory would send the password in clear text (http:// to a host that is not loopback)", async function () {
    const remote = await emulatorOnNetwork(this);
    const reader = await emulatorStack(
      "inventory-ts",
      async () => {
        const { robots } = await getRobotInventory({
          connection: { url: remote.url, username: remote.admin.username, password: remote.admin.password },
        });
        return { count: robots.length };
      },
      { emu, stackName: "reader" },
    );
    try {
      const seen = diagnostics();
      await reader.stack.preview({ onEvent: seen.onEvent });
      const warned = seen.warnings().join("\n");
      assert.match(
        warned,
        /getRobotInventory: http:\/\/[\d.]+:\d+ is an http:\/\/ URL: the password of 'admin' travels in clear text to it/,
      );
      assert.doesNotMatch(warned, new RegExp(remote.admin.password));
    } finally {
      await reader.close();
      await remote.close();
    }
  });
});
