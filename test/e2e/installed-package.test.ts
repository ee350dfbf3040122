// The package as a user's project has it: installed under node_modules (the files `npm pack` ships),
// not this checkout. Pulumi then stores only a require() of the shim module in the state, and the
// provider process loads the installed package from the program's folder.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type HarborEmulator } from "../../emulator";
import { createLocalStack, exportStackEncrypted, repoRoot, type LocalStack } from "../../scripts/engine";

/** A project folder with the packed package in node_modules and this checkout's dependencies beside it. */
function installPackedPackage(): string {
  const project = fs.mkdtempSync(path.join(os.tmpdir(), "phr-user-project-"));
  const modules = path.join(project, "node_modules");
  fs.mkdirSync(modules);
  const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", project], {
    cwd: repoRoot,
    encoding: "utf8",
  })
    .trim()
    .split("\n")
    .pop()!;
  const pkg = path.join(modules, "pulumi-harbor-robots");
  fs.mkdirSync(pkg);
  execFileSync("tar", ["-xzf", path.join(project, tarball), "-C", pkg, "--strip-components=1"]);
  for (const entry of fs.readdirSync(path.join(repoRoot, "node_modules"))) {
    if (entry === "pulumi-harbor-robots" || entry.startsWith(".")) continue;
    fs.symlinkSync(path.join(repoRoot, "node_modules", entry), path.join(modules, entry));
  }
  return project;
}

describe("e2e: the package installed under node_modules", function () {
  this.timeout(600_000);
  let emu: HarborEmulator;
  let project: string;
  let local: LocalStack;

  before(async () => {
    emu = await startEmulator();
    emu.seedProject("apps");
    project = installPackedPackage();
  });
  after(async () => {
    local?.cleanup();
    fs.rmSync(project, { recursive: true, force: true });
    await emu.close();
  });

  it("stores a require() of the shim, not its code, and manages a robot end to end", async () => {
    const sdk = require(path.join(project, "node_modules", "pulumi-harbor-robots"));
    local = await createLocalStack({
      projectName: "user-project",
      programDir: project,
      envVars: {
        ...emu.harborEnv(),
      },
      program: async () => {
        const r = new sdk.RobotAccount("ci", {
          name: "ci",
          permissions: [{ projects: ["apps"], access: ["pull"] }],
        });
        return { fullName: r.fullName, secret: r.secret };
      },
    });
    const up = await local.stack.up();
    assert.ok(emu.checkLogin(String(up.outputs.fullName?.value), String(up.outputs.secret?.value)));

    const state = await exportStackEncrypted(local.stack);
    const robot = state.deployment.resources.find((r: { type: string }) => r.type.endsWith(":RobotAccount"));
    const stored = String(robot.inputs.__provider);
    assert.match(stored, /require\("pulumi-harbor-robots\/dist\/provider\/shims\/robot-account\.js"\)/);
    assert.ok(stored.length < 600, `the stored provider is ${stored.length} characters`);
    console.log(
      `      state: ${JSON.stringify(robot).length} bytes for the robot, of which __provider ${stored.length} x 2`,
    );

    await local.stack.preview({ expectNoChanges: true });
    await local.stack.destroy();
    assert.deepEqual(emu.listRobots(), []);
  });

  it("type-checks a program importing every entry with Pulumi's default TypeScript settings", () => {
    // Pulumi compiles a TypeScript program without a tsconfig.json (and `pulumi new typescript`
    // writes one) with moduleResolution "node", which ignores package.json "exports": the subpath
    // entries need "typesVersions" to be found there.
    fs.writeFileSync(
      path.join(project, "index.ts"),
      [
        'import { RobotAccount, RobotSettings } from "pulumi-harbor-robots";',
        'import { Provider, RobotAccount as NativeRobotAccount } from "pulumi-harbor-robots/native";',
        'import { startEmulator } from "pulumi-harbor-robots/emulator";',
        "export const used = [RobotAccount, RobotSettings, Provider, NativeRobotAccount, startEmulator];",
        "",
      ].join("\n"),
    );
    for (const moduleResolution of ["node", "node16"]) {
      const tsc = path.join(repoRoot, "node_modules", "typescript", "bin", "tsc");
      const module = moduleResolution === "node" ? "commonjs" : "node16";
      try {
        execFileSync(
          process.execPath,
          [tsc, "--noEmit", "--strict", "--skipLibCheck", "--types", "node"].concat([
            "--module",
            module,
            "--moduleResolution",
            moduleResolution,
            "index.ts",
          ]),
          { cwd: project, encoding: "utf8", stdio: "pipe" },
        );
      } catch (e) {
        assert.fail(`tsc --moduleResolution ${moduleResolution}: ${(e as { stdout?: string }).stdout}`);
      }
    }
  });
});
