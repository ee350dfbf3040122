// An interrupted `up` on a real Harbor: the engine SIGKILLed while creates are in flight, then the
// recovery of docs/robot-account.md (`pulumi cancel`, `pulumi up`) with the same program. As in the e2e test, Harbor
// must answer the creates one by one for the kill to find some done and some not; a real Harbor
// answers in a fraction of a second, so the stack reaches it through a loopback proxy that holds each
// POST (and the PATCH/PUT that finish a create) for a while before passing it on. The recovering `up`
// goes through the same proxy, unheld: the robots' registry is the address the stack was given.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { exportStackEncrypted } from "../../scripts/engine";
import {
  cancelAndUp,
  end,
  killedUp,
  leftBehindAfterKill,
  reopenStack,
  storedRobots,
  type Started,
} from "../e2e/interrupted/kill";
import {
  CHOSEN,
  disabledRobot,
  hasChosenSecret,
  robotNames,
  type InterruptedStack,
} from "../e2e/interrupted/program";
import { startHarborProxy, type HarborProxy } from "../helpers/harbor-proxy";
import { run } from "./run";

describe("acceptance: the engine killed mid-up on a real Harbor, then pulumi cancel and pulumi up", function () {
  this.timeout(600_000);
  const started: Started[] = [];
  const project = run.name("apps");
  let proxy: HarborProxy;

  before(async () => {
    await run.harbor.createProject(project);
    proxy = await startHarborProxy(run.target.url);
    run.onCleanup("end the processes of the killed up", () => started.forEach(end));
    run.onCleanup("close the proxy", () => proxy.close());
  });

  for (const killProvider of [false, true])
    it(`converges after the kill (provider process ${killProvider ? "killed too" : "left to finish"})`, async () => {
      const stack: InterruptedStack = {
        robotPrefix: run.name(killProvider ? "killed-k" : "left-k"),
        project,
      };
      const robots = robotNames(stack);
      const root = fs.mkdtempSync(path.join(os.tmpdir(), "phr-acc-interrupted-"));
      run.onCleanup("remove the stack's folders", () => fs.rmSync(root, { recursive: true, force: true }));
      proxy.reset();
      // The n-th create reaches Harbor 1 + 0.4·n s after it was sent; a chosen secret (PATCH) or
      // disabling (PUT) 3 s after.
      proxy.hold((method, route, n) =>
        method === "POST" && route === "/robots"
          ? 1000 + 400 * n
          : (method === "PATCH" || method === "PUT") && route === "/robots/{id}"
            ? 3000
            : 0,
      );
      const created = () => proxy.answers().get("POST /robots 201") ?? 0;
      const sent = () => proxy.counts().get("POST /robots") ?? 0;
      const finishing = () =>
        (proxy.counts().get("PATCH /robots/{id}") ?? 0) + (proxy.counts().get("PUT /robots/{id}") ?? 0);
      await killedUp({
        root,
        stack,
        started,
        killProvider,
        inFlight: () => created() >= 3 && sent() > created() && finishing() > 0,
        settleMs: 3000 + 400 * robots.length,
        env: { ...process.env, ...run.harborEnv, HARBOR_URL: proxy.url },
      });
      proxy.hold(undefined);

      const short = (fullName: string) => fullName.slice(run.settingsBefore.robot_name_prefix.length);
      const inHarbor = async () =>
        (await run.harbor.systemRobots(stack.robotPrefix)).map((r) => short(r.name)).sort();
      const leftBehind = await leftBehindAfterKill(root, await inHarbor());

      // The next CI job: same program, same backend, same registry address.
      const { stack: next } = await reopenStack(root, stack, { ...run.harborEnv, HARBOR_URL: proxy.url });
      const up = await cancelAndUp(next);
      const prefix = run.settingsBefore.robot_name_prefix;
      for (const name of leftBehind)
        assert.ok(
          up.stdout.includes(`recovered robot ${prefix}${name} (id `),
          `${name} not named as recovered`,
        );

      assert.deepEqual(await inHarbor(), [...robots].sort(), "exactly the declared robots");
      const stored = await storedRobots(next);
      assert.equal(stored.length, robots.length);
      for (const r of stored) {
        const disabled = r.name === disabledRobot(stack);
        assert.equal((await run.harbor.robot(r.robotId))?.disable, disabled, `${r.name} disabled`);
        assert.equal(
          await run.harbor.loginStatus(r.fullName, r.secret),
          disabled ? 401 : 412,
          `${r.fullName}: its stored secret ${disabled ? "must not log in (disabled)" : "does not log in"}`,
        );
        if (hasChosenSecret(stack, r.name)) assert.equal(r.secret, CHOSEN);
      }
      assert.ok(
        !JSON.stringify(await exportStackEncrypted(next)).includes(CHOSEN),
        "secrets stay ciphertext",
      );

      await next.preview({ expectNoChanges: true });
      await next.destroy();
      assert.deepEqual(await inHarbor(), [], "destroy leaves no robot");
    });
});
