// Inventory records from Harbor robots, offline: owner class by the mark in the description, expiry
// (days left, expired, the "expiring within" rule), level, projects, creator, permission summary,
// the filters, and the `pulumi import` file for the unmanaged ones.
import assert from "node:assert/strict";
import type { Robot } from "../../provider/client/schemas";
import {
  expiresWithin,
  inventoryRecord,
  matches,
  permissionsSummary,
  type ClassifyContext,
} from "../../provider/inventory/classify";
import { importFile, ROBOT_ACCOUNT_TYPE } from "../../provider/inventory/import-file";
import { ownerMarks } from "../../provider/inventory/owner-marks";
import { ownerMark } from "../../provider/model/owner-mark";
import { normalize } from "../../provider/model/permissions";

const NOW = Date.UTC(2026, 5, 1, 12);
const DAY = 86_400;
const THIS = "acme/platform/prod";

/** The owner mark this package writes (model/owner-mark.ts), naming `stack` and `resource`. */
const mark = (stack: string, resource: string) => ownerMark({ stack, resource });

const ctx: ClassifyContext = { nowMs: NOW, marks: ownerMarks, stack: THIS };

function robot(over: Partial<Robot> = {}): Robot {
  return {
    id: 1,
    name: "robot$ci",
    description: "",
    level: "system",
    duration: 30,
    editable: true,
    disable: false,
    expires_at: NOW / 1000 + 30 * DAY,
    permissions: [{ kind: "project", namespace: "*", access: [{ resource: "repository", action: "pull" }] }],
    creation_time: new Date(NOW).toISOString(),
    ...over,
  };
}

describe("inventory records", () => {
  it("classifies owners: this stack, another stack, none (the description without the mark)", () => {
    const ours = inventoryRecord({ robot: robot({ description: `CI ${mark(THIS, "ci")}` }) }, ctx);
    assert.equal(ours.ownerClass, "thisStack");
    assert.deepEqual(ours.owner, { stack: THIS, resource: "ci" });
    assert.equal(ours.description, "CI");
    const theirs = inventoryRecord({ robot: robot({ description: mark("acme/platform/dev", "ci") }) }, ctx);
    assert.equal(theirs.ownerClass, "otherStack");
    assert.deepEqual(theirs.owner, { stack: "acme/platform/dev", resource: "ci" });
    const handMade = inventoryRecord({ robot: robot({ description: "made in the UI" }) }, ctx);
    assert.equal(handMade.ownerClass, "unmanaged");
    assert.equal(handMade.owner, null);
    assert.equal(handMade.description, "made in the UI");
  });

  it("a mark without an organization is this stack's when the project and stack agree", () => {
    const cls = (d: string) => inventoryRecord({ robot: robot({ description: d }) }, ctx).ownerClass;
    assert.equal(cls(mark("/platform/prod", "ci")), "thisStack");
    assert.equal(cls(mark("/platform/dev", "ci")), "otherStack");
    assert.equal(cls(mark("other/platform/prod", "ci")), "otherStack", "another organization's");
  });

  it("without a stack of its own, a marked robot is another stack's", () => {
    const r = inventoryRecord(
      { robot: robot({ description: mark(THIS, "ci") }) },
      { ...ctx, stack: undefined },
    );
    assert.equal(r.ownerClass, "otherStack");
  });

  it("expiry: ISO times, whole days left (a day begun counts), negative and expired once past, null for never", () => {
    const r = inventoryRecord({ robot: robot({ expires_at: NOW / 1000 + 13.5 * DAY }) }, ctx);
    assert.equal(r.expiresAt, new Date(NOW + 13.5 * DAY * 1000).toISOString());
    assert.equal(r.daysLeft, 14, "a day begun counts");
    assert.equal(r.expired, false);
    const past = inventoryRecord({ robot: robot({ expires_at: NOW / 1000 - 3600 }) }, ctx);
    assert.equal(past.expired, true);
    assert.equal(past.daysLeft, -1);
    const never = inventoryRecord({ robot: robot({ expires_at: -1, duration: -1 }) }, ctx);
    assert.equal(never.expiresAt, null);
    assert.equal(never.daysLeft, null);
    assert.equal(never.expired, false);
    const fresh = inventoryRecord(
      { robot: robot({ expires_at: Math.floor(NOW / 1000) + 10 * DAY - 1 }) },
      ctx,
    );
    assert.equal(fresh.daysLeft, 10, "made a second ago with 10 days: 10 days left");
    assert.equal(r.createdAt, new Date(NOW).toISOString());
  });

  it("expiring within N days: enabled, not yet expired, expiring no later than N days from now", () => {
    const at = (days: number, over: Partial<Robot> = {}) =>
      inventoryRecord({ robot: robot({ expires_at: NOW / 1000 + days * DAY, ...over }) }, ctx);
    assert.equal(expiresWithin(at(14), 14, NOW), true, "exactly at the window's end");
    assert.equal(expiresWithin(at(14.01), 14, NOW), false);
    assert.equal(expiresWithin(at(1), 14, NOW), true);
    assert.equal(expiresWithin(at(1, { disable: true }), 14, NOW), false, "disabled: cannot log in anyway");
    assert.equal(expiresWithin(at(-1), 14, NOW), false, "already expired");
    assert.equal(expiresWithin(at(0, { expires_at: -1 }), 14, NOW), false, "never expires");
    assert.equal(expiresWithin(at(0.5), 0, NOW), false, "a window of 0 days holds nothing");
  });

  it("level and projects: a project robot's project, the namespaces a system robot names", () => {
    const proj = inventoryRecord(
      {
        robot: robot({
          name: "robot$team-a+deploy",
          level: "project",
          permissions: [
            { kind: "project", namespace: "team-a", access: [{ resource: "repository", action: "pull" }] },
          ],
        }),
        project: "team-a",
      },
      ctx,
    );
    assert.equal(proj.level, "project");
    assert.deepEqual(proj.projects, ["team-a"]);
    const sys = inventoryRecord(
      {
        robot: robot({
          permissions: [
            { kind: "project", namespace: "team-b", access: [{ resource: "repository", action: "push" }] },
            { kind: "project", namespace: "team-a", access: [{ resource: "repository", action: "pull" }] },
            { kind: "system", namespace: "/", access: [{ resource: "project", action: "list" }] },
          ],
        }),
      },
      ctx,
    );
    assert.equal(sys.level, "system");
    assert.deepEqual(sys.projects, ["team-a", "team-b"]);
  });

  it("creator only where Harbor records it (2.12+)", () => {
    assert.deepEqual(
      inventoryRecord({ robot: robot({ creator_type: "local", creator_ref: 1 }) }, ctx).creator,
      {
        type: "local",
        ref: 1,
      },
    );
    assert.equal(inventoryRecord({ robot: robot() }, ctx).creator, null);
  });

  it("summarises permissions widest first, with friendly names and denied pairs marked", () => {
    const summary = permissionsSummary(
      normalize([
        { kind: "system", namespace: "/", access: [{ resource: "project", action: "list" }] },
        {
          kind: "project",
          namespace: "team-a",
          access: [
            { resource: "repository", action: "push" },
            { resource: "repository", action: "pull" },
            { resource: "artifact", action: "delete", effect: "deny" },
          ],
        },
        { kind: "project", namespace: "*", access: [{ resource: "repository", action: "pull" }] },
      ]),
    );
    assert.equal(summary, "all projects: pull; team-a: !delete artifact, pull, push; system: project:list");
  });

  it("filters by owner class, level, project (a system robot over all projects counts) and expiry", () => {
    const records = [
      robot({ id: 1, description: mark(THIS, "a") }),
      robot({ id: 2, description: mark("x/y/z", "b") }),
      robot({ id: 3, expires_at: NOW / 1000 + 2 * DAY }),
      robot({
        id: 4,
        name: "robot$team-a+d",
        level: "project",
        permissions: [
          { kind: "project", namespace: "team-a", access: [{ resource: "repository", action: "pull" }] },
        ],
      }),
      robot({
        id: 5,
        permissions: [
          { kind: "project", namespace: "team-b", access: [{ resource: "repository", action: "pull" }] },
        ],
      }),
    ].map((r) => inventoryRecord({ robot: r, ...(r.level === "project" ? { project: "team-a" } : {}) }, ctx));
    const ids = (args: Parameters<typeof matches>[1]) =>
      records.filter((r) => matches(r, args, NOW)).map((r) => r.id);
    assert.deepEqual(ids({}), [1, 2, 3, 4, 5]);
    assert.deepEqual(ids({ owner: "thisStack" }), [1]);
    assert.deepEqual(ids({ owner: "otherStack" }), [2]);
    assert.deepEqual(ids({ owner: "unmanaged" }), [3, 4, 5]);
    assert.deepEqual(ids({ level: "project" }), [4]);
    assert.deepEqual(ids({ project: "team-a" }), [1, 2, 3, 4], "robots over all projects included");
    assert.deepEqual(ids({ project: "team-b" }), [1, 2, 3, 5]);
    assert.deepEqual(ids({ expiringWithinDays: 7 }), [3]);
    assert.deepEqual(ids({ expiringWithinDays: 7, owner: "thisStack" }), []);
  });
});

