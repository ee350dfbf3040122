// Issue 13 offline parts: the renewal arithmetic at the day boundaries, what diff plans for a renewal
// and for a secret rejected at refresh, the renewBeforeDays rule, and where verification is switched on.
import assert from "node:assert/strict";
import { UNKNOWN } from "../../provider/model/unknowns";
import { DYNAMIC_SETTING_NAMES } from "../../provider/client/setting-names";
import { checkRobotAccount, type CheckedRobotInputs } from "../../provider/robot-account/check";
import { diffRobotAccount } from "../../provider/robot-account/diff";
import { MAX_DURATION_DAYS as MAX } from "../../provider/model/robot-rules";
import {
  DAY_SECONDS as DAY,
  daysSinceCreation,
  isoTime,
  plannedDuration,
  renewalDue,
} from "../../provider/robot-account/renewal";
import { verifySecretsEnabled } from "../../provider/robot-account/secret-check";
import type { RobotAccountState } from "../../provider/robot-account/state";
import { robotState } from "./robot-state-fixture";
import { ProviderProcess } from "../helpers/provider-process";

const proc = new ProviderProcess();

const CREATED = Date.UTC(2026, 0, 1) / 1000; // 2026-01-01T00:00:00Z

const state = (over: Partial<RobotAccountState> = {}): RobotAccountState =>
  robotState({
    duration: 30,
    expiresAt: CREATED + 30 * DAY,
    creationTime: new Date(CREATED * 1000).toISOString(),
    secret: "Old-Secret-1",
    ...over,
  });

const inputs = (over: Partial<CheckedRobotInputs> = {}): CheckedRobotInputs => ({
  name: "ci",
  duration: 30,
  permissions: [{ scope: "allProjects", access: ["pull"] }],
  ...over,
});

describe("renewal arithmetic at the day boundaries", () => {
  it("counts whole days since creation, rounding a started day up", () => {
    assert.equal(daysSinceCreation(CREATED, CREATED), 0);
    assert.equal(daysSinceCreation(CREATED, CREATED + 1), 1);
    assert.equal(daysSinceCreation(CREATED, CREATED + DAY - 1), 1);
    assert.equal(daysSinceCreation(CREATED, CREATED + DAY), 1);
    assert.equal(daysSinceCreation(CREATED, CREATED + DAY + 1), 2);
    assert.equal(daysSinceCreation(CREATED, CREATED - 5), 0, "a clock behind Harbor's never goes negative");
  });

  it("is due exactly n days before the expiry, not a second earlier, and after it", () => {
    const expires = CREATED + 30 * DAY;
    assert.equal(renewalDue(expires, 3, expires - 3 * DAY - 1), false);
    assert.equal(renewalDue(expires, 3, expires - 3 * DAY), true);
    assert.equal(renewalDue(expires, 3, expires), true);
    assert.equal(renewalDue(expires, 3, expires + 10 * DAY), true, "already past");
    assert.equal(renewalDue(-1, 3, expires), false, "never expires");
  });

  it("renews to the declared duration from now: duration = declared + days since creation", () => {
    const now = CREATED + 27 * DAY; // expiry in exactly 3 days
    const plan = plannedDuration(state(), inputs({ renewBeforeDays: 3 }), now)!;
    assert.equal(plan.durationDays, 57);
    assert.equal(plan.renewalOffsetDays, 27);
    assert.deepEqual(plan.renewal, { wouldExpireAt: CREATED + 30 * DAY, newExpiresAt: CREATED + 57 * DAY });
    assert.equal(plan.renewal!.newExpiresAt - now, 30 * DAY, "valid for 30 days from now, to the second");
  });

  it("rounds up inside a day, so the new expiry is never short of the declared term", () => {
    const now = CREATED + 27 * DAY + 1;
    const plan = plannedDuration(state(), inputs({ renewBeforeDays: 3 }), now)!;
    assert.equal(plan.durationDays, 58);
    assert.ok(plan.renewal!.newExpiresAt >= now + 30 * DAY);
    assert.ok(plan.renewal!.newExpiresAt - now < 31 * DAY);
  });

  it("renews an expired robot the same way", () => {
    const now = CREATED + 40 * DAY + 5;
    const plan = plannedDuration(state(), inputs({ renewBeforeDays: 3 }), now)!;
    assert.equal(plan.durationDays, 71);
    assert.ok(plan.renewal!.wouldExpireAt < now);
  });

  it("does nothing a second before the window, for never, or without renewBeforeDays", () => {
    const before = CREATED + 27 * DAY - 1;
    assert.deepEqual(plannedDuration(state(), inputs({ renewBeforeDays: 3 }), before), { durationDays: 30 });
    const never = state({ duration: "never", durationDays: -1, expiresAt: -1 });
    assert.deepEqual(
      plannedDuration(never, inputs({ duration: "never", renewBeforeDays: 3 }), CREATED + 1e9),
      {
        durationDays: -1,
      },
    );
    assert.deepEqual(plannedDuration(state(), inputs(), CREATED + 40 * DAY), { durationDays: 30 });
  });

  it("keeps an earlier renewal: a renewed robot's duration is the declared one plus the offset", () => {
    const renewed = state({ durationDays: 57, renewalOffsetDays: 27, expiresAt: CREATED + 57 * DAY });
    const now = CREATED + 30 * DAY;
    assert.deepEqual(plannedDuration(renewed, inputs({ renewBeforeDays: 3 }), now), {
      durationDays: 57,
      renewalOffsetDays: 27,
    });
    // Raising the declared duration counts from the last renewal too.
    assert.equal(plannedDuration(renewed, inputs({ duration: 60 }), now)!.durationDays, 87);
    // Duration left to the server default: the term is what Harbor holds less the renewals.
    const plan = plannedDuration(
      renewed,
      inputs({ duration: undefined, renewBeforeDays: 3 }),
      CREATED + 55 * DAY,
    )!;
    assert.equal(plan.durationDays, 30 + 55);
  });

  it("waits while the duration or renewBeforeDays is not known yet", () => {
    assert.equal(plannedDuration(state(), inputs({ duration: UNKNOWN as never }), CREATED), undefined);
    assert.equal(plannedDuration(state(), inputs({ renewBeforeDays: UNKNOWN as never }), CREATED), undefined);
  });
});

