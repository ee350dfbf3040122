// Issue 13 through the provider's handlers against the emulator (both profiles): refresh proves the
// stored secret (verifySecret), a secret changed through Harbor's API is found and re-issued by the
// next update, expired robots are reported as such and disabled ones skipped quietly, a failing check
// changes nothing, and an expiry within renewBeforeDays is renewed in place with the secret kept (at
// most to Harbor's maximum duration).
import assert from "node:assert/strict";
import { HarborTestClient } from "../helpers/harbor-http";
import { startEmulator, type HarborEmulator } from "../../../emulator";
import { MAX_DURATION_DAYS } from "../../../provider/model/robot-rules";
import type { CheckedRobotInputs } from "../../../provider/robot-account/check";
import { credentialOutputs } from "../../../provider/robot-account/credentials";
import type { RobotAccountState } from "../../../provider/robot-account/state";
import { emulatorConfig } from "../../helpers/stack-config";
import { warnings } from "../../helpers/warnings";
import { useProviderEmulator } from "../../helpers/provider-emulator";
import { ProviderProcess } from "../../helpers/provider-process";

const proc = new ProviderProcess();
const p = proc.robotAccount;

const DAY_MS = 86_400_000;

const inputs = (over: Partial<CheckedRobotInputs> = {}): CheckedRobotInputs => ({
  name: "ci",
  duration: 30,
  permissions: [{ scope: "allProjects", access: ["pull"] }],
  verifySecret: true,
  ...over,
});

