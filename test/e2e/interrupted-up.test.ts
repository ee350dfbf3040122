// The engine dies mid-`up` (a cancelled CI job, a lost runner): SIGKILL of the real `pulumi` process
// while creates are in flight (Harbor answers POST /robots slowly), with its provider process left to
// finish the POSTs in flight, or killed too. The documented recovery, `pulumi cancel` (the file
// backend keeps the dead run's lock) and `pulumi up`, must converge with no code change: exactly the
// declared robots, each with a stored secret that logs in, every robot the dead run left behind named
// in the output; `pulumi destroy` then leaves none.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator, type HarborEmulator } from "../../emulator";
import { exportStackEncrypted } from "../../scripts/engine";
import {
  cancelAndUp,
  end,
  killedUp,
  leftBehindAfterKill,
  reopenStack,
  storedRobots,
  type Started,
} from "./interrupted/kill";
import { CHOSEN, E2E_STACK, disabledRobot, hasChosenSecret, robotNames } from "./interrupted/program";

const ROBOTS = robotNames(E2E_STACK);

describe("e2e: the engine killed mid-up, then pulumi cancel and pulumi up", function () {
  this.timeout(600_000);
  let emu: HarborEmulator;
  const started: Started[] = []; // every process this test started, to end them by id
  const roots: string[] = [];
  const savedEnv = { ...process.env };

  before(async () => {
    emu = await startEmulator();
    Object.assign(process.env, {
      ...emu.harborEnv(),
    });
  });
  after(async () => {
    started.forEach(end);
    for (const root of roots) fs.rmSync(root, { recursive: true, force: true });
    for (const key of ["HARBOR_URL", "HARBOR_USERNAME", "HARBOR_PASSWORD"])
      if (savedEnv[key] === undefined) delete process.env[key];
      else process.env[key] = savedEnv[key];
    await emu?.close();
  });

  for (const killProvider of [false, true]) {
    it(`converges after the kill (provider process ${killProvider ? "killed too" : "left to finish"})`, async () => {
      emu.reset();
      emu.seedProject("apps");
      // The n-th POST takes 1 + 0.4·n s, so robots appear one after the other while others are in flight.
      ROBOTS.forEach((_, n) =>
        emu.injectFault({ method: "POST", route: "/robots", kind: "latency", latencyMs: 1000 + 400 * n }),
      );
      // A created robot's chosen secret (PATCH) or disabling (PUT) takes 3 s: the kill finds robots
      // Harbor made whose create is not finished, whether or not the provider lives on.
      for (const method of ["PATCH", "PUT"])
        emu.injectFault({ method, route: "/robots/{id}", kind: "latency", latencyMs: 3000, times: 1000 });
      const root = fs.mkdtempSync(path.join(os.tmpdir(), "phr-interrupted-"));
      roots.push(root);

      // Harbor answers the creates one by one (see the latencies above): kill once a few robots exist
      // while more POSTs are in flight.
      const inFlight = () => emu.requestCount("POST", "/robots") - emu.listRobots().length;
      const finishing = () =>
        emu.requestCount("PATCH", "/robots/{id}") + emu.requestCount("PUT", "/robots/{id}");
      await killedUp({
        root,
        stack: E2E_STACK,
        started,
        killProvider,
        inFlight: () => emu.listRobots().length >= 3 && inFlight() > 0 && finishing() > 0,
        settleMs: 3000 + 400 * ROBOTS.length,
      });
      emu.clearFaults();
      const leftBehind = await leftBehindAfterKill(
        root,
        emu.listRobots().map((r) => r.name),
      );

      // The next CI job: same program, same backend.
      const { stack } = await reopenStack(root, E2E_STACK);
      const up = await cancelAndUp(stack);
      for (const name of leftBehind)
        assert.match(
          up.stdout,
          new RegExp(`recovered robot robot\\$${name} \\(id \\d+\\)`),
          `${name} not named`,
        );

      assert.deepEqual(
        emu
          .listRobots()
          .map((r) => r.name)
          .sort(),
        [...ROBOTS].sort(),
        "exactly the declared robots",
      );
      assert.equal(emu.listRobots().find((r) => r.name === disabledRobot(E2E_STACK))?.disabled, true);
      const robots = await storedRobots(stack);
      assert.equal(robots.length, ROBOTS.length);
      for (const r of robots) {
        const login = r.name === disabledRobot(E2E_STACK) ? true : emu.checkLogin(r.fullName, r.secret);
        assert.ok(login, `${r.fullName} cannot log in with its stored secret`);
        if (hasChosenSecret(E2E_STACK, r.name)) assert.equal(r.secret, CHOSEN);
      }
      const encrypted = await exportStackEncrypted(stack);
      assert.ok(!JSON.stringify(encrypted).includes(CHOSEN), "secrets stay ciphertext");

      await stack.preview({ expectNoChanges: true });
      await stack.destroy();
      assert.deepEqual(emu.listRobots(), [], "destroy leaves no robot");
    });
  }
});
