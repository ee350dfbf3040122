// examples/yaml exactly as written, through the `pulumi` CLI as its README runs it (the YAML language
// host, the resource plugin from bin/ on PATH, stack config harbor-robots:*) against the Harbor
// emulator: up, the outputs' credentials log in, a no-change preview, the README's import steps,
// and destroy. Also the main README's YAML program as printed there (only its two hosts replaced).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type HarborEmulator } from "../../emulator";
import { repoRoot } from "../../scripts/engine";
import { cliProject, type CliProject } from "./cli";
import { assertCiphertext, assertNotOnDisk } from "./harness";
import { declaredDescription, parseOwnerMark } from "../../provider/model/owner-mark";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Pulumi's JSON output, read ad hoc
type Json = any;

describe("e2e: examples/yaml through the pulumi CLI", function () {
  this.timeout(600_000);
  let emu: HarborEmulator;
  let p: CliProject;
  const exampleDir = path.join(repoRoot, "examples", "yaml");
  let program = fs.readFileSync(path.join(exampleDir, "Pulumi.yaml"), "utf8");

  const changes = async (): Promise<string[]> =>
    (await p.changes()).map((s: Json) => `${s.op} ${s.urn.split("::").pop()}`);

  before(async () => {
    emu = await startEmulator();
    for (const name of ["team-a-api", "team-a-web", "team-b-data"]) emu.seedProject(name);
    p = await cliProject({ HARBOR_URL: "", HARBOR_USERNAME: "", HARBOR_PASSWORD: "" });
    p.writeProgram(program);
    await p.initStack(emu);
  });
  after(async () => {
    p?.cleanup();
    await emu?.close();
  });

  it("up: the settings and three robots, as the README expects; the credentials log in", async () => {
    await p.pulumi(["up", "--yes"]);
    const robots = emu.listRobots();
    assert.deepEqual(robots.map((r) => r.fullName).sort(), [
      "robot$cluster-puller",
      "robot$team-a-ci",
      "robot$team-b-data+deployer",
    ]);
    const duration = Object.fromEntries(robots.map((r) => [r.fullName, r.duration]));
    assert.equal(duration["robot$team-a-ci"], 90, "the default expiration set by the settings");
    assert.equal(duration["robot$cluster-puller"], -1);
    assert.equal(duration["robot$team-b-data+deployer"], 30);
    const ci = robots.find((r) => r.fullName === "robot$team-a-ci")!;
    assert.deepEqual((ci.permissions as Array<{ namespace: string }>).map((e) => e.namespace).sort(), [
      "team-a-api",
      "team-a-web",
    ]);

    const out = await p.outputs();
    assert.equal(out.ciRobot, "robot$team-a-ci");
    assert.equal(out.deployerRobot, "robot$team-b-data+deployer");
    assert.ok(emu.checkLogin(out.ciRobot, out.ciSecret));
    const docker = JSON.parse(out.pullerDockerConfigJson).auths[new URL(emu.url).host];
    assert.ok(emu.checkLogin(docker.username, docker.password), "the pull secret logs in");

    for (const r of (await p.resources()).filter((r) => r.type === "harbor-robots:index:RobotAccount"))
      assertCiphertext(r.outputs.secret, `${r.urn} secret`);
    assertNotOnDisk([p.backendDir, p.dir], [out.ciSecret, docker.password, emu.admin.password]);
  });

  it("previews no changes", async () => {
    await p.pulumi(["preview", "--expect-no-changes"]);
  });

  it("imports a robot made outside Pulumi as the README says; up only gives it a secret", async () => {
    const legacy = emu.seedRobot({
      name: "legacy-ci",
      description: "made in Harbor's UI",
      duration: 60,
      permissions: [
        { kind: "project", namespace: "team-a-api", access: [{ resource: "repository", action: "pull" }] },
      ],
    });
    const generated = path.join(p.dir, "legacy.yaml");
    const imported = await p.pulumi([
      "import",
      "harbor-robots:index:RobotAccount",
      "legacy-ci",
      String(legacy.id),
      "--yes",
      "--out",
      generated,
    ]);
    assert.match(imported.stdout, /Harbor never returns a robot's secret/);
    // "append the resource from legacy.yaml under `resources:` in Pulumi.yaml"
    const code = fs.readFileSync(generated, "utf8");
    program = program.replace(/^resources:\n/m, `resources:\n${code.replace(/^resources:\n/, "")}`);
    p.writeProgram(program);
    assert.deepEqual(await changes(), ["update legacy-ci"]);
    await p.pulumi(["up", "--yes"]);
    const robot = emu.getRobot(legacy.id)!;
    // The description as imported, now with the owner mark of the resource that imported it.
    assert.equal(declaredDescription(robot.description), "made in Harbor's UI");
    assert.equal(parseOwnerMark(robot.description)?.resource, "legacy-ci");
    assert.equal(robot.duration, 60);
    assert.ok(
      !emu.checkLogin(legacy.fullName, legacy.secret),
      "the secret from before the import stops working",
    );
    const secret = (await p.resources()).find((r) => r.urn.endsWith("::legacy-ci")).outputs.secret;
    assertCiphertext(secret, "the imported robot's new secret");
    await p.pulumi(["preview", "--expect-no-changes"]);
  });

  it("destroy deletes the robots (the imported one once unprotected) and restores the default expiration", async () => {
    await assert.rejects(p.pulumi(["destroy", "--yes"]), /protect/);
    await p.pulumi(["state", "unprotect", "--all", "--yes"]);
    await p.pulumi(["destroy", "--yes"]);
    assert.deepEqual(emu.listRobots(), []);
    assert.equal(emu.getConfig().robot_token_duration, 30);
  });
});

/** The README's YAML program (section "Quick start"), as printed there. */
function readmeYaml(): string {
  const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const block = /\*\*YAML\*\*[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, "README: no ```yaml block after **YAML**");
  return block[1]!;
}

describe("e2e: the README's YAML program through the pulumi CLI", function () {
  this.timeout(600_000);
  let harbor: HarborEmulator;
  let staging: HarborEmulator;
  let p: CliProject;

  before(async () => {
    harbor = await startEmulator();
    staging = await startEmulator();
    for (const name of ["team-a-api", "team-a-web"]) harbor.seedProject(name);
    p = await cliProject({ HARBOR_URL: "", HARBOR_USERNAME: "", HARBOR_PASSWORD: "" });
    // Only the two addresses are the reader's to change; everything else runs as printed.
    const program = readmeYaml()
      .replace("https://harbor.example.com", harbor.url)
      .replace("https://harbor-staging.example.com", staging.url);
    assert.ok(!/example\.com/.test(program), "the README's program names other hosts");
    p.writeProgram(program);
    await p.pulumi(["stack", "init", "dev"]);
    // The commands the snippet's comments ask for.
    await p.pulumi(["config", "set", "--secret", "harbor-robots:password", harbor.admin.password]);
    await p.pulumi(["config", "set", "--secret", "stagingPassword", staging.admin.password]);
  });
  after(async () => {
    p?.cleanup();
    await harbor?.close();
    await staging?.close();
  });

  it("up creates ci on the stack's registry and ci-staging on the second one; pullSecret logs in", async () => {
    await p.pulumi(["up", "--yes"]);
    assert.deepEqual(
      harbor.listRobots().map((r) => [r.fullName, r.duration]),
      [["robot$ci", 90]],
    );
    assert.deepEqual(
      staging.listRobots().map((r) => r.fullName),
      ["robot$ci"],
    );
    const out = await p.outputs();
    const docker = JSON.parse(out.pullSecret).auths[new URL(harbor.url).host];
    assert.ok(harbor.checkLogin(docker.username, docker.password));
    await p.pulumi(["preview", "--expect-no-changes"]);
  });

  it("destroy removes both robots", async () => {
    await p.pulumi(["destroy", "--yes"]);
    assert.deepEqual(harbor.listRobots(), []);
    assert.deepEqual(staging.listRobots(), []);
  });
});
