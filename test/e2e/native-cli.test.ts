// The native provider through the real CLI: a YAML program (Pulumi.yaml) with both resources on two
// registries (the default provider from stack config, an explicit provider resource for the second),
// driven by `pulumi up`, `preview`, `refresh`, `import` and `destroy` as a user runs them.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { startEmulator, type HarborEmulator } from "../../emulator";
import { declaredDescription, markedDescription, parseOwnerMark } from "../../provider/model/owner-mark";
import { repoRoot } from "../../scripts/engine";
import { cliProject, type CliProject } from "./cli";
import { assertCiphertext, assertNotOnDisk } from "./harness";

const PROGRAM = `name: native-yaml
runtime: yaml
config:
  urlB:
    type: string
  passwordB:
    type: string
    secret: true
outputs:
  ciName: \${ci.fullName}
  ciSecret: \${ci.secret}
  deployerSecret: \${deployer.secret}
# Last, so that resources \`pulumi import --out\` generates can be appended.
resources:
  registryB:
    type: pulumi:providers:harbor-robots
    properties:
      url: \${urlB}
      username: admin
      password: \${passwordB}
  settings:
    type: harbor-robots:RobotSettings
    properties:
      defaultExpirationDays: 45
  ci:
    type: harbor-robots:RobotAccount
    properties:
      name: ci
      # The engine tells the provider no organization: the program says it (docs/robot-account.md, Owner mark).
      owner: \${pulumi.organization}/\${pulumi.project}/\${pulumi.stack}/ci
      duration: 10
      permissions:
        - projects: [team-a]
          access: [pull, push]
  deployer:
    type: harbor-robots:RobotAccount
    properties:
      name: deployer
      duration: never
      permissions:
        - scope: allProjects
          access: [pull]
    options:
      provider: \${registryB}
`;

const run = promisify(execFile);

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Pulumi's JSON output, read ad hoc
type Json = any;

