// `pulumi-harbor-robots inventory` against the emulator: run in-process (runCli with captured
// streams) for the outputs, the import file, the expiry check and every refusal, and once as the
// real process (bin/, exit statuses, nothing on stderr without a terminal).
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { startEmulator, type HarborEmulator } from "../../../emulator";
import { runCli } from "../../../cli/main";
import { LONG_LISTING_ROBOTS } from "../../../cli/progress";
import { repoRoot } from "../../../scripts/engine";
import { emulatorOnNetwork } from "../../helpers/network-address";

const DAY_MS = 86_400_000;
// The command judges expiry by this machine's clock: the robots are made 1.5 days ago (emulator
// time), then the emulator follows the real clock again. "old" (1 day) has expired, "soon" (12 days)
// has 10.5 days left: 11 (a day begun counts).
const T0 = Math.floor((Date.now() - 1.5 * DAY_MS) / 1000) * 1000;

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** The command in this process, its streams captured; stderr a terminal when `tty`. */
async function cli(argv: string[], env: NodeJS.ProcessEnv, tty = false): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const code = await runCli(argv, {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t), isTTY: tty },
    env,
  });
  return { code, stdout, stderr };
}

describe("pulumi-harbor-robots inventory (the command)", () => {
  let emu: HarborEmulator;
  let env: NodeJS.ProcessEnv;
  let dir: string;
  const ids = { handMade: 0, soon: 0, later: 0, off: 0, old: 0, deploy: 0, legacy: 0 };

  before(async () => {
    // No lock after the refused password of the 401 test: the next tests log in as the same admin.
    emu = await startEmulator({ loginFreezeMs: 0 });
    env = { ...emu.harborEnv() };
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "phr-inventory-cli-"));
    emu.setClock(T0);
    emu.seedProject("team-a");
    ids.handMade = emu.seedRobot({ name: "by-hand", description: 'made, "by hand"' }).id;
    ids.soon = emu.seedRobot({ name: "soon", duration: 12 }).id;
    ids.later = emu.seedRobot({ name: "later", duration: 60 }).id;
    ids.off = emu.seedRobot({ name: "off", duration: 3, disabled: true }).id;
    ids.old = emu.seedRobot({ name: "old", duration: 1 }).id;
    ids.deploy = emu.seedRobot({ name: "deploy", project: "team-a", duration: 5 }).id;
    ids.legacy = emu.seedLegacyRobot("ancient").id;
    emu.setClock(undefined);
  });
  after(async () => {
    fs.rmSync(dir, { recursive: true, force: true });
    await emu.close();
  });

  it("prints a table: one row per robot with owner, expiry, days left and state, then the count", async () => {
    const { code, stdout, stderr } = await cli(["inventory"], env);
    assert.equal(code, 0, stderr);
    const lines = stdout.trimEnd().split("\n");
    assert.match(lines[0]!, /^ID\s+NAME\s+LEVEL\s+PROJECTS\s+OWNER\s+EXPIRES\s+DAYS LEFT\s+STATE\s+CREATOR$/);
    assert.equal(lines.at(-1), "7 robots");
    const row = (name: string) => lines.find((l) => l.includes(` ${name} `))!;
    assert.match(
      row("robot$soon"),
      new RegExp(
        `system\\s+\\*\\s+unmanaged\\s+${new Date(T0 + 12 * DAY_MS).toISOString().slice(0, 10)}\\s+11\\s+active\\s+local:1`,
      ),
    );
    assert.match(row("robot$by-hand"), /unmanaged\s+never\s+-\s+active/);
    assert.match(row("robot$off"), /disabled/);
    assert.match(row("robot$old"), /-1\s+expired/);
    assert.match(row("robot$team-a+deploy"), /project\s+team-a\s+unmanaged/);
    assert.match(row("robot$ancient"), /legacy/);
    assert.equal(stderr, "");
  });

  it("--output json: an array of objects with the documented fields", async () => {
    const { code, stdout } = await cli(["inventory", "--output", "json"], env);
    assert.equal(code, 0);
    const robots = JSON.parse(stdout);
    assert.ok(Array.isArray(robots));
    const soon = robots.find((r: { id: number }) => r.id === ids.soon);
    assert.deepEqual(
      {
        id: soon.id,
        fullName: soon.fullName,
        level: soon.level,
        projects: soon.projects,
        owner: soon.owner,
        createdAt: soon.createdAt,
        expiresAt: soon.expiresAt,
        daysLeft: soon.daysLeft,
        disabled: soon.disabled,
      },
      {
        id: ids.soon,
        fullName: "robot$soon",
        level: "system",
        projects: ["*"],
        owner: null,
        createdAt: new Date(T0).toISOString(),
        expiresAt: new Date(T0 + 12 * DAY_MS).toISOString(),
        daysLeft: 11,
        disabled: false,
      },
    );
    const never = robots.find((r: { id: number }) => r.id === ids.handMade);
    assert.equal(never.expiresAt, null);
    assert.equal(never.daysLeft, null);
  });

  it("-o csv: a header and one row per robot, text with commas and quotes quoted", async () => {
    const { code, stdout } = await cli(["inventory", "-o", "csv"], env);
    assert.equal(code, 0);
    const lines = stdout.trimEnd().split("\r\n");
    assert.equal(
      lines[0],
      "id,fullName,level,projects,description,ownerStack,ownerResource,ownerClass,createdAt,expiresAt,daysLeft,expired,disabled,editable,creatorType,creatorRef,permissions",
    );
    assert.equal(lines.length, 1 + 7);
    const handMade = lines.find((l) => l.startsWith(`${ids.handMade},`))!;
    assert.match(handMade, /^\d+,robot\$by-hand,system,\*,"made, ""by hand""",,,unmanaged,/);
  });

  it("--unmanaged --import-file writes a file pulumi import --file accepts: every unmanaged, editable robot", async () => {
    const file = path.join(dir, "import.json");
    const { code, stderr } = await cli(
      ["inventory", "--unmanaged", "--import-file", file, "-o", "json"],
      env,
    );
    assert.equal(code, 0, stderr);
    const written = JSON.parse(fs.readFileSync(file, "utf8"));
    const entries = (id: number) => written.resources.filter((r: { id: string }) => r.id === String(id));
    for (const id of [ids.handMade, ids.soon, ids.later, ids.off, ids.old, ids.deploy])
      assert.deepEqual(entries(id).length, 1, `robot ${id} is in the file`);
    assert.deepEqual(entries(ids.legacy), [], "a legacy robot cannot be imported");
    assert.deepEqual(
      written.resources.find((r: { id: string }) => r.id === String(ids.deploy)),
      {
        type: "harbor-robots:index:RobotAccount",
        name: "team-a-deploy",
        id: String(ids.deploy),
      },
    );
    assert.match(stderr, /not in .*import\.json: robot\$ancient .*before Harbor 2\.2/);
    assert.match(stderr, /wrote 6 robots to .*import\.json; adopt them with: pulumi import --file /);
  });

  it("--expiring-within 14d exits 1, naming each robot, its owner and its expiry", async () => {
    const { code, stdout, stderr } = await cli(["inventory", "--expiring-within", "14d", "-o", "json"], env);
    assert.equal(code, 1);
    assert.deepEqual(
      JSON.parse(stdout).map((r: { id: number }) => r.id),
      [ids.soon, ids.deploy].sort((a, b) => a - b),
      "enabled, not yet expired, within 14 days: not the disabled, expired or later ones",
    );
    assert.match(stderr, /^2 robots expire within 14 day\(s\):$/m);
    assert.match(
      stderr,
      new RegExp(
        `robot\\$soon \\(id ${ids.soon}\\), owner unmanaged: expires ${new Date(T0 + 12 * DAY_MS).toISOString()}, 11 day\\(s\\) left`,
      ),
    );
    assert.match(stderr, /robot\$team-a\+deploy \(id \d+\), owner unmanaged: expires /);
  });

  it("--expiring-within exits 0 when nothing expires within the window (2 days, or 0)", async () => {
    for (const window of ["2", "0d"]) {
      const { code, stderr } = await cli(["inventory", "--expiring-within", window], env);
      assert.equal(code, 0, stderr);
      assert.match(stderr, /no robot expires within \d+ day\(s\)/);
    }
    const weeks = await cli(["inventory", "--expiring-within", "2w", "-o", "json"], env);
    assert.equal(weeks.code, 1, "2 weeks = 14 days");
  });

  it("--level and --project narrow the listing", async () => {
    const ids_ = async (...flags: string[]) =>
      JSON.parse((await cli(["inventory", "-o", "json", ...flags], env)).stdout).map(
        (r: { id: number }) => r.id,
      );
    assert.deepEqual(await ids_("--level", "project"), [ids.deploy]);
    assert.equal((await ids_("--level", "system")).includes(ids.deploy), false);
    assert.ok((await ids_("--project", "team-a")).includes(ids.deploy));
  });

  it("refuses bad options with exit 2, naming the option and the rule", async () => {
    const cases: Array<[string[], NodeJS.ProcessEnv, RegExp]> = [
      [["inventory", "--bogus"], env, /Unknown option '--bogus'/],
      [["inventory", "-o", "xml"], env, /--output must be one of table, json, csv, got "xml"/],
      [
        ["inventory", "--expiring-within", "soon"],
        env,
        /--expiring-within must be a number of days such as 14 or 14d/,
      ],
      [
        ["inventory", "--owner", "mine"],
        env,
        /--owner must be one of thisStack, otherStack, unmanaged, got "mine"/,
      ],
      [["inventory", "--owner", "thisStack"], env, /--owner thisStack needs --stack/],
      [["inventory", "--unmanaged", "--owner", "otherStack"], env, /contradict/],
      [
        ["inventory", "--import-file", "x.json", "--owner", "otherStack"],
        env,
        /--import-file imports unmanaged robots/,
      ],
      [["inventory", "--stack", "prod"], env, /--stack must be <organization>\/<project>\/<stack>/],
      [
        ["inventory", "--expiring-within", "99999999999999999999d"],
        env,
        /inventory: --expiring-within must be at most \d+/,
      ],
      [["inventory", "--level", "global"], env, /--level must be one of system, project, got "global"/],
      [["inventory", "stray"], env, /unexpected argument "stray"/],
      [["inventory"], {}, /no Harbor URL: pass --url or set HARBOR_URL/],
      [["inventory", "--url", "ftp://h"], {}, /--url must be an https:\/\/ URL/],
      [["inventory", "--url", emu.url], {}, /no Harbor username: pass --username or set HARBOR_USERNAME/],
      [
        ["inventory", "--url", "https://other.example.com"],
        env,
        /HARBOR_USERNAME belongs to HARBOR_URL \(http:\/\/127\.0\.0\.1:\d+\), not to --url, so it is not sent there: pass --username/,
      ],
      [
        ["inventory", "--url", emu.url.replace("http://", "https://")],
        env,
        /HARBOR_USERNAME belongs to HARBOR_URL .*, not to --url/,
      ],
      [
        // HARBOR_URL shown without what it must not hold (the password is not in the message).
        ["inventory", "--url", "https://other.example.com"],
        { ...env, HARBOR_URL: "https://admin:Url-Passw0rd@h.example.com/?token=Url-T0ken" },
        /HARBOR_USERNAME belongs to HARBOR_URL \(https:\/\/\*\*\*@h\.example\.com\/\?\*\*\*\), not to --url/,
      ],
      [
        ["inventory"],
        { ...env, HARBOR_INSECURE: "maybe" },
        /HARBOR_INSECURE must be true or false, got "maybe"/,
      ],
      [
        ["inventory", "--ca-cert", path.join(os.tmpdir(), "no-such-ca.pem")],
        env,
        /inventory: Cannot read the CA bundle ".*no-such-ca\.pem" \(.*HARBOR_CA_CERT\): ENOENT/,
      ],
    ];
    for (const [argv, e, message] of cases) {
      const { code, stdout, stderr } = await cli(argv, e);
      assert.equal(code, 2, `${argv.join(" ")}: ${stderr}`);
      assert.match(stderr, message, argv.join(" "));
      assert.match(stderr, /See pulumi-harbor-robots inventory --help/);
      assert.doesNotMatch(stderr, /Url-Passw0rd|Url-T0ken/, "no credential from a URL in the message");
      assert.equal(stdout, "");
    }
  });

  it("the flags stand in for the variables (credentials from flags for --url)", async () => {
    const { code } = await cli(
      ["inventory", "--url", emu.url, "--username", emu.admin.username, "--password", emu.admin.password],
      {},
    );
    assert.equal(code, 0);
  });

  it("exits 3 when Harbor refuses the credentials, without the password in the message", async () => {
    const { code, stderr } = await cli(["inventory"], { ...env, HARBOR_PASSWORD: "Wr0ng-Passw0rd" });
    assert.equal(code, 3);
    assert.match(stderr, /could not list the robots of http:\/\/127\.0\.0\.1:\d+: .*401/);
    assert.doesNotMatch(stderr, /Wr0ng-Passw0rd/);
  });

  it("warns on stderr when the password would travel in clear text (http:// to a host that is not loopback)", async function () {
    const remote = await emulatorOnNetwork(this, { loginFreezeMs: 0 });
    try {
      const { code, stderr } = await cli(["inventory", "-o", "json"], remote.harborEnv());
      assert.equal(code, 0, stderr);
      assert.match(
        stderr,
        new RegExp(
          `^pulumi-harbor-robots inventory: warning: ${remote.url.replace(/\./g, "\\.")} is an http:// URL: the password of 'admin' travels in clear text to it`,
        ),
      );
      assert.doesNotMatch(stderr, new RegExp(remote.admin.password));
    } finally {
      await remote.close();
    }
  });

  it("prints a forged mark's control characters escaped: no terminal sequence, no extra line", async () => {
    // Anyone who may edit a robot's description can write a mark naming any resource, with any
    // character in it (the mark's JSON escapes decode to them): the table and the expiry report on a
    // terminal or in a CI log must not carry them raw.
    const forged = await startEmulator({ loginFreezeMs: 0 });
    try {
      const resource = "\u001b]52;c;cHduZWQ=\u0007\r\nrobot$fake  system";
      forged.seedRobot({
        name: "tricky",
        duration: 3,
        description: `hi [managed by Pulumi: stack "acme/p/s", resource ${JSON.stringify(resource)}]`,
      });
      const { stdout, stderr } = await cli(["inventory", "--expiring-within", "7"], forged.harborEnv());
      for (const [name, text] of [
        ["stdout", stdout],
        ["stderr", stderr],
      ] as const)
        assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f]/, `${name}: ${JSON.stringify(text)}`);
      assert.equal(stdout.trimEnd().split("\n").length, 3, "header, one row, the count");
      assert.ok(
        stdout.includes("acme/p/s (\\u001b]52;c;cHduZWQ=\\u0007\\u000d\\u000arobot$fake  system)"),
        stdout,
      );
      assert.equal(stderr.trimEnd().split("\n").length, 2, "the count and one robot");
    } finally {
      await forged.close();
    }
  });

  it("--help prints the usage and exits 0", async () => {
    const { code, stdout } = await cli(["inventory", "--help"], {});
    assert.equal(code, 0);
    assert.match(stdout, /Usage: pulumi-harbor-robots inventory \[options\]/);
    for (const flag of [
      "--url",
      "--unmanaged",
      "--import-file",
      "--expiring-within",
      "--output",
      "HARBOR_PASSWORD",
    ])
      assert.ok(stdout.includes(flag), flag);
  });

  describe("a long listing", () => {
    before(() => {
      for (let i = 0; i < LONG_LISTING_ROBOTS; i++) emu.seedRobot({ name: `bulk-${i}` });
    });

    it("shows a progress line on a terminal, erased before the table", async () => {
      const { code, stderr } = await cli(["inventory", "-o", "json"], env, true);
      assert.equal(code, 0);
      assert.match(stderr, /\r\x1b\[Klisting robots: \d+ so far/);
      assert.ok(stderr.endsWith("\r\x1b[K"), "the line is erased at the end");
    });

    it("prints nothing on stderr without a terminal (a CI log)", async () => {
      const { code, stderr } = await cli(["inventory", "-o", "json"], env, false);
      assert.equal(code, 0);
      assert.equal(stderr, "");
    });
  });

  it("runs as the package's command: bin/pulumi-harbor-robots, exit statuses through the process", async () => {
    const bin = path.join(repoRoot, "bin", "pulumi-harbor-robots");
    const run = promisify(execFile);
    const { stdout, stderr } = await run(
      process.execPath,
      [bin, "inventory", "-o", "json", "--level", "project"],
      {
        env: { ...process.env, ...env },
      },
    );
    assert.deepEqual(
      JSON.parse(stdout).map((r: { id: number }) => r.id),
      [ids.deploy],
    );
    assert.equal(stderr, "", "no progress line and no noise without a terminal");
    await assert.rejects(
      run(process.execPath, [bin, "inventory", "--expiring-within", "14d"], {
        env: { ...process.env, ...env },
      }),
      (e: { code?: number; stderr?: string }) => e.code === 1 && /expire within 14 day/.test(e.stderr ?? ""),
    );
    await assert.rejects(
      run(process.execPath, [bin, "inventory", "--nope"], { env: { ...process.env, ...env } }),
      (e: { code?: number }) => e.code === 2,
    );
    // A HARBOR_* setting the client reads (from the process environment) is a bad option too: exit 2.
    await assert.rejects(
      run(process.execPath, [bin, "inventory"], {
        env: { ...process.env, ...env, HARBOR_RETRY_BASE_DELAY_MS: "soon" },
      }),
      (e: { code?: number; stderr?: string }) =>
        e.code === 2 &&
        /^pulumi-harbor-robots inventory: environment HARBOR_RETRY_BASE_DELAY_MS must be a whole number of milliseconds ≥ 0, got "soon"/.test(
          e.stderr ?? "",
        ),
    );
  });
});
