// The inventory through the real CLI and the real engine, with a YAML project on the native
// provider: a registry holding this stack's robots, another stack's, hand-made, expired, disabled
// and expiring ones is classified robot by robot (`pulumi-harbor-robots inventory`, and the YAML
// program's own `fn::invoke`); the expiry check exits 1 exactly when a robot expires within the
// window; the import file adopts every unmanaged robot with `pulumi import --file`, after which
// `pulumi preview` plans only their secrets' re-issue; harbor-robots:strict fails the preview on a
// hand-made robot's broad grant until it states why.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { startEmulator, type HarborEmulator } from "../../emulator";
import { repoRoot } from "../../scripts/engine";
import { cliProject, type CliProject } from "./cli";

const run = promisify(execFile);
const DAY_MS = 86_400_000;

// Auto-named robots (no `name`): the two stacks of this program get different robots on one Harbor.
const PROGRAM = `name: inventory-yaml
runtime: yaml
variables:
  unmanaged:
    fn::invoke:
      function: harbor-robots:index:getRobotInventory
      arguments:
        stack: \${pulumi.organization}/\${pulumi.project}/\${pulumi.stack}
        owner: unmanaged
      return: robots
outputs:
  unmanaged: \${unmanaged}
# Last, so that resources \`pulumi import --out\` generates can be appended.
resources:
  ci:
    type: harbor-robots:RobotAccount
    properties:
      # The engine tells the provider no organization: the program says it (docs/inventory.md).
      owner: \${pulumi.organization}/\${pulumi.project}/\${pulumi.stack}/ci
      duration: 30
      permissions:
        - projects: [team-a]
          access: [pull, push]
`;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Pulumi's and the command's JSON, read ad hoc
type Json = any;

