// The robot inventory on a real Harbor: `pulumi-harbor-robots inventory` (the package's command, as
// a user runs it) over robots of this stack (a YAML program on the native provider), of another
// stack (its owner mark written by hand), made by hand, disabled and about to expire, with the
// creator Harbor records from 2.12 on; expired robots through the command run on a clock 20 days
// ahead (a real Harbor's clock cannot move); the import file through `pulumi import --file`, whose
// next preview only re-issues secrets; the least-privilege warning and harbor-robots:strict.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { atLeast, parseHarborVersion } from "../../provider/client/version";
import { markedDescription } from "../../provider/model/owner-mark";
import { repoRoot } from "../../scripts/engine";
import { cliProject, type CliProject } from "../e2e/cli";
import { clockShiftEnv } from "./clock-shift";
import { run } from "./run";

const exec = promisify(execFile);
const STACK = "organization/acc-inventory/dev";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the command's and Pulumi's JSON, read ad hoc
type Json = any;

describe("acceptance: the robot inventory on a real Harbor", function () {
  this.timeout(600_000);
  const project = run.name("inv");
  const pull = [{ resource: "repository", action: "pull" }];
  const ids = { byHand: 0, soon: 0, off: 0, builder: 0, theirs: 0 };
  let p: CliProject;
  let program = "";

  /** The command as a user runs it (HARBOR_* for the target), with its exit status. */
  const inventory = async (args: string[], env: Record<string, string> = {}) => {
    try {
      const { stdout, stderr } = await exec(
        process.execPath,
        [path.join(repoRoot, "bin", "pulumi-harbor-robots"), "inventory", "--project", project, ...args],
        { env: { ...process.env, ...run.harborEnv, ...env }, maxBuffer: 64 * 1024 * 1024 },
      );
      return { code: 0, stdout, stderr };
    } catch (e) {
      const err = e as { code?: number; stdout?: string; stderr?: string };
      return { code: err.code ?? -1, stdout: err.stdout ?? "", stderr: err.stderr ?? "" };
    }
  };
  /** Our robots in the command's JSON (a shared Harbor may hold others), by the key they were made as. */
  const ours = (stdout: string, ciId?: number) => {
    const byId = new Map<number, Json>(JSON.parse(stdout).map((r: Json) => [r.id, r]));
    const keyed = Object.fromEntries(Object.entries(ids).map(([k, id]) => [k, byId.get(id)]));
    return ciId === undefined ? keyed : { ...keyed, ci: byId.get(ciId) };
  };
  const ciId = async () => (await p.resources()).find((r: Json) => r.urn.endsWith("::ci")).outputs.robotId;

  before(async () => {
    await run.harbor.createProject(project);
    const robot = async (tag: string, duration: number, extra: Record<string, unknown> = {}) =>
      (
        await run.harbor.createRobot({
          name: run.name(tag),
          level: "system",
          duration,
          permissions: [{ kind: "project", namespace: project, access: pull }],
          ...extra,
        })
      ).id;
    ids.byHand = await robot("inv-byhand", -1, {
      description: "made in the UI",
      permissions: [
        { kind: "project", namespace: "*", access: [...pull, { resource: "repository", action: "push" }] },
      ],
    });
    ids.soon = await robot("inv-soon", 10);
    ids.off = await robot("inv-off", 60);
    await run.harbor.editRobot(ids.off, { disable: true });
    ids.builder = await robot("inv-builder", 60, { level: "project" });
    ids.theirs = await robot("inv-theirs", 60, {
      description: markedDescription("theirs", { stack: "acme/other/prod", resource: "deployer" }),
    });

    p = await cliProject({ HARBOR_URL: "", HARBOR_USERNAME: "", HARBOR_PASSWORD: "", HARBOR_VERSION: "" });
    run.onCleanup("remove the CLI project's folders", () => p.cleanup());
    program = `name: acc-inventory
runtime: yaml
resources:
  ci:
    type: harbor-robots:RobotAccount
    properties:
      name: ${run.name("inv-ci")}
      owner: \${pulumi.organization}/\${pulumi.project}/\${pulumi.stack}/ci
      duration: 30
      permissions:
        - projects: [${project}]
          access: [pull, push]
`;
    p.writeProgram(program);
    await p.initStack({
      url: run.target.url,
      admin: { username: run.target.username, password: run.target.password },
    });
    await p.pulumi(["config", "set", "harbor-robots:harborVersion", run.harborEnv.HARBOR_VERSION!]);
    await p.pulumi(["up", "--yes"]);
  });

  it("classifies each robot: this stack's, another stack's, hand-made, disabled, a project robot", async () => {
    const { code, stdout, stderr } = await inventory(["-o", "json", "--stack", STACK]);
    assert.equal(code, 0, stderr);
    const r = ours(stdout, await ciId()) as Record<string, Json>;
    assert.equal(r.ci.ownerClass, "thisStack");
    assert.deepEqual(r.ci.owner, { stack: STACK, resource: "ci" });
    assert.equal(r.theirs.ownerClass, "otherStack");
    assert.deepEqual(r.theirs.owner, { stack: "acme/other/prod", resource: "deployer" });
    assert.equal(r.theirs.description, "theirs", "the description without the mark");
    for (const k of ["byHand", "soon", "off", "builder"]) assert.equal(r[k].ownerClass, "unmanaged", k);
    assert.equal(r.off.disabled, true);
    assert.equal(r.builder.level, "project");
    assert.deepEqual(r.builder.projects, [project]);
    assert.deepEqual(r.byHand.projects, ["*"]);
    assert.equal(r.byHand.expiresAt, null);
    assert.equal(r.soon.daysLeft, 10);
    const version = parseHarborVersion(run.harborEnv.HARBOR_VERSION!)!;
    if (atLeast(version, 2, 12)) {
      assert.equal(r.byHand.creator.type, "local", "made by the administrator");
      assert.equal(typeof r.byHand.creator.ref, "number");
    } else assert.equal(r.byHand.creator, null, `Harbor ${run.harborEnv.HARBOR_VERSION} records no creator`);
  });

  it("--expiring-within exits 1 exactly when a robot expires within the window; 20 days on, expired ones are expired", async () => {
    const within = await inventory(["--expiring-within", "14d"]);
    assert.equal(within.code, 1);
    assert.match(
      within.stderr,
      new RegExp(`${run.name("inv-soon")} \\(id ${ids.soon}\\), owner unmanaged: expires `),
    );
    const short = await inventory(["--expiring-within", "5d"]);
    assert.equal(short.code, 0, short.stderr);

    const later = await inventory(
      ["-o", "json", "--stack", STACK, "--expiring-within", "14d"],
      clockShiftEnv(20),
    );
    assert.equal(later.code, 1, "20 days on, ci (30 days) has 10 left");
    const listed = JSON.parse(later.stdout).map((x: Json) => x.id);
    assert.ok(listed.includes(await ciId()));
    assert.ok(!listed.includes(ids.soon), "soon has expired by then: not expiring any more");
    assert.match(later.stderr, new RegExp(`owner ${STACK} \\(ci\\) \\[this stack\\]: expires `));
    const all = ours((await inventory(["-o", "json"], clockShiftEnv(20))).stdout) as Record<string, Json>;
    assert.equal(all.soon.expired, true);
    assert.equal(all.soon.daysLeft, -11, "expired 10 days and some seconds ago: the 11th day has begun");
    assert.equal(all.builder.expired, false);
  });

  it("the import file adopts the unmanaged robots with pulumi import --file; the next preview only re-issues their secrets", async () => {
    const file = path.join(p.dir, "robots.json");
    const listed = await inventory(["--unmanaged", "--import-file", file]);
    assert.equal(listed.code, 0, listed.stderr);
    // A shared Harbor may hold other unmanaged robots over all projects: import only ours.
    const mine = new Set([ids.byHand, ids.soon, ids.off, ids.builder].map(String));
    const entries = JSON.parse(fs.readFileSync(file, "utf8")).resources.filter((e: Json) => mine.has(e.id));
    assert.equal(entries.length, 4);
    fs.writeFileSync(file, JSON.stringify({ resources: entries }));

    const generated = path.join(p.dir, "imported.yaml");
    await p.pulumi(["import", "--file", file, "--yes", "--protect=false", "--out", generated]);
    program += fs.readFileSync(generated, "utf8").replace(/^resources:\n/, "");
    p.writeProgram(program);
    const steps = (await p.changes()).filter((s: Json) => s.type !== "pulumi:pulumi:Stack");
    assert.deepEqual(
      steps.map((s: Json) => s.op),
      ["update", "update", "update", "update"],
    );
    for (const s of steps) {
      const { owner: _owner, ...inputs } = s.newState.inputs;
      assert.deepEqual(inputs, s.oldState.inputs, `${s.urn}: no input changes, only the secret`);
    }
  });

  it("warns about the hand-made robot's push over all projects; harbor-robots:strict fails the preview", async () => {
    const preview = await p.pulumi(["preview"]);
    assert.match(
      preview.stdout + preview.stderr,
      new RegExp(
        `robot ${run.name("inv-byhand")}: permissions\\[0\\] grants repository:push over all projects`,
      ),
    );
    await p.pulumi(["config", "set", "harbor-robots:strict", "true"]);
    await assert.rejects(p.pulumi(["preview"]), /harbor-robots:strict is true, so this fails the preview/);
    await p.pulumi(["config", "rm", "harbor-robots:strict"]);
  });

  it("up marks the adopted robots: the inventory counts them as this stack's; destroy deletes them", async () => {
    await p.pulumi(["up", "--yes"]);
    const after = ours((await inventory(["-o", "json", "--stack", STACK])).stdout) as Record<string, Json>;
    for (const k of ["byHand", "soon", "off", "builder"]) assert.equal(after[k].ownerClass, "thisStack", k);
    assert.equal(after.theirs.ownerClass, "otherStack");
    await p.pulumi(["destroy", "--yes"]);
    for (const k of ["byHand", "soon", "off", "builder"] as const)
      assert.equal(await run.harbor.robot(ids[k]), undefined, `${k} destroyed`);
  });
});
