// Benchmarks (npm run bench): print figures, assert nothing. How big the state is per robot, how
// long the engine operations take, and how many Harbor requests a refresh costs as robots grow.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { RobotAccount } from "../../sdk";
import { startEmulator } from "../../emulator";
import { createLocalStack, exportStackEncrypted, repoRoot } from "../../scripts/engine";

const COUNTS = (process.env.BENCH_ROBOTS ?? "5,25").split(",").map(Number);

async function timed<T>(run: () => Promise<T>): Promise<[T, number]> {
  const start = process.hrtime.bigint();
  const value = await run();
  return [value, Number(process.hrtime.bigint() - start) / 1e6];
}

/**
 * The serialized shim when the package is installed under node_modules (as in a user's project):
 * Pulumi stores only a require() of the shim module. Simulated with a copy of the built package.
 */
async function installedShimSize(): Promise<number> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "phr-installed-"));
  try {
    const pkg = path.join(tmp, "node_modules", "pulumi-harbor-robots");
    fs.mkdirSync(path.join(pkg, "dist"), { recursive: true });
    fs.copyFileSync(path.join(repoRoot, "package.json"), path.join(pkg, "package.json"));
    for (const d of ["provider", "sdk"])
      fs.cpSync(path.join(repoRoot, "dist", d), path.join(pkg, "dist", d), { recursive: true });
    fs.symlinkSync(path.join(repoRoot, "node_modules", "@pulumi"), path.join(tmp, "node_modules", "@pulumi"));
    const shim = require(path.join(pkg, "dist", "provider", "shims", "robot-account.js"));
    const sf = await pulumi.runtime.serializeFunction(() => shim, { allowSecrets: true });
    return sf.text.length;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

async function inRepoShimSize(): Promise<number> {
  const shim = require("../../provider/shims/robot-account");
  return (await pulumi.runtime.serializeFunction(() => shim, { allowSecrets: true })).text.length;
}

async function engineRun(count: number) {
  const emu = await startEmulator();
  for (const p of ["team-a-api", "team-a-web", "team-b-data"]) emu.seedProject(p);
  const local = await createLocalStack({
    projectName: "bench",
    envVars: {
      HARBOR_URL: emu.url,
      HARBOR_USERNAME: emu.admin.username,
      HARBOR_PASSWORD: emu.admin.password,
    },
    program: async () => {
      for (let i = 0; i < count; i++) {
        new RobotAccount(`r${i}`, {
          name: `bench-${i}`,
          description: "benchmark robot",
          duration: 30,
          permissions: [
            { projects: ["team-a-*"], access: ["push", "pull", "create tag"] },
            { scope: "allProjects", access: ["pull"] },
          ],
        });
      }
    },
  });
  try {
    const [, upMs] = await timed(() => local.stack.up());
    emu.resetCounts();
    const [, previewMs] = await timed(() => local.stack.preview({ expectNoChanges: true }));
    const previewCalls = emu.requestCount();
    emu.resetCounts();
    const [, refreshMs] = await timed(() => local.stack.refresh());
    const refreshCalls = emu.requestCount();
    const state = await exportStackEncrypted(local.stack);
    const robots = state.deployment.resources.filter((r: { type: string }) =>
      r.type.endsWith(":RobotAccount"),
    );
    const bytes = robots.map((r: object) => JSON.stringify(r).length);
    const providerBytes = robots.map(
      (r: { inputs: { __provider: string } }) => r.inputs.__provider.length * 2,
    );
    const [, destroyMs] = await timed(() => local.stack.destroy());
    return {
      count,
      upMs,
      previewMs,
      previewCalls,
      refreshMs,
      refreshCalls,
      destroyMs,
      stateBytesPerRobot: Math.round(bytes.reduce((a: number, b: number) => a + b, 0) / robots.length),
      providerBytesPerRobot: Math.round(
        providerBytes.reduce((a: number, b: number) => a + b, 0) / robots.length,
      ),
    };
  } finally {
    local.cleanup();
    await emu.close();
  }
}

async function main(): Promise<void> {
  console.log(
    `Serialized RobotAccount shim: ${await inRepoShimSize()} characters stored by value (this checkout)`,
  );
  console.log(
    `                              ${await installedShimSize()} characters when installed under node_modules (a require() reference)`,
  );
  console.log("");
  console.log(
    "robots | up ms | preview ms (Harbor calls) | refresh ms (Harbor calls) | destroy ms | state bytes/robot (of which __provider)",
  );
  for (const count of COUNTS) {
    const r = await engineRun(count);
    console.log(
      `${String(r.count).padStart(6)} | ${r.upMs.toFixed(0).padStart(5)} | ${r.previewMs.toFixed(0).padStart(10)} (${r.previewCalls}) ` +
        `| ${r.refreshMs.toFixed(0).padStart(10)} (${r.refreshCalls}) | ${r.destroyMs.toFixed(0).padStart(10)} | ` +
        `${r.stateBytesPerRobot} (${r.providerBytesPerRobot})`,
    );
  }
  console.log(
    `\nBenchmark process peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MiB (engine and provider processes not included)`,
  );
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
