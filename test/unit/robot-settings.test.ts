import assert from "node:assert/strict";
import { checkRobotSettings } from "../../provider/robot-settings/check";
import { diffRobotSettings } from "../../provider/robot-settings/diff";
import { planRestore, previousAtStart, writtenBy } from "../../provider/robot-settings/restore";
import type { RobotSettingsState } from "../../provider/robot-settings/state";
import { ProviderProcess } from "../helpers/provider-process";

const proc = new ProviderProcess();

const state = (over: Partial<RobotSettingsState> = {}): RobotSettingsState => ({
  namePrefix: "robot$",
  defaultExpirationDays: 30,
  managed: ["namePrefix", "defaultExpirationDays"],
  previous: { namePrefix: "robot$", defaultExpirationDays: 30 },
  restoreOnDelete: true,
  registry: "harbor.example.com",
  ...over,
});

describe("RobotSettings check", () => {
  const cases: Array<[string, Record<string, unknown>, string, RegExp]> = [
    ["empty prefix", { namePrefix: "" }, "namePrefix", /empty or blank.*OIDC/],
    ["blank prefix", { namePrefix: "   " }, "namePrefix", /empty or blank/],
    ["prefix with a space", { namePrefix: "ro bot$" }, "namePrefix", /whitespace/],
    ["prefix with a colon", { namePrefix: "robot:" }, "namePrefix", /':'.*basic auth/],
    ["zero days", { defaultExpirationDays: 0 }, "defaultExpirationDays", /at least 1/],
    ["negative days", { defaultExpirationDays: -1 }, "defaultExpirationDays", /at least 1/],
    ["fractional days", { defaultExpirationDays: 1.5 }, "defaultExpirationDays", /whole number/],
    ["eleven digits", { defaultExpirationDays: 10_000_000_000 }, "defaultExpirationDays", /10 digits/],
    ["a number as prefix", { namePrefix: 42 }, "namePrefix", /^must be text \(a string\), not a number$/],
    [
      "text as restoreOnDelete",
      { restoreOnDelete: "yes" },
      "restoreOnDelete",
      /^must be true or false, not text/,
    ],
    ["unknown field", { prefix: "x" }, "prefix", /is not an input of this resource.*namePrefix/],
  ];
  for (const [why, inputs, property, reason] of cases) {
    it(`rejects ${why}`, () => {
      const { failures } = checkRobotSettings(proc.ctx.settings, {}, inputs);
      assert.ok(
        failures.some((f) => f.property === property && reason.test(f.reason)),
        `expected ${property} ~ ${reason}, got ${JSON.stringify(failures)}`,
      );
    });
  }

  it("accepts each setting alone and both together", () => {
    for (const inputs of [
      { namePrefix: "bot-" },
      { defaultExpirationDays: 90 },
      { namePrefix: "robot$", defaultExpirationDays: 9_999_999_999 },
    ]) {
      assert.deepEqual(checkRobotSettings(proc.ctx.settings, {}, inputs).failures, []);
    }
  });
});