describe("renewal within Harbor's maximum duration (d < 2^31 - 1 days)", () => {
  /** A robot declared with `term` days, as update leaves it after applying `plan`. */
  const applied = (s: RobotAccountState, plan: ReturnType<typeof plannedDuration>) => {
    const { renewalOffsetDays: _old, ...rest } = s;
    return state({
      ...rest,
      durationDays: plan!.durationDays,
      ...(plan!.renewalOffsetDays ? { renewalOffsetDays: plan!.renewalOffsetDays } : {}),
      expiresAt: CREATED + plan!.durationDays * DAY,
    });
  };

  it("caps a renewal at Harbor's maximum and says so, without failing on a date past the year 275760", () => {
    const term = MAX - 10;
    const s = state({ duration: term, durationDays: term, expiresAt: CREATED + term * DAY });
    const news = inputs({ duration: term, renewBeforeDays: term - 1 });
    const now = CREATED + 100 * DAY;
    const plan = plannedDuration(s, news, now)!;
    assert.equal(plan.durationDays, MAX, "never more than Harbor accepts");
    assert.equal(plan.renewal?.capped, true);
    const d = diffRobotAccount(proc.ctx.settings, s, news, now);
    assert.equal(d.changes, true);
    assert.match(
      d.warnings.join("\n"),
      /raising its duration to 2147483646 days .* expires at the year \d{7}, less than 2147483636 days from now: Harbor's maximum duration \(2147483646 days\) caps it/,
    );
  });

  it("plans nothing once the duration is at the maximum, and says the robot cannot be renewed further", () => {
    const s = state({
      duration: MAX - 10,
      durationDays: MAX,
      renewalOffsetDays: 100,
      expiresAt: CREATED + MAX * DAY,
    });
    const news = inputs({ duration: MAX - 10, renewBeforeDays: MAX - 11 });
    const d = diffRobotAccount(proc.ctx.settings, s, news, CREATED + 200 * DAY);
    assert.equal(d.changes, false, "nothing Harbor would accept can move the expiry");
    assert.match(
      d.warnings.join("\n"),
      /robot robot\$ci expires at the year \d{7}, within renewBeforeDays .* already Harbor's maximum \(2147483646 days from its creation.*cannot be renewed further/,
    );
  });

  it("caps a renewed robot's later, longer declaration, and keeps the renewal for a shorter one", () => {
    const renewed = state({ durationDays: 57, renewalOffsetDays: 27, expiresAt: CREATED + 57 * DAY });
    const longest = plannedDuration(renewed, inputs({ duration: MAX }), CREATED + 30 * DAY)!;
    assert.equal(longest.durationDays, MAX);
    assert.equal(
      diffRobotAccount(
        proc.ctx.settings,
        applied(renewed, longest),
        inputs({ duration: MAX }),
        CREATED + 31 * DAY,
      ).changes,
      false,
    );
    const shorter = plannedDuration(applied(renewed, longest), inputs({ duration: 60 }), CREATED + 31 * DAY)!;
    assert.equal(shorter.durationDays, 87, "the 27 days of the renewal still count");
  });

  it("never plans a duration Harbor rejects, over a thousand renewals of any term", () => {
    for (const term of [1 + 1, 30, 365, 100_000_000, MAX - 400, MAX - 1, MAX]) {
      const renewBeforeDays = term - 1;
      let s = state({ duration: term, durationDays: term, expiresAt: CREATED + term * DAY });
      let now = CREATED;
      for (let i = 0; i < 1000; i++) {
        now = Math.max(now + DAY, Math.min(s.expiresAt, CREATED + 400_000 * DAY)); // due, at most ~1100 years on
        const news = inputs({ duration: term, renewBeforeDays });
        const plan = plannedDuration(s, news, now)!;
        assert.ok(plan.durationDays >= 1 && plan.durationDays <= MAX, `term ${term}: ${plan.durationDays}`);
        assert.ok(
          Number.isSafeInteger(CREATED + plan.durationDays * DAY),
          "the expiry stays an exact number",
        );
        diffRobotAccount(proc.ctx.settings, s, news, now); // its messages never throw
        s = applied(s, plan);
      }
    }
  });

  it("writes times JavaScript cannot show as a year", () => {
    assert.equal(isoTime(CREATED), "2026-01-01T00:00:00.000Z");
    assert.equal(isoTime(CREATED + MAX * DAY), "the year 5881636");
  });
});