describe("e2e: robot inventory through the pulumi CLI (YAML, native provider)", function () {
  let emu: HarborEmulator;
  let p: CliProject;
  let program = PROGRAM;
  const seeded = { byHand: 0, old: 0, off: 0, soon: 0, builder: 0, legacy: 0 };
  const THIS = "organization/inventory-yaml/dev";

  /** `pulumi-harbor-robots …` as a user runs it: the package's bin, HARBOR_* for the emulator. */
  const inventory = async (...args: string[]) => {
    try {
      const { stdout, stderr } = await run(
        process.execPath,
        [path.join(repoRoot, "bin", "pulumi-harbor-robots"), "inventory", ...args],
        { env: { ...process.env, ...emu.harborEnv() } },
      );
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code?: number; stdout?: string; stderr?: string };
      return { code: err.code ?? -1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
    }
  };

  before(async () => {
    emu = await startEmulator();
    emu.seedProject("team-a");
    // Hand-made robots, made 1.5 days ago on Harbor's clock, which then follows the real one (the
    // command judges expiry by this machine's clock).
    emu.setClock(Date.now() - 1.5 * DAY_MS);
    seeded.byHand = emu.seedRobot({
      name: "by-hand",
      description: "made in the UI",
      permissions: [
        {
          kind: "project",
          namespace: "*",
          access: [
            { resource: "repository", action: "pull" },
            { resource: "repository", action: "push" },
          ],
        },
      ],
    }).id;
    seeded.old = emu.seedRobot({ name: "old", duration: 1 }).id;
    seeded.off = emu.seedRobot({ name: "off", duration: 5, disabled: true }).id;
    seeded.soon = emu.seedRobot({ name: "soon", duration: 10 }).id;
    seeded.builder = emu.seedRobot({ name: "builder", project: "team-a", duration: 90 }).id;
    seeded.legacy = emu.seedLegacyRobot("ancient").id;
    emu.setClock(undefined);

    p = await cliProject({ HARBOR_URL: "", HARBOR_USERNAME: "", HARBOR_PASSWORD: "" });
    p.writeProgram(program);
    await p.pulumi(["stack", "init", "other"]);
    for (const stack of ["other", "dev"]) {
      if (stack === "dev") await p.pulumi(["stack", "init", "dev"]);
      await p.pulumi(["config", "set", "harbor-robots:url", emu.url]);
      await p.pulumi(["config", "set", "harbor-robots:username", emu.admin.username]);
      await p.pulumi(["config", "set", "--secret", "harbor-robots:password", emu.admin.password]);
      await p.pulumi(["up", "--yes"]);
    }
  });

  after(async () => {
    p?.cleanup();
    await emu?.close();
  });

  it("classifies every robot: this stack, another stack, hand-made, expired, disabled, legacy", async () => {
    const { code, stdout, stderr } = await inventory("-o", "json", "--stack", THIS);
    assert.equal(code, 0, stderr);
    const robots: Json[] = JSON.parse(stdout);
    const byId = new Map(robots.map((r) => [r.id, r]));
    const ours = robots.filter((r) => r.owner?.resource === "ci");
    assert.deepEqual(ours.map((r) => [r.owner.stack, r.ownerClass]).sort(), [
      ["organization/inventory-yaml/dev", "thisStack"],
      ["organization/inventory-yaml/other", "otherStack"],
    ]);
    for (const id of Object.values(seeded))
      assert.equal(byId.get(id)?.ownerClass, "unmanaged", `robot ${id}`);
    assert.equal(byId.get(seeded.old).expired, true);
    assert.equal(byId.get(seeded.off).disabled, true);
    assert.equal(byId.get(seeded.legacy).editable, false);
    assert.deepEqual(byId.get(seeded.builder).projects, ["team-a"]);
    assert.equal(byId.get(seeded.byHand).description, "made in the UI");
    assert.deepEqual(byId.get(seeded.byHand).creator, { type: "local", ref: 1 });
    assert.equal(robots.length, 2 + Object.keys(seeded).length);
  });

  it("the YAML program's fn::invoke lists the same unmanaged robots", async () => {
    const unmanaged: Json[] = (await p.outputs()).unmanaged;
    assert.deepEqual(
      unmanaged.map((r) => r.id).sort((a, b) => a - b),
      Object.values(seeded).sort((a, b) => a - b),
    );
  });

  it("--expiring-within exits 1 exactly when a robot expires within the window, naming it", async () => {
    const within = await inventory("--expiring-within", "14d", "--stack", THIS);
    assert.equal(within.code, 1);
    assert.match(within.stderr, /^1 robot expires within 14 day\(s\):$/m);
    assert.match(
      within.stderr,
      new RegExp(`robot\\$soon \\(id ${seeded.soon}\\), owner unmanaged: expires \\S+, 9 day\\(s\\) left`),
    );
    const window = await inventory("--expiring-within", "8d");
    assert.equal(window.code, 0, "soon has 8.5 days left: not within 8");
    assert.match(window.stderr, /no robot expires within 8 day\(s\)/);
    const wide = await inventory("--expiring-within", "31d", "-o", "json", "--stack", THIS);
    assert.equal(wide.code, 1);
    assert.deepEqual(
      JSON.parse(wide.stdout)
        .map((r: Json) => r.owner?.stack ?? r.fullName)
        .sort(),
      ["organization/inventory-yaml/dev", "organization/inventory-yaml/other", "robot$soon"],
      "both stacks' ci (30 days) and soon; not the disabled, expired or never-expiring ones",
    );
  });

  it("--unmanaged --import-file, then pulumi import --file: the next preview only re-issues their secrets", async () => {
    const file = path.join(p.dir, "robots.json");
    const listed = await inventory("--unmanaged", "--import-file", file, "--stack", THIS);
    assert.equal(listed.code, 0, listed.stderr);
    const entries: Json[] = JSON.parse(fs.readFileSync(file, "utf8")).resources;
    const importable = Object.entries(seeded)
      .filter(([k]) => k !== "legacy")
      .map(([, id]) => String(id));
    assert.deepEqual(entries.map((e) => e.id).sort(), importable.sort());

    const generated = path.join(p.dir, "imported.yaml");
    const imported = await p.pulumi([
      "import",
      "--file",
      file,
      "--yes",
      "--protect=false",
      "--out",
      generated,
    ]);
    assert.match(imported.stdout, /Harbor never returns a robot's secret/);
    program += fs.readFileSync(generated, "utf8").replace(/^resources:\n/, "");
    p.writeProgram(program);

    const steps = (await p.changes()).filter((s: Json) => s.type !== "pulumi:pulumi:Stack");
    assert.deepEqual(
      steps.map((s: Json) => s.op),
      entries.map(() => "update"),
      "one in-place update per imported robot, nothing else",
    );
    assert.deepEqual(
      steps.map((s: Json) => s.urn.split("::").pop()).sort(),
      entries.map((e) => e.name).sort(),
    );
    // The program declares what Harbor holds: each update is the secret the imported state lacks. The
    // provider adds the owner (from the URN; YAML gives no organization), which the update marks.
    for (const s of steps) {
      const { owner, ...inputs } = s.newState.inputs;
      assert.deepEqual(inputs, s.oldState.inputs, `${s.urn}: no input changes, only the secret`);
      assert.equal(owner, `/inventory-yaml/dev/${s.urn.split("::").pop()}`);
    }
  });

  it("warns about the hand-made robot's push over all projects; harbor-robots:strict fails the preview until it says why", async () => {
    const preview = await p.pulumi(["preview"]);
    assert.match(
      preview.stdout + preview.stderr,
      /robot by-hand: permissions\[0\] grants repository:push over all projects/,
    );
    await p.pulumi(["config", "set", "harbor-robots:strict", "true"]);
    await assert.rejects(p.pulumi(["preview"]), (e: Error) => {
      assert.match(e.message, /robot by-hand: permissions\[0\] grants repository:push over all projects/);
      assert.match(e.message, /harbor-robots:strict is true, so this fails the preview/);
      return true;
    });
    const name = JSON.parse(fs.readFileSync(path.join(p.dir, "robots.json"), "utf8")).resources.find(
      (e: Json) => e.id === String(seeded.byHand),
    ).name;
    program = program.replace(
      new RegExp(`(\\n  ${name}:\\n    type: harbor-robots:(?:index:)?RobotAccount\\n    properties:\\n)`),
      `$1      broadAccessReason: pushes base images to every project\n`,
    );
    p.writeProgram(program);
    const allowed = await p.pulumi(["preview"]);
    assert.doesNotMatch(allowed.stdout + allowed.stderr, /robot by-hand: permissions/);
    await p.pulumi(["config", "rm", "harbor-robots:strict"]);
  });

  it("up issues their secrets and marks them: the inventory then counts them as this stack's", async () => {
    await p.pulumi(["up", "--yes"]);
    const { code, stdout } = await inventory("-o", "json", "--stack", THIS);
    assert.equal(code, 0);
    const classOf = new Map(JSON.parse(stdout).map((r: Json) => [r.id, r.ownerClass]));
    for (const [k, id] of Object.entries(seeded))
      assert.equal(classOf.get(id), k === "legacy" ? "unmanaged" : "thisStack", `${k} (${id})`);
    await p.pulumi(["preview", "--expect-no-changes"]);
  });

  it("destroy removes the stack's robots and the imported ones", async () => {
    await p.pulumi(["destroy", "--yes"]);
    const left = emu.listRobots().map((r) => r.id);
    for (const [k, id] of Object.entries(seeded))
      assert.equal(
        left.includes(id),
        k === "legacy",
        `${k} (${id}) ${k === "legacy" ? "kept" : "destroyed"}`,
      );
  });
});