describe("inventory import file", () => {
  it("has one RobotAccount entry per unmanaged, editable robot, by robot id, with unique names", () => {
    const records = [
      robot({ id: 7, name: "robot$ci" }),
      robot({ id: 8, name: "robot$team-a+ci", level: "project" }),
      robot({ id: 9, name: "robot$ci", description: mark("x/y/z", "ci") }),
      robot({ id: 10, name: "robot$legacy", editable: false }),
      robot({ id: 11, name: "robot$team-a-ci" }),
    ].map((r) => inventoryRecord({ robot: r }, ctx));
    const { file, skipped } = importFile(records);
    assert.deepEqual(file.resources, [
      { type: ROBOT_ACCOUNT_TYPE, name: "ci", id: "7" },
      { type: ROBOT_ACCOUNT_TYPE, name: "team-a-ci-8", id: "8" },
      { type: ROBOT_ACCOUNT_TYPE, name: "team-a-ci-11", id: "11" },
    ]);
    assert.equal(ROBOT_ACCOUNT_TYPE, "harbor-robots:index:RobotAccount");
    assert.deepEqual(
      skipped.map((s) => [s.robot.id, s.reason]),
      [
        [9, "managed by stack x/y/z (ci)"],
        [10, "a robot from before Harbor 2.2: Harbor lets no one edit it"],
      ],
    );
  });

  it("keeps names unique when a name with an id suffix is another robot's own name", () => {
    // team-a+ci and team-a-ci both read "team-a-ci" and take their ids; robot 12 is named team-a-ci-8.
    const records = [
      robot({ id: 8, name: "robot$team-a+ci", level: "project" }),
      robot({ id: 11, name: "robot$team-a-ci" }),
      robot({ id: 12, name: "robot$team-a-ci-8" }),
    ].map((r) => inventoryRecord({ robot: r }, ctx));
    const names = importFile(records).file.resources.map((r) => r.name);
    assert.equal(
      new Set(names).size,
      names.length,
      `pulumi import refuses two resources named alike: ${names}`,
    );
  });
});