for (const version of ["2.15", "2.10"] as const) {
  describe(`secret lifecycle through the provider, Harbor ${version} profile`, () => {
    let emu: HarborEmulator;
    useProviderEmulator((started) => (emu = started), proc, { emulator: { version }, quickRetries: false });

    const create = async (i: CheckedRobotInputs) => (await p.create(i)).outs as RobotAccountState;
    const read = async (s: RobotAccountState) => {
      await proc.dropClients();
      return warnings(async () => (await p.read!(String(s.robotId), s)).props as RobotAccountState);
    };
    /** Harbor's own API, as the UI's "Refresh Secret" button calls it. */
    const refreshSecretInHarbor = async (id: number, body: object = {}) => {
      const res = await new HarborTestClient(emu.url, emu.admin).request("PATCH", `/robots/${id}`, {
        body: body,
      });
      assert.equal(res.status, 200);
    };

    it("finds a secret refreshed in Harbor, plans its re-issue, and up issues a new one", async () => {
      const s = await create(inputs());
      emu.resetCounts();
      const clean = await read(s);
      assert.equal(clean.result.secretRejectedAt, undefined);
      assert.equal(emu.requestCount("GET", "/users/current"), 1, "one cheap request per robot");

      await refreshSecretInHarbor(s.robotId);
      const found = await read(s);
      assert.ok(found.result.secretRejectedAt, "the finding is recorded");
      assert.equal(found.result.secret, s.secret, "nothing else changes");
      assert.match(found.said, /robot robot\$ci: Harbor rejects the secret in the Pulumi state/);
      assert.ok(!found.said.includes(s.secret), "the secret is never in a message");

      const d = await warnings(() => p.diff!(String(s.robotId), found.result, inputs()));
      assert.equal(d.result.changes, true);
      assert.match(d.said, /`pulumi up` has Harbor issue a new secret/);

      const after = (await p.update!(String(s.robotId), found.result, inputs())).outs as RobotAccountState;
      assert.notEqual(after.secret, s.secret);
      assert.equal(after.secretRejectedAt, undefined);
      assert.ok(emu.checkLogin("robot$ci", after.secret), "the new secret logs in");
      assert.ok(
        credentialOutputs(after).dockerConfigJson.includes(
          Buffer.from(`robot$ci:${after.secret}`).toString("base64"),
        ),
      );
      assert.equal((await read(after)).result.secretRejectedAt, undefined, "and the next refresh agrees");
    });

    it("sets the declared secret again when it was changed in Harbor", async () => {
      const s = await create(inputs({ secret: "Chosen-Secret-1" }));
      await refreshSecretInHarbor(s.robotId, { secret: "Someone-Else-2" });
      const found = (await read(s)).result;
      assert.ok(found.secretRejectedAt);
      const d = await warnings(() =>
        p.diff!(String(s.robotId), found, inputs({ secret: "Chosen-Secret-1" })),
      );
      assert.match(d.said, /sets the declared `secret` on it again/);
      const after = (await p.update!(String(s.robotId), found, inputs({ secret: "Chosen-Secret-1" })))
        .outs as RobotAccountState;
      assert.equal(after.secret, "Chosen-Secret-1");
      assert.ok(emu.checkLogin("robot$ci", "Chosen-Secret-1"));
      assert.ok(!emu.checkLogin("robot$ci", "Someone-Else-2"));
    });

    it("skips a disabled robot quietly on every refresh, and proves its secret once it is enabled again", async () => {
      const s = await create(inputs({ disabled: true }));
      emu.resetCounts();
      for (let i = 0; i < 2; i++) {
        const r = await read(s);
        assert.equal(
          r.result.secretRejectedAt,
          undefined,
          "Harbor's refusal of a disabled robot is no finding",
        );
        assert.equal(r.said, "", "no warning: the robot is disabled as declared");
      }
      assert.equal(emu.requestCount("GET", "/users/current"), 0, "no login that could only fail");

      // While disabled, nothing about the secret can be proven: a change made meanwhile is not seen yet.
      await refreshSecretInHarbor(s.robotId);
      const whileDisabled = (await read(s)).result;
      assert.equal(whileDisabled.secretRejectedAt, undefined);

      // The update that enables it proves the secret at once, and issues a new one in the same run.
      await proc.dropClients();
      const enabled = await warnings(
        async () =>
          (await p.update!(String(s.robotId), whileDisabled, inputs({ disabled: false })))
            .outs as RobotAccountState,
      );
      assert.equal(emu.getRobot(s.robotId)!.disabled, false);
      assert.notEqual(enabled.result.secret, s.secret);
      assert.ok(emu.checkLogin("robot$ci", enabled.result.secret), "re-enabled, with a secret that logs in");
      assert.match(
        enabled.said,
        /robot robot\$ci was enabled again, and Harbor rejects the secret in the Pulumi state/,
      );
      assert.equal((await read(enabled.result)).result.secretRejectedAt, undefined);
    });

    it("re-enabling a robot whose secret still works keeps that secret (one login proves it)", async () => {
      const s = await create(inputs({ disabled: true }));
      emu.resetCounts();
      const enabled = await warnings(
        async () =>
          (await p.update!(String(s.robotId), s, inputs({ disabled: false }))).outs as RobotAccountState,
      );
      assert.equal(enabled.result.secret, s.secret);
      assert.equal(enabled.said, "");
      assert.equal(emu.requestCount("GET", "/users/current"), 1);
      assert.equal(emu.requestCount("PATCH", "/robots/{id}"), 0, "no new secret");
      // Without verification, nothing is sent.
      const off = await create(inputs({ name: "quiet", disabled: true, verifySecret: false }));
      emu.resetCounts();
      await p.update!(
        String(off.robotId),
        off,
        inputs({ name: "quiet", disabled: false, verifySecret: false }),
      );
      assert.equal(emu.requestCount("GET", "/users/current"), 0);
    });

    it("reports an expired robot as expired, not as a changed secret", async () => {
      emu.setClock(Date.now() - 40 * DAY_MS); // created 40 days ago with 30 days: expired 10 days ago
      const s = await create(inputs());
      emu.setClock(undefined);
      emu.resetCounts();
      const r = await read(s);
      assert.equal(r.result.secretRejectedAt, undefined);
      assert.match(r.said, /robot robot\$ci expired at .*: its secret was not checked\. Set renewBeforeDays/);
      assert.equal(emu.requestCount("GET", "/users/current"), 0);
    });

    it("keeps the state as it was when the check fails (5xx)", async () => {
      const s = await create(inputs());
      const baseline = (await read(s)).result;
      emu.injectFault({ route: "/users/current", kind: "status", status: 503, times: 5 });
      const r = await read(baseline);
      assert.deepEqual(r.result, baseline);
      assert.match(
        r.said,
        /robot robot\$ci: could not check its secret \(.*503.*\); its state is kept as it was/,
      );
      // A finding made earlier is not lost by a failing check either.
      const rejected = { ...baseline, secretRejectedAt: "2026-01-01T00:00:00.000Z" };
      emu.injectFault({ route: "/users/current", kind: "reset", times: 5 });
      assert.deepEqual((await read(rejected)).result, rejected);
    });

    it("sends nothing when verification is off, and follows harbor:verifySecrets", async () => {
      const s = await create(inputs({ verifySecret: undefined }));
      emu.resetCounts();
      await read(s);
      assert.equal(emu.requestCount("GET", "/users/current"), 0);
      proc.configure(emulatorConfig(emu, { "harbor:verifySecrets": "true" }));
      await read(s);
      assert.equal(emu.requestCount("GET", "/users/current"), 1);
      assert.equal((await read({ ...s, verifySecret: false })).result.secretRejectedAt, undefined);
      assert.equal(emu.requestCount("GET", "/users/current"), 1, "the resource's false wins");
    });

    it("checks at most 4 logins at once", async () => {
      const robots: RobotAccountState[] = [];
      for (let i = 0; i < 8; i++) robots.push(await create(inputs({ name: `r${i}` })));
      await proc.dropClients();
      emu.injectFault({ route: "/users/current", kind: "latency", latencyMs: 300, times: 8 });
      const started = Date.now();
      await warnings(() => Promise.all(robots.map((s) => p.read!(String(s.robotId), s))));
      // Unbounded, the 8 checks overlap and take ~300 ms; 4 at a time take at least 2 rounds.
      assert.ok(Date.now() - started >= 600, `took ${Date.now() - started} ms`);
      assert.equal(emu.requestCount("GET", "/users/current"), 8);
    });

    it("renews an expiry within renewBeforeDays in place: same robot, same secret, new expiry", async () => {
      emu.setClock(Date.now() - 28 * DAY_MS); // 30 days from 28 days ago: expires in 2 days
      const s = await create(inputs({ renewBeforeDays: 3 }));
      emu.setClock(undefined);
      const d = await warnings(() => p.diff!(String(s.robotId), s, inputs({ renewBeforeDays: 3 })));
      assert.equal(d.result.changes, true);
      assert.deepEqual(d.result.replaces ?? [], []);
      assert.match(
        d.said,
        /would expire at .*, within renewBeforeDays \(3\): `pulumi up` renews it in place/,
      );

      const after = (await p.update!(String(s.robotId), s, inputs({ renewBeforeDays: 3 })))
        .outs as RobotAccountState;
      const harbor = emu.getRobot(s.robotId)!;
      assert.equal(harbor.id, s.robotId, "not replaced");
      // 30 declared + 29: 28 days and a few milliseconds since creation, and a started day counts.
      assert.equal(harbor.duration, 59);
      assert.equal(after.durationDays, 59);
      assert.equal(after.expiresAt, harbor.expiresAt, "expiresAt follows Harbor");
      assert.ok(harbor.expiresAt * 1000 >= Date.now() + 30 * DAY_MS - 1000, "valid for 30 days from now");
      assert.equal(after.secret, s.secret);
      assert.ok(emu.checkLogin(s.fullName, s.secret), "the secret still works");

      const again = await warnings(() => p.diff!(String(s.robotId), after, inputs({ renewBeforeDays: 3 })));
      assert.equal(again.result.changes, false, "renewed: nothing more to do");
      const edited = (
        await p.update!(String(s.robotId), after, inputs({ renewBeforeDays: 3, description: "x" }))
      ).outs as RobotAccountState;
      assert.equal(emu.getRobot(s.robotId)!.duration, 59, "a later update keeps the renewal");
      assert.equal(edited.expiresAt, harbor.expiresAt);
    });

    it("renews a robot near Harbor's maximum duration at that maximum, then says it cannot go further", async () => {
      const term = MAX_DURATION_DAYS - 10;
      const news = inputs({ duration: term, renewBeforeDays: term - 1 });
      emu.setClock(Date.now() - 100 * DAY_MS); // 100 days since creation would add 100 days
      const s = await create(news);
      emu.setClock(undefined);
      const d = await warnings(() => p.diff!(String(s.robotId), s, news));
      assert.equal(d.result.changes, true);
      assert.match(d.said, /Harbor's maximum duration \(2147483646 days\) caps it/);
      const after = (await p.update!(String(s.robotId), s, news)).outs as RobotAccountState;
      assert.equal(
        emu.getRobot(s.robotId)!.duration,
        MAX_DURATION_DAYS,
        "Harbor accepted the capped duration",
      );
      assert.equal(after.expiresAt, emu.getRobot(s.robotId)!.expiresAt);
      const again = await warnings(() => p.diff!(String(s.robotId), after, news));
      assert.equal(again.result.changes, false);
      assert.match(again.said, /cannot be renewed further/);
    });

    it("gives a robot left to a default expiration longer than Harbor accepts the longest duration it accepts", async () => {
      emu.setConfig({ robot_token_duration: 9_999_999_999 }); // Harbor's settings allow up to 10 digits
      const made = await warnings(() => p.create(inputs({ duration: undefined })));
      const s = made.result.outs as RobotAccountState;
      assert.equal(emu.getRobot(s.robotId)!.duration, MAX_DURATION_DAYS);
      assert.equal(s.durationDays, MAX_DURATION_DAYS);
      assert.match(made.said, /default robot expiration \(9999999999 days\) is longer than Harbor accepts/);
    });
  });
}

describe("secret check: the robot's secret goes to its own registry only", () => {
  let a: HarborEmulator;
  let b: HarborEmulator;
  beforeEach(async () => {
    [a, b] = await Promise.all([startEmulator(), startEmulator()]);
  });
  afterEach(async () => {
    proc.configure(undefined);
    for (const k of ["HARBOR_URL", "HARBOR_USERNAME", "HARBOR_PASSWORD"]) delete process.env[k];
    await proc.dropClients();
    await Promise.all([a.close(), b.close()]);
  });

  it("never logs in to another registry the stack now points at; checks on the robot's own", async () => {
    proc.configure(emulatorConfig(a));
    const s = (await p.create(inputs())).outs as RobotAccountState;
    // The stack moves to B, with stack-wide verification on: A's robot must not be checked at B.
    proc.configure(emulatorConfig(b, { "harbor:verifySecrets": "true" }));
    const moved = await warnings(() => p.read!(String(s.robotId), s));
    assert.equal(b.requestCount("GET", "/users/current"), 0, "no login at B");
    assert.equal(a.requestCount("GET", "/users/current"), 0, "no credentials for A: not checked");
    assert.deepEqual(moved.result.props, s, "its state is kept");
    // Credentials for A in the environment: the check runs on A, still never on B.
    Object.assign(process.env, {
      HARBOR_URL: a.url,
      HARBOR_USERNAME: "admin",
      HARBOR_PASSWORD: "Harbor12345",
    });
    await proc.dropClients();
    await warnings(() => p.read!(String(s.robotId), s));
    assert.equal(a.requestCount("GET", "/users/current"), 1);
    assert.equal(b.requestCount("GET", "/users/current"), 0);
  });
});
