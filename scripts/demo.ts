// `npm run demo`: the main job end to end. Builds or reuses the engine, starts the embedded Harbor
// emulator (or uses yours when HARBOR_URL is set), runs `pulumi up` of the top-level Pulumi.yaml
// program on a local backend in a temporary directory, shows what happened and proves that the
// issued credentials log in and that the state holds the secrets only as ciphertext. One line a step;
// exits non-zero when any step fails. Against your Harbor the robots and settings are kept, so the
// stack's state is kept too (in .pulumi-work/demo/<host>): a later run updates them, and
// DEMO_DESTROY=1 removes them and puts the robot settings back.
import * as fs from "node:fs";
import * as path from "node:path";
import yaml from "js-yaml";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { startEmulator, type HarborEmulator } from "../emulator";
import { ClientPool } from "../provider/client/client-pool";
import { resolveConnection } from "../provider/client/connection";
import {
  createLocalStack,
  ensureEngine,
  exportStackEncrypted,
  listFiles,
  repoRoot,
  type LocalStack,
} from "./engine";
import { keptStateDir } from "./demo-state";

const DEMO_PROJECTS = ["team-a-api", "team-a-web", "team-b-data"];

let stepNo = 0;
async function step<T>(title: string, run: () => Promise<T>, describe?: (value: T) => string): Promise<T> {
  stepNo++;
  const started = Date.now();
  process.stdout.write(`[${stepNo}] ${title} ... `);
  try {
    const value = await run();
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`ok (${seconds}s)${describe ? `\n    ${describe(value).split("\n").join("\n    ")}` : ""}`);
    return value;
  } catch (e) {
    console.log("FAILED");
    throw e;
  }
}

function expiry(expiresAt: number): string {
  return expiresAt === -1
    ? "never expires"
    : `expires ${new Date(expiresAt * 1000).toISOString().slice(0, 10)}`;
}

