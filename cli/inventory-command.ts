// `pulumi-harbor-robots inventory`: every robot of a Harbor registry, classified (this stack,
// another stack, unmanaged; expired, disabled, expiring), as a table, JSON or CSV; a `pulumi import`
// file for the unmanaged ones; an expiry check for scheduled CI jobs.
import * as fs from "node:fs";
import { parseArgs } from "node:util";
import {
  normalizeUrl,
  parseBool,
  redactUrl,
  sameEndpoint,
  urlProblem,
  type ConnectionSettings,
} from "../provider/client/connection";
import { ERROR_CODES, hasCode } from "../provider/client/errors";
import { HarborClient } from "../provider/client/harbor-client";
import { cleartextWarning } from "../provider/cleartext";
import { importFile, inventoryArgsProblems, robotInventory } from "../provider/inventory";
import { OWNER_CLASSES, type InventoryArgs, type InventoryRobot } from "../provider/model/inventory";
import { progressLine, type ProgressStream } from "./progress";
import { OUTPUT_FORMATS, ownerText, printable, render, type OutputFormat } from "./render";

export const EXIT = { ok: 0, expiring: 1, usage: 2, failed: 3 } as const;

export const INVENTORY_HELP = `Usage: pulumi-harbor-robots inventory [options]

Lists every robot of a Harbor registry (system and project robots) with its owner: the stack whose
mark it carries ("this stack" with --stack, another stack), or unmanaged (made by hand or another
tool); its level, projects, expiry and days left, whether it is expired or disabled, its creator
(Harbor 2.12 and later) and a summary of its permissions.

Connection (as the provider reads them; a flag wins over its variable):
  --url URL                 Harbor URL                        HARBOR_URL
  --username USER           a Harbor system administrator     HARBOR_USERNAME
  --password PASSWORD       prefer the variable: flags show   HARBOR_PASSWORD
                            in the process list
  --ca-cert PEM-OR-FILE     a CA bundle to trust              HARBOR_CA_CERT
  --insecure                skip TLS verification (tests)     HARBOR_INSECURE
  The variables' credentials are sent only to HARBOR_URL (its scheme, host and port): with --url
  naming anything else, pass --username and --password too.

Which robots:
  --stack ORG/PROJECT/STACK the stack that counts as "this stack"
  --unmanaged               only robots no stack manages (same as --owner unmanaged)
  --owner CLASS             thisStack, otherStack or unmanaged
  --level LEVEL             system or project
  --project NAME            that project's robots and the system robots granted anything in it
  --expiring-within DAYS    only enabled robots that expire within DAYS (14 or 14d; 2w for weeks),
                            and exit with status 1 when there is any, naming each robot, its owner
                            and its expiry (for a scheduled CI job)

Output:
  -o, --output FORMAT       table (default), json (an array, one object per robot) or csv
  --import-file FILE        also write FILE for \`pulumi import --file FILE\`: one
                            harbor-robots:index:RobotAccount entry per unmanaged robot listed
  -h, --help                this text

Exit status: 0 listed; 1 robots expire within --expiring-within; 2 bad options; 3 the robots
could not be listed (connection, credentials, Harbor) or the import file not written.
`;

