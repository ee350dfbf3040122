// An example installed as examples/README.md says (`npm install` in its folder, which links this
// checkout through `file:`), its TypeScript program run by the example's own @pulumi/pulumi through
// ts-node, as the Node.js language host runs it (the tests do not build that host, see docs/contributing.md).
// Through a symlink the package would load this checkout's @pulumi/pulumi beside the project's, and
// every resource would fail to register; the examples' .npmrc (install-links) and the package's peer
// dependency on @pulumi/pulumi keep one copy.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { startEmulator, type HarborEmulator } from "../../emulator";
import { ensureEngine, repoRoot } from "../../scripts/engine";

const run = promisify(execFile);

/** Runs the program as the language host would: the project's own @pulumi/pulumi and ts-node. */
const HOST = `
const path = require("node:path");
const dir = process.cwd();
const { LocalWorkspace } = require(path.join(dir, "node_modules/@pulumi/pulumi/automation"));
// Pulumi's defaults for a TypeScript program without a tsconfig.json, type-checked.
require(path.join(dir, "node_modules/ts-node")).register({
  compilerOptions: { module: "commonjs", moduleResolution: "node", target: "es2020", types: ["node"] },
});
(async () => {
  const program = require(path.join(dir, "index.ts"));
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName: "example", stackName: "dev", program },
    { workDir: dir, projectSettings: { name: "example", runtime: "nodejs", main: dir } },
  );
  const up = await stack.up();
  const name = up.outputs.robotFullName.value;
  const secret = up.outputs.robotSecret.value;
  const auth = Buffer.from(name + ":" + secret).toString("base64");
  const login = await fetch(process.env.HARBOR_URL + "/api/v2.0/users/current", {
    headers: { authorization: "Basic " + auth },
  });
  await stack.preview({ expectNoChanges: true });
  const down = await stack.destroy();
  console.log(JSON.stringify({ up: up.summary.result, name, secretIsSecret: up.outputs.robotSecret.secret,
    login: login.status, destroy: down.summary.result }));
})().catch((e) => { console.error(e.message); process.exit(1); });
`;

describe("e2e: an example installed with npm, run by its own @pulumi/pulumi", function () {
  this.timeout(600_000);
  let emu: HarborEmulator;
  let dir: string;

  before(async () => {
    emu = await startEmulator();
    emu.seedProject("team-b-data");
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "phr-example-"));
    const example = path.join(repoRoot, "examples", "project-robot");
    for (const f of ["index.ts", "Pulumi.yaml", ".npmrc"])
      fs.copyFileSync(path.join(example, f), path.join(dir, f));
    // The same dependency as in the repository, from this folder.
    const manifest = fs.readFileSync(path.join(example, "package.json"), "utf8");
    fs.writeFileSync(path.join(dir, "package.json"), manifest.replace('"file:../.."', `"file:${repoRoot}"`));
    fs.writeFileSync(path.join(dir, "host.js"), HOST);
  });
  after(async () => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    await emu?.close();
  });

  it("npm install gives the project one @pulumi/pulumi, shared by the package", async () => {
    await run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund"], {
      cwd: dir,
      maxBuffer: 16 * 1024 * 1024,
    });
    const pkg = path.join(dir, "node_modules", "pulumi-harbor-robots");
    assert.ok(!fs.lstatSync(pkg).isSymbolicLink(), "pulumi-harbor-robots must be installed, not linked");
    const seenByPackage = require.resolve("@pulumi/pulumi", { paths: [fs.realpathSync(pkg)] });
    assert.equal(
      seenByPackage,
      require.resolve("@pulumi/pulumi", { paths: [dir] }),
      "the package must load the project's @pulumi/pulumi",
    );
  });

  it("up creates the project robot, its secret logs in and stays secret; preview is clean; destroy", async () => {
    const engine = await ensureEngine();
    const { stdout } = await run(process.execPath, ["host.js"], {
      cwd: dir,
      env: {
        ...process.env,
        ...emu.harborEnv(),
        PULUMI_BACKEND_URL: `file://${dir}`,
        PULUMI_CONFIG_PASSPHRASE: "correct horse battery staple",
        PULUMI_HOME: path.join(dir, ".pulumi-home"),
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        // The engine and its dynamic-provider shim, and Node ≥ 22 for the provider process.
        PATH: [engine.binDir, path.dirname(process.execPath), process.env.PATH].join(path.delimiter),
      },
      maxBuffer: 16 * 1024 * 1024,
    });
    const result = JSON.parse(stdout.trim().split("\n").pop()!);
    assert.deepEqual(result, {
      up: "succeeded",
      name: "robot$team-b-data+cleanup",
      secretIsSecret: true,
      login: 412, // Harbor's answer to a robot that logged in
      destroy: "succeeded",
    });
    assert.deepEqual(emu.listRobots(), []);
  });
});
