// Issue 13 with the real engine against the emulator: a secret refreshed through Harbor's API is
// found by `pulumi refresh` (verifySecret / harbor:verifySecrets), planned at preview as a re-issue
// and re-issued by `pulumi up`; an expiry within renewBeforeDays (the emulator's clock moved past the
// renewal point) is renewed in place, same robot and secret. The no-op preview stays at 0 requests.
import assert from "node:assert/strict";
import { HarborTestClient } from "../integration/helpers/harbor-http";
import * as pulumi from "@pulumi/pulumi";
import { RobotAccount, type RobotAccountArgs } from "../../sdk";
import {
  assertCiphertext,
  diagnostics,
  emulatorStack,
  exportedResources,
  type EmulatorStack,
} from "./harness";

const TYPE = "pulumi-nodejs:dynamic/harbor:RobotAccount";
const DAY_MS = 86_400_000;

function program(robots: Record<string, RobotAccountArgs>) {
  return async () => {
    const out: Record<string, pulumi.Output<unknown>> = {};
    for (const [name, args] of Object.entries(robots)) {
      const r = new RobotAccount(name, args);
      out[`${name}Id`] = r.robotId;
      out[`${name}Secret`] = r.secret;
      out[`${name}ExpiresAt`] = r.expiresAt;
      out[`${name}DockerConfig`] = r.dockerConfigJson;
    }
    return out;
  };
}

const pull = [{ scope: "allProjects" as const, access: ["pull"] }];

describe("e2e: secret drift found at refresh and re-issued by up", function () {
  this.timeout(600_000);
  let s: EmulatorStack;
  const value = async (key: string) => (await s.stack.outputs())[key]?.value;

  before(async () => {
    s = await emulatorStack(
      "secret-drift",
      program({
        ci: { name: "ci", duration: 90, permissions: pull }, // verified through harbor:verifySecrets
        quiet: { name: "quiet", duration: 90, permissions: pull, verifySecret: false },
      }),
    );
    await s.stack.setConfig("harbor:verifySecrets", { value: "true" });
    await s.stack.up();
  });
  after(async () => s?.close());

  /** What Harbor's UI "Refresh Secret" button does: PATCH {} as an admin. */
  const refreshInHarbor = async (id: number) => {
    const res = await new HarborTestClient(s.emu.url, s.emu.admin).request("PATCH", `/robots/${id}`, {
      body: {},
    });
    assert.equal(res.status, 200);
  };

  it("keeps the no-op preview at 0 Harbor requests", async () => {
    s.emu.resetCounts();
    await s.stack.preview({ expectNoChanges: true });
    assert.equal(s.emu.requestCount(), 0);
  });

  it("refresh finds the changed secret, preview plans its re-issue, up issues a new one", async () => {
    const oldCi = String(await value("ciSecret"));
    const oldQuiet = String(await value("quietSecret"));
    await refreshInHarbor(Number(await value("ciId")));
    await refreshInHarbor(Number(await value("quietId")));

    s.emu.resetCounts();
    const atRefresh = diagnostics();
    await s.stack.refresh({ onEvent: atRefresh.onEvent });
    assert.equal(s.emu.requestCount("GET", "/users/current"), 1, "one login for the one verified robot");
    const said = atRefresh.warnings().join("\n");
    assert.match(said, /robot robot\$ci: Harbor rejects the secret in the Pulumi state/);
    assert.ok(!said.includes("robot$quiet"), "verifySecret: false is not checked");
    assert.ok(!said.includes(oldCi));

    const atPreview = diagnostics();
    const preview = await s.stack.preview({ onEvent: atPreview.onEvent });
    assert.equal(preview.changeSummary.update, 1);
    assert.match(
      atPreview.warnings().join("\n"),
      /robot robot\$ci: a refresh \(.*\) found that Harbor rejects the secret in the Pulumi state, so it was changed outside Pulumi\. `pulumi up` has Harbor issue a new secret/,
    );

    const up = await s.stack.up();
    assert.equal(up.summary.resourceChanges?.update, 1);
    const fresh = String(up.outputs.ciSecret?.value);
    assert.notEqual(fresh, oldCi);
    assert.ok(up.outputs.ciSecret?.secret, "still a Pulumi secret");
    assert.ok(s.emu.checkLogin("robot$ci", fresh), "the outputs carry a secret that logs in");
    const docker = JSON.parse(String(up.outputs.ciDockerConfig?.value));
    assert.equal(Object.values(docker.auths as Record<string, { password: string }>)[0]!.password, fresh);
    assert.equal(
      String(up.outputs.quietSecret?.value),
      oldQuiet,
      "the unverified robot keeps its stale secret",
    );

    const { resources } = await exportedResources(s.stack, TYPE);
    for (const r of resources) assertCiphertext(r.outputs?.secret, `${r.urn} secret`);
    s.emu.resetCounts();
    await s.stack.preview({ expectNoChanges: true });
    assert.equal(s.emu.requestCount(), 0);
  });
});

