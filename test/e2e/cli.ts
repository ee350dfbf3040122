// The real CLI path: `pulumi` commands run as a user runs them, in a project folder, with the
// native resource plugin found on PATH (bin/ of this package), a file:// backend and passphrase
// secrets. Commands run asynchronously: the emulator answering the provider lives in this process.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { ensureEngine, offlineEngineEnv, repoRoot } from "../../scripts/engine";
import { ensureLanguageYaml } from "../../scripts/language-yaml";

const run = promisify(execFile);

export interface CliProject {
  dir: string;
  backendDir: string;
  home: string;
  env: NodeJS.ProcessEnv;
  /** Runs `pulumi <args>` in the project folder; rejects with stdout and stderr on a non-zero exit. */
  pulumi(
    args: string[],
    opts?: { env?: Record<string, string> },
  ): Promise<{ stdout: string; stderr: string }>;
  writeProgram(yaml: string): void;
  /** `pulumi stack init dev`, with stack config harbor-robots:url, :username and :password (secret) for `harbor`. */
  initStack(harbor: { url: string; admin: { username: string; password: string } }): Promise<void>;
  /** The resources of `pulumi stack export` (secrets as ciphertext). */
  resources(): Promise<Json[]>;
  /**
   * `pulumi import <type> <name> <id> --yes --out <name>.yaml` and any further `args` (a
   * `--protect=false`, a `--provider`): its output, and the code it wrote.
   */
  importResource(
    type: string,
    name: string,
    id: string | number,
    args?: string[],
  ): Promise<{ stdout: string; code: string }>;
  /** `pulumi stack output --json --show-secrets`. */
  outputs(): Promise<Json>;
  /** The steps of `pulumi preview --json` that change something (op other than "same"). */
  changes(): Promise<Json[]>;
  cleanup(): void;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- Pulumi's JSON output, read ad hoc
type Json = any;

export async function cliProject(env: Record<string, string> = {}): Promise<CliProject> {
  const engine = await ensureEngine();
  const yamlHost = ensureLanguageYaml();
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "phr-cli-"));
  const dir = path.join(tmp, "project");
  const backendDir = path.join(tmp, "backend");
  const home = path.join(tmp, "home");
  for (const d of [dir, backendDir, home]) fs.mkdirSync(d, { recursive: true });
  const fullEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PULUMI_HOME: home,
    PULUMI_BACKEND_URL: `file://${backendDir}`,
    ...offlineEngineEnv(),
    NO_COLOR: "1",
    // The engine, the YAML host and the resource plugin (bin/, as `npm install -g` would put it).
    PATH: [engine.binDir, yamlHost, path.join(repoRoot, "bin"), process.env.PATH].join(path.delimiter),
    ...env,
  };
  const pulumi: CliProject["pulumi"] = async (args, opts = {}) => {
    try {
      return await run(path.join(engine.binDir, "pulumi"), [...args, "--non-interactive"], {
        cwd: dir,
        env: { ...fullEnv, ...opts.env },
        maxBuffer: 64 * 1024 * 1024,
      });
    } catch (e) {
      const err = e as Error & { stdout?: string; stderr?: string };
      err.message = `pulumi ${args.join(" ")} failed: ${err.message}\n${err.stdout ?? ""}\n${err.stderr ?? ""}`;
      throw err;
    }
  };
  const json = async (args: string[]): Promise<Json> => JSON.parse((await pulumi(args)).stdout);
  return {
    dir,
    backendDir,
    home,
    env: fullEnv,
    pulumi,
    writeProgram: (yaml) => fs.writeFileSync(path.join(dir, "Pulumi.yaml"), yaml),
    initStack: async ({ url, admin }) => {
      await pulumi(["stack", "init", "dev"]);
      await pulumi(["config", "set", "harbor-robots:url", url]);
      await pulumi(["config", "set", "harbor-robots:username", admin.username]);
      await pulumi(["config", "set", "--secret", "harbor-robots:password", admin.password]);
    },
    resources: async () => (await json(["stack", "export"])).deployment.resources,
    importResource: async (type, name, id, args = []) => {
      const out = path.join(dir, `${name}.yaml`);
      const { stdout } = await pulumi(["import", type, name, String(id), "--yes", ...args, "--out", out]);
      return { stdout, code: fs.readFileSync(out, "utf8") };
    },
    outputs: () => json(["stack", "output", "--json", "--show-secrets"]),
    changes: async () =>
      ((await json(["preview", "--json"])).steps ?? []).filter((s: Json) => s.op !== "same"),
    cleanup: () => fs.rmSync(tmp, { recursive: true, force: true }),
  };
}
