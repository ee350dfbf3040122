// The standalone CLI (flags, the one "listening" line) and --state-file persistence, both through
// the CLI and through startEmulator({ stateFile }).

import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startEmulator } from "../../../emulator";
import { HarborTestClient } from "../helpers/harbor-http";
import { systemRobotBody } from "../helpers/emulator-fixture";

const CLI = path.resolve(__dirname, "../../../emulator/cli.js");

interface Running {
  child: ChildProcess;
  url: string;
}

function runCli(args: string[]): Promise<Running> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) resolve({ child, url: m[1] as string });
    });
    child.stderr?.on("data", (d: Buffer) => (out += d.toString()));
    child.once("exit", (code) => reject(new Error(`cli exited with ${code}: ${out}`)));
  });
}

function stop(r: Running): Promise<void> {
  return new Promise((resolve) => {
    if (r.child.exitCode !== null) return resolve();
    r.child.once("exit", () => resolve());
    r.child.kill("SIGTERM");
  });
}

function exitOf(args: string[]): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once("exit", (code) => resolve({ code, stderr })));
}

describe("emulator: CLI and state file", function () {
  this.timeout(30_000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(path.join(tmpdir(), "harbor-emu-"))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("starts with flags, prints one line with the URL, seeds projects and persists across restarts", async () => {
    const stateFile = path.join(dir, "state.json");
    const args = [
      "--port",
      "0",
      "--version",
      "2.10",
      "--admin-user",
      "boss",
      "--admin-password",
      "Pw-12345",
      "--state-file",
      stateFile,
      "--seed-projects",
      "a,b",
    ];
    const first = await runCli(args);
    let secret: string;
    try {
      assert.match(first.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const api = new HarborTestClient(first.url, { username: "boss", password: "Pw-12345" });
      assert.match((await api.get("/systeminfo")).body.harbor_version, /^v2\.10\./);
      assert.deepEqual(
        (await api.get("/projects")).body.map((p: { name: string }) => p.name),
        ["a", "b", "library"], // every Harbor has library
      );
      const created = await api.post("/robots", systemRobotBody({ duration: 0 }));
      assert.equal(created.status, 201, "duration 0 is fine on 2.10");
      secret = created.body.secret;
    } finally {
      await stop(first);
    }
    assert.ok(
      !readFileSync(stateFile, "utf8").includes(secret),
      "the state file never holds a plaintext secret",
    );

    const second = await runCli(args);
    try {
      const api = new HarborTestClient(second.url, { username: "boss", password: "Pw-12345" });
      assert.deepEqual(
        (await api.get("/projects")).body.map((p: { name: string }) => p.name),
        ["a", "b", "library"],
        "not seeded twice",
      );
      const robots = (await api.get("/robots")).body;
      assert.deepEqual(
        robots.map((r: { name: string }) => r.name),
        ["robot$ci"],
      );
      // 412 = an authenticated robot (2.10 shows harbor_version to anyone, so it proves nothing).
      const login = await api.as("robot$ci", secret).get("/users/current");
      assert.equal(login.status, 412, "the secret still works after a restart");
    } finally {
      await stop(second);
    }
  });

  it("rejects bad flags with exit code 2", async () => {
    assert.equal((await exitOf(["--version", "3.0"])).code, 2);
    const unknown = await exitOf(["--nope"]);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /usage/);
    const cost = await exitOf(["--password-check-ms", "soon"]);
    assert.equal(cost.code, 2);
    assert.match(cost.stderr, /invalid --password-check-ms soon/);
    const freeze = await exitOf(["--login-freeze-ms", "soon"]);
    assert.equal(freeze.code, 2);
    assert.match(freeze.stderr, /invalid --login-freeze-ms soon/);
  });

  it("makes password checks cost what --password-check-ms says", async () => {
    const running = await runCli(["--port", "0", "--password-check-ms", "50"]);
    try {
      const api = new HarborTestClient(running.url, { username: "admin", password: "Harbor12345" });
      const started = performance.now();
      for (let i = 0; i < 3; i++) assert.equal((await api.get("/users/current")).status, 200);
      assert.ok(performance.now() - started >= 150, "at least 50 ms per Basic request");
    } finally {
      await stop(running);
    }
  });

  it("persists state through startEmulator({ stateFile })", async () => {
    const stateFile = path.join(dir, "inproc.json");
    const first = await startEmulator({ stateFile });
    const api = new HarborTestClient(first.url, first.admin);
    await api.post("/projects", { project_name: "dev" });
    await api.post("/robots", systemRobotBody());
    await api.put("/configurations", { robot_name_prefix: "bot-" });
    await first.close();
    const second = await startEmulator({ stateFile });
    try {
      assert.deepEqual(
        second.listRobots().map((r) => r.fullName),
        ["bot-ci"],
      );
      const next = second.seedRobot({ name: "next" });
      assert.ok(next.id > (second.listRobots()[0]?.id ?? Infinity), "ids continue after a restart");
    } finally {
      await second.close();
    }
  });
});