describe("diff: renewal and secret drift at preview", () => {
  it("plans an in-place update that says when the robot would expire and its new expiry", () => {
    const now = CREATED + 28 * DAY;
    const d = diffRobotAccount(proc.ctx.settings, state(), inputs({ renewBeforeDays: 3 }), now);
    assert.equal(d.changes, true);
    assert.deepEqual(d.replaces, []);
    const note = d.warnings.join("\n");
    assert.match(
      note,
      /robot robot\$ci would expire at 2026-01-31T00:00:00\.000Z, within renewBeforeDays \(3\)/,
    );
    assert.match(note, /renews it in place, raising its duration to 58 days/);
    assert.match(note, /expires at 2026-02-28T00:00:00\.000Z, 30 days from now\. Same robot, same secret\./);
  });

  it("warns when the server-default duration is not longer than renewBeforeDays (every run would renew)", () => {
    const byDefault = state({
      duration: undefined,
      durationDays: 5,
      expiresAt: CREATED + 5 * DAY,
    });
    const d = diffRobotAccount(
      proc.ctx.settings,
      byDefault,
      inputs({ duration: undefined, renewBeforeDays: 7 }),
      CREATED + DAY,
    );
    assert.match(
      d.warnings.join("\n"),
      /renewBeforeDays \(7\) is not less than its 5-day duration, so every run will renew it again/,
    );
    const fine = diffRobotAccount(
      proc.ctx.settings,
      state(),
      inputs({ renewBeforeDays: 3 }),
      CREATED + 28 * DAY,
    );
    assert.ok(!fine.warnings.join("\n").includes("every run"));
  });

  it("says an expired robot expired", () => {
    const d = diffRobotAccount(
      proc.ctx.settings,
      state(),
      inputs({ renewBeforeDays: 3 }),
      CREATED + 31 * DAY,
    );
    assert.match(
      d.warnings.join("\n"),
      /robot robot\$ci expired at 2026-01-31T00:00:00\.000Z: `pulumi up` renews/,
    );
  });

  it("plans nothing outside the window, and nothing after a renewal (no false duration change)", () => {
    assert.equal(
      diffRobotAccount(proc.ctx.settings, state(), inputs({ renewBeforeDays: 3 }), CREATED + 26 * DAY)
        .changes,
      false,
    );
    const renewed = state({ durationDays: 58, renewalOffsetDays: 28, expiresAt: CREATED + 58 * DAY });
    const d = diffRobotAccount(
      proc.ctx.settings,
      renewed,
      inputs({ renewBeforeDays: 3 }),
      CREATED + 28 * DAY + 60,
    );
    assert.equal(d.changes, false);
    assert.deepEqual(d.warnings, [], "no 'would expire at once' warning for the renewed duration");
  });

  it("plans a secret re-issue when a refresh found the stored secret rejected", () => {
    const rejected = state({ secretRejectedAt: "2026-01-10T00:00:00.000Z" });
    const d = diffRobotAccount(proc.ctx.settings, rejected, inputs(), CREATED + DAY);
    assert.equal(d.changes, true);
    assert.match(
      d.warnings.join("\n"),
      /robot robot\$ci: a refresh \(2026-01-10T00:00:00\.000Z\) found that Harbor rejects the secret in the Pulumi state, so it was changed outside Pulumi\. `pulumi up` has Harbor issue a new secret/,
    );
    const chosen = diffRobotAccount(
      proc.ctx.settings,
      { ...rejected, secret: "Chosen-1" },
      inputs({ secret: "Chosen-1" }),
      CREATED,
    );
    assert.match(chosen.warnings.join("\n"), /`pulumi up` sets the declared `secret` on it again/);
    assert.equal(
      diffRobotAccount(proc.ctx.settings, state(), inputs(), CREATED + DAY).changes,
      false,
      "no finding, no change",
    );
  });

  it("records a change of verifySecret (refresh sees only the state)", () => {
    assert.equal(
      diffRobotAccount(proc.ctx.settings, state(), inputs({ verifySecret: true }), CREATED).changes,
      true,
    );
    assert.equal(
      diffRobotAccount(
        proc.ctx.settings,
        state({ verifySecret: true }),
        inputs({ verifySecret: true }),
        CREATED,
      ).changes,
      false,
    );
  });
});