const OPTIONS = {
  url: { type: "string" },
  username: { type: "string" },
  password: { type: "string" },
  "ca-cert": { type: "string" },
  insecure: { type: "boolean" },
  stack: { type: "string" },
  unmanaged: { type: "boolean" },
  owner: { type: "string" },
  level: { type: "string" },
  project: { type: "string" },
  "expiring-within": { type: "string" },
  output: { type: "string", short: "o" },
  "import-file": { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true }>>["values"];

/** The flag that sets each argument of the data function, for its messages. */
const FLAG_OF_ARG: Record<keyof InventoryArgs, string> = {
  stack: "--stack",
  owner: "--owner",
  expiringWithinDays: "--expiring-within",
  level: "--level",
  project: "--project",
};

/** A bad command line: exit status 2 with this message. */
export class UsageError extends Error {}

export interface InventoryInvocation {
  help: boolean;
  connection: ConnectionSettings;
  args: InventoryArgs;
  format: OutputFormat;
  importFile?: string;
}

/** "14", "14d" or "2w" → days. */
export function parseDays(raw: string, flag: string): number {
  const m = /^\s*(\d+)\s*([dw]?)\s*$/i.exec(raw);
  if (!m)
    throw new UsageError(`${flag} must be a number of days such as 14 or 14d (or weeks: 2w), got "${raw}"`);
  return Number(m[1]) * (m[2]!.toLowerCase() === "w" ? 7 : 1);
}

function oneOf<T extends string>(
  raw: string | undefined,
  allowed: readonly T[],
  flag: string,
): T | undefined {
  if (raw === undefined) return undefined;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  throw new UsageError(`${flag} must be one of ${allowed.join(", ")}, got "${raw}"`);
}

/**
 * The connection from the flags, else the HARBOR_* variables. The variables' credentials belong to
 * HARBOR_URL's endpoint (as for the provider: scheme, host, port and path): with --url naming another
 * they are not used.
 */
export function connectionFrom(flags: Flags, env: NodeJS.ProcessEnv): ConnectionSettings {
  const envUrl = env.HARBOR_URL || undefined;
  const url =
    flags.url !== undefined
      ? { value: flags.url, from: "--url" }
      : envUrl && { value: envUrl, from: "HARBOR_URL" };
  if (!url) throw new UsageError("no Harbor URL: pass --url or set HARBOR_URL");
  const problem = urlProblem(url.value);
  if (problem) throw new UsageError(`${url.from} ${problem}`);
  const envBound = flags.url === undefined || envUrl === undefined || sameEndpoint(envUrl, flags.url);
  const field = (flag: "username" | "password" | "ca-cert", variable: string): string | undefined => {
    if (flags[flag] !== undefined) return flags[flag];
    const fromEnv = env[variable] || undefined;
    if (fromEnv !== undefined && !envBound && flag !== "ca-cert")
      throw new UsageError(
        `${variable} belongs to HARBOR_URL (${redactUrl(envUrl!)}), not to --url, so it is not sent there: pass --${flag}`,
      );
    return envBound ? fromEnv : undefined;
  };
  const username = field("username", "HARBOR_USERNAME");
  const password = field("password", "HARBOR_PASSWORD");
  for (const [value, flag, variable] of [
    [username, "username", "HARBOR_USERNAME"],
    [password, "password", "HARBOR_PASSWORD"],
  ] as const)
    if (!value) throw new UsageError(`no Harbor ${flag}: pass --${flag} or set ${variable}`);
  const caCert = field("ca-cert", "HARBOR_CA_CERT");
  let insecure = flags.insecure ?? false;
  if (flags.insecure === undefined && envBound && env.HARBOR_INSECURE) {
    try {
      insecure = parseBool(env.HARBOR_INSECURE, "HARBOR_INSECURE");
    } catch (e) {
      throw new UsageError((e as Error).message);
    }
  }
  return {
    url: normalizeUrl(url.value, url.from),
    username: username!,
    password: password!,
    insecure,
    ...(caCert ? { caCert } : {}),
  };
}

function parseFlags(argv: string[]): Flags {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: OPTIONS,
      strict: true,
      allowPositionals: true,
    });
    if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}"`);
    return values;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    // node:util's wording ("Unknown option '--x'. To specify a positional argument …"): its first sentence.
    throw new UsageError((e as Error).message.split(". ")[0]!.replace(/\.$/, ""));
  }
}

/** The command line as an invocation; throws UsageError naming the flag and the rule. */
export function parseInventoryArgs(argv: string[], env: NodeJS.ProcessEnv): InventoryInvocation {
  const flags = parseFlags(argv);
  if (flags.help) return { help: true } as InventoryInvocation;
  const owner = oneOf(flags.owner, OWNER_CLASSES, "--owner");
  if (flags.unmanaged && owner !== undefined && owner !== "unmanaged")
    throw new UsageError(`--unmanaged and --owner ${owner} contradict each other`);
  const ownerClass = flags.unmanaged ? "unmanaged" : owner;
  if (ownerClass === "thisStack" && flags.stack === undefined)
    throw new UsageError("--owner thisStack needs --stack ORG/PROJECT/STACK to know which stack is this one");
  if (flags["import-file"] !== undefined && ownerClass !== undefined && ownerClass !== "unmanaged")
    throw new UsageError(
      `--import-file imports unmanaged robots: --owner ${ownerClass} leaves none to import`,
    );
  const args: InventoryArgs = {
    ...(flags.stack !== undefined ? { stack: flags.stack } : {}),
    ...(ownerClass ? { owner: ownerClass } : {}),
    ...(flags.level !== undefined
      ? { level: oneOf(flags.level, ["system", "project"] as const, "--level") }
      : {}),
    ...(flags.project !== undefined ? { project: flags.project } : {}),
    ...(flags["expiring-within"] !== undefined
      ? { expiringWithinDays: parseDays(flags["expiring-within"], "--expiring-within") }
      : {}),
  };
  // The data function's own rules (stack and project spelling, day counts), worded with the flags' names.
  const problems = inventoryArgsProblems(args).map((p) =>
    p.replace(/^(\w+):/, (_, name: string) => FLAG_OF_ARG[name as keyof InventoryArgs] ?? name),
  );
  if (problems.length) throw new UsageError(problems.join("; "));
  return {
    help: false,
    connection: connectionFrom(flags, env),
    args,
    format: oneOf(flags.output, OUTPUT_FORMATS, "--output") ?? "table",
    ...(flags["import-file"] !== undefined ? { importFile: flags["import-file"] } : {}),
  };
}

