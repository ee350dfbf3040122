// The Pulumi engine for tests and the demo: find or build the CLI (scripts/ensure-pulumi.sh) and run
// stacks with no network needs: a local file:// backend, the passphrase secrets provider, a private
// PULUMI_HOME, no update checks and no plugin downloads.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { LocalWorkspace, PulumiCommand, Stack, type PulumiFn } from "@pulumi/pulumi/automation";

export const repoRoot = path.resolve(__dirname, "..", "..");

// This process hosts many inline programs one after the other (tests, the demo). Each connects to a
// new engine on a new loopback port; with gRPC's process-wide subchannel pool, a port that comes
// round again can hand the program a subchannel still backing off from the previous, dead engine
// ("14 UNAVAILABLE: No connection established"). Give every channel its own pool.
for (const options of Object.values(
  require("@pulumi/pulumi/runtime/settings") as Record<string, unknown>,
).filter(
  (v): v is Record<string, unknown> => !!v && typeof v === "object" && "grpc.max_receive_message_length" in v,
)) {
  options["grpc.use_local_subchannel_pool"] = 1;
}

export interface Engine {
  command: PulumiCommand;
  binDir: string;
  version: string;
}

/**
 * Runs one of the scripts/ensure-*.sh scripts (a tool found on PATH, or built once from Go modules
 * into a cache outside the work tree) and returns the directory it prints last on stdout; the
 * script's progress goes to stderr.
 */
export function ensuredToolDir(script: string, what: string): string {
  const run = spawnSync("bash", [path.join(repoRoot, "scripts", script)], {
    stdio: ["ignore", "pipe", "inherit"],
    encoding: "utf8",
  });
  if (run.status !== 0) throw new Error(`could not provide ${what} (scripts/${script} exited ${run.status})`);
  return run.stdout.trim().split("\n").pop() ?? "";
}

let cached: Promise<Engine> | undefined;

/** Finds `pulumi` on PATH or builds it once (cached outside the work tree); progress goes to stderr. */
export function ensureEngine(): Promise<Engine> {
  cached ??= (async () => {
    const binDir = ensuredToolDir("ensure-pulumi.sh", "a Pulumi CLI");
    const command = await PulumiCommand.get({ root: path.dirname(binDir), skipVersionCheck: false });
    return { command, binDir, version: command.version?.toString() ?? "unknown" };
  })();
  return cached;
}

/**
 * PATH for a stack whose program uses the native provider: the engine, the resource plugin's
 * launcher (bin/) and Node 24 (the launcher runs `node`).
 */
export async function pathWithPlugin(): Promise<string> {
  const { binDir } = await ensureEngine();
  const dirs = [binDir, path.join(repoRoot, "bin"), path.join(repoRoot, "node_modules", ".bin")];
  return [...dirs, process.env.PATH].join(path.delimiter);
}

export interface LocalStackOptions {
  projectName: string;
  stackName?: string;
  program: PulumiFn;
  /** Extra environment for the engine and the provider processes (e.g. HARBOR_URL). */
  envVars?: Record<string, string>;
  /** Share a backend between stacks (cross-stack references); a fresh one otherwise. */
  backendDir?: string;
  passphrase?: string;
  /** The program's folder: the provider process runs there and resolves packages from it (default: this repository). */
  programDir?: string;
  /**
   * Keep backend, work dir and PULUMI_HOME under this folder (created if needed) instead of a new
   * temporary one: another process can then run the same stack (e.g. after the first one was killed).
   */
  root?: string;
}

export interface LocalStack {
  stack: Stack;
  backendDir: string;
  workDir: string;
  pulumiHome: string;
  /** Destroy nothing; remove the temporary directories this stack created. */
  cleanup(): void;
}

/**
 * The engine's environment for runs with no network needs: the passphrase secrets provider, no update
 * check, no plugin download or registry look-up, credentials in a plain file (of a private PULUMI_HOME).
 */
export function offlineEngineEnv(passphrase = "correct horse battery staple"): Record<string, string> {
  return {
    PULUMI_CONFIG_PASSPHRASE: passphrase,
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    PULUMI_DISABLE_REGISTRY_RESOLVE: "true",
    PULUMI_CREDENTIAL_STORE: "plaintext",
  };
}

/** An inline-program stack on a file:// backend with a passphrase secrets provider. */
export async function createLocalStack(opts: LocalStackOptions): Promise<LocalStack> {
  const engine = await ensureEngine();
  const tmp = opts.root ?? fs.mkdtempSync(path.join(os.tmpdir(), "phr-stack-"));
  const backendDir = opts.backendDir ?? path.join(tmp, "backend");
  const workDir = path.join(tmp, "work");
  const pulumiHome = path.join(tmp, "home");
  for (const d of [backendDir, workDir, pulumiHome]) fs.mkdirSync(d, { recursive: true });
  const envVars: Record<string, string> = {
    ...offlineEngineEnv(opts.passphrase),
    // The dynamic provider plugin shim and `node` (Node 24 from node_modules/.bin) must be on PATH.
    PATH: `${engine.binDir}${path.delimiter}${path.join(repoRoot, "node_modules", ".bin")}${path.delimiter}${process.env.PATH ?? ""}`,
    ...opts.envVars,
  };
  const stack = await LocalWorkspace.createOrSelectStack(
    { projectName: opts.projectName, stackName: opts.stackName ?? "test", program: opts.program },
    {
      pulumiCommand: engine.command,
      workDir,
      pulumiHome,
      envVars,
      // `main` is the provider process's working directory: it must see node_modules/pulumi-harbor-robots.
      projectSettings: {
        name: opts.projectName,
        runtime: "nodejs",
        main: opts.programDir ?? repoRoot,
        backend: { url: `file://${backendDir}` },
      },
    },
  );
  return {
    stack,
    backendDir,
    workDir,
    pulumiHome,
    cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }),
  };
}

/**
 * The state as `pulumi stack export` writes it, secrets as ciphertext. (The Automation API's
 * exportStack passes --show-secrets, so it cannot prove what is stored.)
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Pulumi's checkpoint JSON, read ad hoc by tests
export async function exportStackEncrypted(stack: Stack): Promise<any> {
  const ws = stack.workspace as LocalWorkspace;
  const env = { ...(ws.pulumiHome ? { PULUMI_HOME: ws.pulumiHome } : {}), ...ws.envVars };
  // `run` is public at run time but marked internal in the typings.
  const cli = ws.pulumiCommand as unknown as {
    run(args: string[], cwd: string, env: object): Promise<{ stdout: string }>;
  };
  const result = await cli.run(["stack", "export", "--stack", stack.name], ws.workDir, env);
  return JSON.parse(result.stdout);
}

/** Every file of a local backend and work dir, for scanning for plaintext secrets. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(path.join(entry.parentPath, entry.name));
  }
  return out;
}