describe("e2e: expiry renewed in place once the clock passes the renewal point", function () {
  this.timeout(600_000);
  let s: EmulatorStack;
  const value = async (key: string) => (await s.stack.outputs())[key]?.value;

  const robots: Record<string, RobotAccountArgs> = {};
  before(async () => {
    s = await emulatorStack("renewal", program(robots));
    // 30 days from 40 days ago: expired 10 days ago. (No renewBeforeDays yet: the provider's clock is
    // the real one, and the later `up` at Harbor's earlier time would already renew it.)
    robots.lapsed = { name: "lapsed", duration: 30, verifySecret: true, permissions: pull };
    s.emu.setClock(Date.now() - 40 * DAY_MS);
    await s.stack.up();
    // 30 days from 28 days ago: 2 days left, inside renewBeforeDays 3.
    robots.soon = { name: "soon", duration: 30, renewBeforeDays: 3, verifySecret: true, permissions: pull };
    robots.forever = { name: "forever", duration: "never", renewBeforeDays: 3, permissions: pull };
    s.emu.setClock(Date.now() - 28 * DAY_MS);
    await s.stack.up();
    s.emu.setClock(undefined); // Harbor's clock moves on to now: past the renewal point
    robots.lapsed = { ...robots.lapsed, renewBeforeDays: 3 };
  });
  after(async () => s?.close());

  it("refresh reports the expired robot as expired, not as a changed secret", async () => {
    const d = diagnostics();
    await s.stack.refresh({ onEvent: d.onEvent });
    const said = d.warnings().join("\n");
    assert.match(said, /robot robot\$lapsed expired at .*: its secret was not checked/);
    assert.ok(!/rejects the secret/.test(said), said);
  });

  it("preview plans in-place renewals that say when each robot expires and its new expiry", async () => {
    const d = diagnostics();
    const preview = await s.stack.preview({ onEvent: d.onEvent });
    assert.equal(preview.changeSummary.update, 2);
    assert.equal(preview.changeSummary.replace ?? 0, 0);
    const said = d.warnings().join("\n");
    assert.match(
      said,
      /robot robot\$soon would expire at \S+, within renewBeforeDays \(3\): `pulumi up` renews it in place/,
    );
    assert.match(
      said,
      /robot robot\$lapsed expired at \S+: `pulumi up` renews it in place, raising its duration to 71 days/,
    );
    assert.ok(!said.includes("robot$forever"), "duration never: nothing to renew");
  });

  it("up renews them: same id and secret, expiresAt moved, and the expired one logs in again", async () => {
    const before = await s.stack.outputs();
    assert.ok(!s.emu.checkLogin("robot$lapsed", String(before.lapsedSecret?.value)));
    const up = await s.stack.up();
    assert.equal(up.summary.resourceChanges?.update, 2);
    const now = Date.now() / 1000;
    for (const name of ["soon", "lapsed"]) {
      assert.equal(up.outputs[`${name}Id`]?.value, before[`${name}Id`]?.value, `${name}: same robot`);
      assert.equal(
        up.outputs[`${name}Secret`]?.value,
        before[`${name}Secret`]?.value,
        `${name}: same secret`,
      );
      const expiresAt = Number(up.outputs[`${name}ExpiresAt`]?.value);
      assert.ok(expiresAt >= now + 30 * 86_400 - 60, `${name}: valid for 30 days from now`);
      assert.equal(
        expiresAt,
        s.emu.getRobot(Number(before[`${name}Id`]?.value))!.expiresAt,
        "as Harbor says",
      );
    }
    assert.ok(s.emu.checkLogin("robot$lapsed", String(up.outputs.lapsedSecret?.value)));
    assert.equal(Number(await value("foreverExpiresAt")), -1);

    s.emu.resetCounts();
    await s.stack.preview({ expectNoChanges: true });
    assert.equal(s.emu.requestCount(), 0, "renewed robots preview as no-ops, with no request");
  });
});

describe("e2e: a disabled robot under verification: quiet refreshes, and re-enabled with a secret that works", function () {
  this.timeout(600_000);
  let s: EmulatorStack;
  const robot: RobotAccountArgs = { name: "paused", duration: 90, permissions: pull, disabled: true };
  const value = async (key: string) => (await s.stack.outputs())[key]?.value;

  before(async () => {
    s = await emulatorStack("disabled-verified", program({ paused: robot }));
    await s.stack.setConfig("harbor:verifySecrets", { value: "true" });
    await s.stack.up();
  });
  after(async () => s?.close());

  it("refresh neither logs in nor warns, nor records a rejected secret", async () => {
    for (let i = 0; i < 2; i++) {
      s.emu.resetCounts();
      const seen = diagnostics();
      await s.stack.refresh({ onEvent: seen.onEvent });
      assert.deepEqual(seen.warnings(), [], "no warning for a robot disabled as declared");
      assert.equal(s.emu.requestCount("GET", "/users/current"), 0);
    }
    await s.stack.preview({ expectNoChanges: true });
  });

  it("the up that enables it finds a secret changed meanwhile and issues a new one", async () => {
    const old = String(await value("pausedSecret"));
    const auth = Buffer.from(`${s.emu.admin.username}:${s.emu.admin.password}`).toString("base64");
    const res = await fetch(`${s.emu.url}/api/v2.0/robots/${Number(await value("pausedId"))}`, {
      method: "PATCH",
      headers: { authorization: `Basic ${auth}`, "content-type": "application/json" },
      body: "{}",
    });
    assert.equal(res.status, 200);
    robot.disabled = false;
    const seen = diagnostics();
    await s.stack.up({ onEvent: seen.onEvent });
    assert.match(
      seen.warnings().join("\n"),
      /robot robot\$paused was enabled again, and Harbor rejects the secret/,
    );
    const secret = String(await value("pausedSecret"));
    assert.notEqual(secret, old);
    assert.ok(s.emu.checkLogin("robot$paused", secret), "the secret output logs in right after re-enabling");
    await s.stack.preview({ expectNoChanges: true });
  });
});