export interface CliIo {
  stdout: { write(text: string): unknown };
  stderr: ProgressStream;
  env: NodeJS.ProcessEnv;
}

function expiringReport(robots: InventoryRobot[], days: number): string {
  const lines = robots.map(
    (r) =>
      `  ${printable(r.fullName)} (id ${r.id}), owner ${ownerText(r)}: expires ${r.expiresAt}, ${r.daysLeft} day(s) left`,
  );
  const n = robots.length;
  return `${n} robot${n === 1 ? "" : "s"} expire${n === 1 ? "s" : ""} within ${days} day(s):\n${lines.join("\n")}\n`;
}

function writeImportFile(file: string, robots: InventoryRobot[], io: CliIo): void {
  const plan = importFile(robots);
  fs.writeFileSync(file, `${JSON.stringify(plan.file, null, 2)}\n`);
  for (const { robot, reason } of plan.skipped)
    io.stderr.write(`not in ${file}: ${printable(`${robot.fullName} (id ${robot.id}), ${reason}`)}\n`);
  const n = plan.file.resources.length;
  io.stderr.write(
    `wrote ${n} robot${n === 1 ? "" : "s"} to ${file}; adopt them with: pulumi import --file ${file}\n` +
      "(Harbor never returns a robot's secret: the first `pulumi up` after the import issues each a new one)\n",
  );
}

/** A bad option or setting: its message and exit status 2. */
function usage(io: CliIo, message: string): number {
  io.stderr.write(`pulumi-harbor-robots inventory: ${message}\nSee pulumi-harbor-robots inventory --help.\n`);
  return EXIT.usage;
}

export async function inventoryCommand(argv: string[], io: CliIo): Promise<number> {
  let run: InventoryInvocation;
  try {
    run = parseInventoryArgs(argv, io.env);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    return usage(io, e.message);
  }
  if (run.help) {
    io.stdout.write(INVENTORY_HELP);
    return EXIT.ok;
  }
  const cleartext = cleartextWarning(
    run.connection.url,
    `the password of '${run.connection.username}' travels`,
  );
  if (cleartext) io.stderr.write(`pulumi-harbor-robots inventory: warning: ${cleartext}\n`);
  let client: HarborClient;
  try {
    client = new HarborClient(run.connection); // reads the CA file and HARBOR_RETRY_BASE_DELAY_MS
  } catch (e) {
    if (!hasCode(e, ERROR_CODES.settings)) throw e;
    return usage(io, (e as Error).message);
  }
  const progress = progressLine(io.stderr);
  let robots: InventoryRobot[];
  try {
    robots = (await robotInventory(client, run.args, { onProgress: (p) => progress.update(p) })).robots;
  } catch (e) {
    progress.done();
    io.stderr.write(
      `pulumi-harbor-robots inventory: could not list the robots of ${run.connection.url}: ${(e as Error).message}\n`,
    );
    return EXIT.failed;
  } finally {
    await client.close();
  }
  progress.done();
  io.stdout.write(render(robots, run.format));
  if (run.importFile !== undefined) {
    try {
      writeImportFile(run.importFile, robots, io);
    } catch (e) {
      io.stderr.write(
        `pulumi-harbor-robots inventory: cannot write ${run.importFile}: ${(e as Error).message}\n`,
      );
      return EXIT.failed;
    }
  }
  const days = run.args.expiringWithinDays;
  if (days !== undefined) {
    if (robots.length) {
      io.stderr.write(expiringReport(robots, days));
      return EXIT.expiring;
    }
    io.stderr.write(`no robot expires within ${days} day(s)\n`);
  }
  return EXIT.ok;
}