describe("check: secret lifecycle inputs", () => {
  const failures = (over: Partial<CheckedRobotInputs>) =>
    checkRobotAccount(proc.ctx, {}, inputs(over)).failures;

  it("rejects renewBeforeDays below 1, fractional, or not shorter than the duration", () => {
    assert.deepEqual(failures({ renewBeforeDays: 0 }), [
      { property: "renewBeforeDays", reason: "must be at least 1 (day)" },
    ]);
    assert.equal(failures({ renewBeforeDays: 1.5 })[0]?.property, "renewBeforeDays");
    const [same] = failures({ renewBeforeDays: 30 });
    assert.equal(same?.property, "renewBeforeDays");
    assert.match(same!.reason, /must be less than duration \(30 days\).*every run would renew it again/);
    assert.deepEqual(failures({ renewBeforeDays: 29 }), []);
    assert.deepEqual(failures({ duration: "never", renewBeforeDays: 400 }), [], "never: a no-op");
  });

  it("takes verifySecret as a boolean only", () => {
    assert.equal(failures({ verifySecret: "yes" as never })[0]?.property, "verifySecret");
  });
});

describe("verifySecret: resource, then harbor:verifySecrets, then HARBOR_VERIFY_SECRETS", () => {
  const config = (v?: string) => ({ get: (k: string) => (k === "harbor:verifySecrets" ? v : undefined) });
  it("takes the first that is set", () => {
    assert.equal(verifySecretsEnabled({}, undefined, {}, DYNAMIC_SETTING_NAMES), false, "off by default");
    assert.equal(
      verifySecretsEnabled({}, undefined, { HARBOR_VERIFY_SECRETS: "true" }, DYNAMIC_SETTING_NAMES),
      true,
    );
    assert.equal(
      verifySecretsEnabled({}, config("false"), { HARBOR_VERIFY_SECRETS: "true" }, DYNAMIC_SETTING_NAMES),
      false,
    );
    assert.equal(verifySecretsEnabled({}, config("true"), {}, DYNAMIC_SETTING_NAMES), true);
    assert.equal(
      verifySecretsEnabled({ verifySecret: false }, config("true"), {}, DYNAMIC_SETTING_NAMES),
      false,
    );
    assert.equal(verifySecretsEnabled({ verifySecret: true }, undefined, {}, DYNAMIC_SETTING_NAMES), true);
  });
  it("names the setting when its value is not a boolean", () => {
    assert.throws(
      () => verifySecretsEnabled({}, undefined, { HARBOR_VERIFY_SECRETS: "maybe" }, DYNAMIC_SETTING_NAMES),
      /environment HARBOR_VERIFY_SECRETS must be true or false, got "maybe"/,
    );
  });
});