describe("native provider through the pulumi CLI (YAML program)", function () {
  let a: HarborEmulator;
  let b: HarborEmulator;
  let p: CliProject;
  let program = PROGRAM;

  before(async function () {
    a = await startEmulator();
    b = await startEmulator();
    a.seedProject("team-a");
    b.seedProject("team-b");
    p = await cliProject({ HARBOR_URL: "", HARBOR_USERNAME: "", HARBOR_PASSWORD: "" });
    p.writeProgram(program);
    await p.initStack(a);
    await p.pulumi(["config", "set", "urlB", b.url]);
    await p.pulumi(["config", "set", "--secret", "passwordB", b.admin.password]);
  });

  after(async function () {
    p?.cleanup();
    await a?.close();
    await b?.close();
  });

  it("up creates each robot on its own registry, secrets encrypted in the state", async () => {
    await p.pulumi(["up", "--yes"]);
    const [ci] = a.listRobots();
    const [deployer] = b.listRobots();
    assert.equal(a.listRobots().length, 1);
    assert.equal(b.listRobots().length, 1);
    assert.equal(ci!.fullName, "robot$ci");
    assert.equal(deployer!.fullName, "robot$deployer");
    // Each carries its owner: the organization where the YAML program gave it, else left empty.
    assert.deepEqual(parseOwnerMark(ci!.description), {
      stack: "organization/native-yaml/dev",
      resource: "ci",
    });
    assert.deepEqual(parseOwnerMark(deployer!.description), {
      stack: "/native-yaml/dev",
      resource: "deployer",
    });
    const out = await p.outputs();
    assert.ok(a.checkLogin(out.ciName, out.ciSecret), "the ci secret output logs in on registry A");
    assert.ok(
      b.checkLogin("robot$deployer", out.deployerSecret),
      "the deployer secret logs in on registry B",
    );

    const robots = (await p.resources()).filter((r) => r.type === "harbor-robots:index:RobotAccount");
    for (const r of robots) {
      for (const key of ["secret", "credentialsJson", "dockerConfigJson"])
        assertCiphertext(r.outputs[key], key);
    }
    assertNotOnDisk([p.backendDir, p.dir], [out.ciSecret, out.deployerSecret, a.admin.password]);
    const settings = (await p.resources()).find((r) => r.type === "harbor-robots:index:RobotSettings");
    assert.equal(settings.outputs.defaultExpirationDays, 45);
  });

  it("preview shows no change after up", async () => {
    assert.deepEqual(await p.changes(), []);
    await p.pulumi(["preview", "--expect-no-changes"]);
  });

  it("refresh picks up an edit made outside Pulumi, and up puts it back", async () => {
    const id = a.listRobots()[0]!.id;
    const res = await fetch(`${a.url}/api/v2.0/robots/${id}`, { headers: auth(a) });
    const robot = (await res.json()) as Json;
    const put = await fetch(`${a.url}/api/v2.0/robots/${id}`, {
      method: "PUT",
      headers: { ...auth(a), "content-type": "application/json" },
      body: JSON.stringify({ ...robot, description: "edited by hand" }),
    });
    assert.ok(put.ok, `PUT failed: ${put.status}`);
    await p.pulumi(["refresh", "--yes"]);
    const ci = (await p.resources()).find((r) => r.urn.endsWith("::ci"));
    assert.equal(ci.outputs.description, "edited by hand");
    await p.pulumi(["up", "--yes"]);
    assert.equal(
      a.getRobot(id)!.description,
      markedDescription("", parseOwnerMark(a.getRobot(id)!.description)),
    );
    assert.equal(
      declaredDescription(a.getRobot(id)!.description),
      "",
      "the edit is put back, with the owner mark",
    );
  });

  it("import rebuilds a robot made outside Pulumi; the next preview changes only its secret", async () => {
    const seeded = a.seedRobot({
      name: "outside",
      level: "project",
      project: "team-a",
      description: "made by hand",
      duration: 20,
      permissions: [
        {
          kind: "project",
          namespace: "team-a",
          access: [
            { resource: "repository", action: "pull" },
            { resource: "artifact", action: "delete", effect: "deny" },
          ],
        },
      ],
    });
    const imported = await p.importResource("harbor-robots:index:RobotAccount", "outside", seeded.id, [
      "--protect=false",
    ]);
    assert.match(imported.stdout, /Harbor never returns a robot's secret/);
    const code = imported.code;
    assert.match(code, /name: outside/);
    assert.match(code, /level: project/);
    assert.match(code, /duration: 20/);

    program += code.replace(/^resources:\n/, "");
    p.writeProgram(program);
    const steps = await p.changes();
    assert.deepEqual(
      steps.map((s) => [s.op, s.urn.split("::").pop()]),
      [["update", "outside"]],
      "only the imported robot changes (its secret)",
    );
    await p.pulumi(["up", "--yes"]);
    const robot = (await p.resources()).find((r) => r.urn.endsWith("::outside"));
    assertCiphertext(robot.outputs.secret, "imported robot's new secret");
    assert.ok(
      !a.checkLogin(seeded.fullName, seeded.secret),
      "the secret from before the import stops working",
    );
    await p.pulumi(["preview", "--expect-no-changes"]);
  });

  it("imports RobotSettings by registry through an explicit provider", async () => {
    const providerUrn = (await p.resources()).find((r) =>
      r.urn.endsWith("pulumi:providers:harbor-robots::registryB"),
    ).urn;
    const host = new URL(b.url).host;
    const { code } = await p.importResource("harbor-robots:index:RobotSettings", "settingsB", host, [
      "--provider",
      `registryB=${providerUrn}`,
      "--protect=false",
    ]);
    const state = (await p.resources()).find((r) => r.urn.endsWith("::settingsB"));
    assert.equal(state.outputs.namePrefix, "robot$");
    assert.equal(state.outputs.defaultExpirationDays, 30);
    program += code.replace(/^resources:\n/, "");
    p.writeProgram(program);
    await p.pulumi(["preview", "--expect-no-changes"]);
  });

  it("works with the plugin installed by `pulumi plugin install --file` instead of found on PATH", async () => {
    const pluginDir = path.join(p.dir, "..", "plugin");
    await run(process.execPath, [
      path.join(repoRoot, "bin", "pulumi-resource-harbor-robots"),
      "--plugin-dir",
      pluginDir,
    ]);
    const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, "package.json"), "utf8"));
    await p.pulumi(["plugin", "install", "resource", "harbor-robots", version, "--file", pluginDir]);
    const withoutBin = p.env
      .PATH!.split(path.delimiter)
      .filter((d) => d !== path.join(repoRoot, "bin"))
      .join(path.delimiter);
    const preview = await p.pulumi(["preview", "--expect-no-changes"], { env: { PATH: withoutBin } });
    assert.doesNotMatch(preview.stdout + preview.stderr, /pulumi-resource-harbor-robots from \$PATH/);
  });

  it("destroy removes every robot from both registries and restores the settings", async () => {
    await p.pulumi(["destroy", "--yes"]);
    assert.deepEqual(a.listRobots(), []);
    assert.deepEqual(b.listRobots(), []);
    assert.equal(a.getConfig().robot_token_duration, 30);
  });
});

function auth(emu: HarborEmulator): Record<string, string> {
  return {
    authorization: `Basic ${Buffer.from(`${emu.admin.username}:${emu.admin.password}`).toString("base64")}`,
  };
}