describe("RobotSettings diff", () => {
  it("sees no change when the managed values match", () => {
    assert.equal(
      diffRobotSettings(proc.ctx.settings, state(), { namePrefix: "robot$", defaultExpirationDays: 30 })
        .changes,
      false,
    );
  });

  it("changes only the setting that differs, and warns in plain words for a prefix change", () => {
    const d = diffRobotSettings(proc.ctx.settings, state(), {
      namePrefix: "bot-",
      defaultExpirationDays: 30,
    });
    assert.deepEqual(d.changed, ["namePrefix"]);
    assert.equal(d.warnings.length, 1);
    assert.match(d.warnings[0]!, /renames EVERY robot account/);
    const days = diffRobotSettings(proc.ctx.settings, state(), {
      namePrefix: "robot$",
      defaultExpirationDays: 60,
    });
    assert.deepEqual(days.changed, ["defaultExpirationDays"]);
    assert.deepEqual(days.warnings, []);
  });

  it("never touches a setting left out of the inputs", () => {
    const d = diffRobotSettings(
      proc.ctx.settings,
      state({ managed: ["defaultExpirationDays"], namePrefix: "whatever$" }),
      {
        defaultExpirationDays: 30,
      },
    );
    assert.equal(d.changes, false);
  });

  it("restores a setting that leaves management at that update, warning when it is the prefix", () => {
    const s = state({ namePrefix: "scbot-" });
    const d = diffRobotSettings(proc.ctx.settings, s, { defaultExpirationDays: 30 });
    assert.equal(d.changes, true);
    assert.match(d.warnings.join("\n"), /from "scbot-" to "robot\$"/);
    assert.deepEqual(
      diffRobotSettings(proc.ctx.settings, s, { defaultExpirationDays: 30, restoreOnDelete: false }).warnings,
      [],
    );
  });

  it("warns at preview that a setting will not be put back when the refreshed state shows someone else's value", () => {
    const s = state({
      namePrefix: "admin$",
      previous: { namePrefix: "robot$", defaultExpirationDays: 30 },
      written: { namePrefix: "a$", defaultExpirationDays: 30 },
    });
    const d = diffRobotSettings(proc.ctx.settings, s, { defaultExpirationDays: 30 });
    assert.equal(d.changes, true);
    assert.equal(d.warnings.length, 1, d.warnings.join("\n"));
    assert.match(d.warnings[0]!, /namePrefix .*not put back to "robot\$": "admin\$" is in force, not "a\$"/);
    assert.doesNotMatch(d.warnings[0]!, /renames EVERY robot/);
  });

  it("replaces when pointed at another registry", () => {
    const d = diffRobotSettings(proc.ctx.settings, state(), {
      namePrefix: "robot$",
      defaultExpirationDays: 30,
      connection: { url: "https://other" },
    });
    assert.deepEqual(d.replaces, ["connection"]);
  });
});

describe("RobotSettings restore decision", () => {
  const ours = state({
    namePrefix: "a$",
    defaultExpirationDays: 45,
    previous: { namePrefix: "robot$", defaultExpirationDays: 30 },
    written: { namePrefix: "a$", defaultExpirationDays: 45 },
  });
  const both = ["namePrefix", "defaultExpirationDays"] as const;

  it("puts a value back only while the value in force is the one this resource wrote", () => {
    assert.deepEqual(planRestore(ours, both, { namePrefix: "a$", defaultExpirationDays: 45 }), {
      restore: { namePrefix: "robot$", defaultExpirationDays: 30 },
      kept: {},
    });
    assert.deepEqual(planRestore(ours, both, { namePrefix: "admin$", defaultExpirationDays: 45 }), {
      restore: { defaultExpirationDays: 30 },
      kept: { namePrefix: "admin$" },
    });
  });

  it("has nothing to do for a value already back, or a setting with nothing to restore", () => {
    assert.deepEqual(planRestore(ours, both, { namePrefix: "robot$", defaultExpirationDays: 30 }), {
      restore: {},
      kept: {},
    });
    const nothing = state({ previous: {}, written: { namePrefix: "a$" }, managed: ["namePrefix"] });
    assert.deepEqual(planRestore(nothing, both, { namePrefix: "c$", defaultExpirationDays: 30 }), {
      restore: {},
      kept: {},
    });
  });

  it("looks only at the settings it is asked about", () => {
    assert.deepEqual(
      planRestore(ours, ["defaultExpirationDays"], { namePrefix: "a$", defaultExpirationDays: 45 }),
      {
        restore: { defaultExpirationDays: 30 },
        kept: {},
      },
    );
  });

  it("judges a state of an earlier release (no `written`) by its values in force", () => {
    const old = state({ namePrefix: "a$", previous: { namePrefix: "robot$" }, managed: ["namePrefix"] });
    assert.deepEqual(writtenBy(old), { namePrefix: "a$" });
    assert.deepEqual(planRestore(old, both, { namePrefix: "a$", defaultExpirationDays: 30 }).restore, {
      namePrefix: "robot$",
    });
    assert.deepEqual(planRestore(old, both, { namePrefix: "x$", defaultExpirationDays: 30 }).kept, {
      namePrefix: "x$",
    });
  });

  it("records no value to restore for a declared value already in force", () => {
    assert.deepEqual(
      previousAtStart(
        both,
        { namePrefix: "a$", defaultExpirationDays: 45 },
        { namePrefix: "a$", defaultExpirationDays: 30 },
      ),
      { defaultExpirationDays: 30 },
    );
  });
});