async function main(): Promise<void> {
  const external = process.env.HARBOR_URL;
  const destroyAtEnd = !external || process.env.DEMO_DESTROY === "1";
  let emu: HarborEmulator | undefined;
  const clients = new ClientPool();
  let local: LocalStack | undefined;
  let keepState = false;
  try {
    // The engine script prints its own progress to stderr (one line per phase of a first build):
    // started before step 1's line, so that its lines do not land in the middle of it.
    const engineReady = ensureEngine();
    const engine = await step(
      "Pulumi engine",
      () => engineReady,
      (e) => `pulumi ${e.version} (${e.binDir})`,
    );
    void engine;

    const env: Record<string, string> = await step(
      external ? `Harbor at ${external}` : "Start the embedded Harbor emulator and seed projects",
      async () => {
        if (external) {
          const settings = resolveConnection(undefined, undefined, process.env);
          // GET /users/current, not the version in /systeminfo: Harbor ≤ 2.12 shows it to anyone.
          if (!(await clients.clientFor(settings).authenticates()))
            throw new Error(`${settings.url} rejected HARBOR_USERNAME / HARBOR_PASSWORD (401)`);
          return {
            HARBOR_URL: settings.url,
            HARBOR_USERNAME: settings.username,
            HARBOR_PASSWORD: settings.password,
          };
        }
        emu = await startEmulator();
        for (const p of DEMO_PROJECTS) emu.seedProject(p);
        return emu.harborEnv();
      },
      (e) =>
        external
          ? `logged in as ${e.HARBOR_USERNAME}`
          : `${e.HARBOR_URL} (Harbor 2.15 API) with projects ${DEMO_PROJECTS.join(", ")}`,
    );

    const project = yaml.load(fs.readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8")) as {
      name: string;
      main: string;
    };
    const program = require(path.join(repoRoot, project.main)) as PulumiFn;
    // From here on an existing Harbor may hold what this stack made: its state must survive.
    keepState = Boolean(external);
    local = await step(
      "Create a stack on a local file:// backend (passphrase secrets)",
      () =>
        createLocalStack({
          projectName: project.name,
          stackName: "demo",
          program,
          envVars: env,
          ...(external ? { root: keptStateDir(env.HARBOR_URL!) } : {}),
        }),
      (l) => `backend ${l.backendDir}`,
    );
    const stack = local.stack;

    const up = await step(
      "pulumi up of the top-level Pulumi.yaml program",
      () => stack.up(),
      (u) => `${u.summary.result}: ${JSON.stringify(u.summary.resourceChanges)}`,
    );
    const outs = up.outputs;
    const robots = outs.robots!.value as Record<
      string,
      { fullName: string; expiresAt: number; grantedPermissions: { namespace: string }[] }
    >;
    const secrets: Record<string, string> = {
      ci: String(outs.ciSecret?.value),
      puller: String(outs.pullerSecret?.value),
      deployer: String(outs.deployerSecret?.value),
    };
    await step(
      "Robots created",
      async () => robots,
      (r) =>
        Object.entries(r)
          .map(
            ([, v]) =>
              `${v.fullName.padEnd(36)} ${expiry(v.expiresAt).padEnd(22)} on ${v.grantedPermissions.map((p) => p.namespace).join(", ")}`,
          )
          .concat(
            Object.keys(secrets).map(
              (k) => `${k} secret: ${outs[`${k}Secret`]?.secret ? "[secret]" : "NOT SECRET"}`,
            ),
            `pull secret (dockerconfigjson): ${outs.pullSecretDockerConfigJson?.secret ? "[secret]" : "NOT SECRET"}`,
          )
          .join("\n"),
    );
    for (const k of Object.keys(secrets)) {
      if (!outs[`${k}Secret`]?.secret) throw new Error(`the ${k} secret output is not a Pulumi secret`);
    }

    await step(
      "The issued credentials log in to Harbor",
      async () => {
        const checked: string[] = [];
        for (const [k, r] of Object.entries(robots)) {
          const robot = clients.clientFor(
            resolveConnection(
              { url: env.HARBOR_URL, username: r.fullName, password: secrets[k] },
              undefined,
              {},
            ),
          );
          // GET /users/current (412 for a robot), not the version in /systeminfo: Harbor ≤ 2.12
          // shows the version to anyone, so it would "prove" a wrong secret there.
          if (!(await robot.authenticates())) throw new Error(`${r.fullName} was not authenticated`);
          checked.push(`${r.fullName}: authenticated`);
        }
        return checked;
      },
      (c) => c.join("\n"),
    );

    await step(
      "The state holds the robot secrets only as ciphertext",
      async () => {
        const state = await exportStackEncrypted(stack);
        const text = JSON.stringify(state);
        let encrypted = 0;
        for (const r of state.deployment.resources ?? []) {
          if (!String(r.type).endsWith(":RobotAccount")) continue;
          // credentialsJson and dockerConfigJson are derived in the program, not stored.
          if (!String(r.outputs?.secret?.ciphertext ?? "").startsWith("v1:"))
            throw new Error(`${r.urn} secret is not ciphertext`);
          encrypted++;
        }
        const needles = [...Object.values(secrets), env.HARBOR_PASSWORD!];
        if (needles.some((n) => text.includes(n)))
          throw new Error("a secret is in the exported state in plaintext");
        const files = [...listFiles(local!.backendDir), ...listFiles(local!.workDir)];
        for (const f of files) {
          const content = fs.readFileSync(f, "utf8");
          if (needles.some((n) => content.includes(n))) throw new Error(`a secret is in plaintext in ${f}`);
        }
        return { encrypted, files: files.length };
      },
      (r) =>
        `${r.encrypted} secret outputs stored as v1: ciphertext; ${r.files} state files scanned, no plaintext secret or password`,
    );

    await step(
      "pulumi preview reports no changes",
      async () => {
        emu?.resetCounts();
        const p = await stack.preview({ expectNoChanges: true });
        return { same: p.changeSummary.same, calls: emu?.requestCount() };
      },
      (p) => `${p.same} resources unchanged${p.calls === undefined ? "" : `, ${p.calls} Harbor requests`}`,
    );

    if (destroyAtEnd) {
      await step(
        "pulumi destroy",
        () => stack.destroy(),
        (d) => `${d.summary.result}: ${JSON.stringify(d.summary.resourceChanges)}`,
      );
      keepState = false;
    } else {
      console.log(
        `    (the robots and the default expiration stay on ${external}, the stack's state in ${local.backendDir}:\n` +
          `    run again to update them, with DEMO_DESTROY=1 to remove them and restore the robot settings)`,
      );
    }
    console.log("\nDemo finished: every step succeeded.");
  } finally {
    if (!keepState) local?.cleanup();
    await clients.close();
    await emu?.close();
  }
}

main().then(
  () => process.exit(0),
  (e) => {
    console.error(`\nDemo failed: ${(e as Error).message}`);
    process.exit(1);
  },
);
