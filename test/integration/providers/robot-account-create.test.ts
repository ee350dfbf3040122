// RobotAccount create against the emulator: its request budget, how an unknown POST outcome or a
// name conflict is settled (ours by the owner mark: made by this create or left by an interrupted run;
// else a stranger never touched), and what a create that cannot be finished leaves behind.
import assert from "node:assert/strict";
import type { HarborEmulator } from "../../../emulator";
import { emulatorConfig } from "../../helpers/stack-config";
import { useProviderEmulator } from "../../helpers/provider-emulator";
import { warnings } from "../../helpers/warnings";
import { grantsOf } from "../../../provider/robot-account/grants";
import { markedDescription, ownerFromInput } from "../../../provider/model/owner-mark";
import { ProviderProcess } from "../../helpers/provider-process";

const proc = new ProviderProcess();
const p = proc.robotAccount;

const HOUR = 3_600_000;
const PERMS = [{ projects: ["apps"], access: ["pull"] }];
// The Harbor shape of PERMS, for robots seeded as if someone (or an interrupted run) had made them.
const HARBOR_PERMS = [
  {
    kind: "project",
    namespace: "apps",
    access: [{ resource: "repository", action: "pull", effect: "allow" }],
  },
];

/** This stack's owner of a resource (what the SDK sends): "acme/platform/prod/<name>". */
const ownerOf = (resource: string) => `acme/platform/prod/${resource}`;
/** The description Harbor holds for a robot of this stack's resource `resource`. */
const ourMark = (resource: string, declared = "") =>
  markedDescription(declared, ownerFromInput(ownerOf(resource)));

async function create(inputs: Record<string, unknown>) {
  const checked = await p.check(
    {} as never,
    { permissions: PERMS, duration: 30, owner: ownerOf(String(inputs.name)), ...inputs } as never,
  );
  assert.deepEqual(checked.failures ?? [], []);
  return p.create(checked.inputs as never);
}

async function failureOf(promise: Promise<unknown>): Promise<Error & { id?: string; properties?: never }> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  assert.fail("expected the create to fail");
}

/** Runs `fn`, returning its result or its error, and the warnings it printed. */
async function warningsOf<T>(
  fn: () => Promise<T>,
): Promise<{ result?: T; error?: Error; warnings: string[] }> {
  const settled = await warnings(() =>
    fn().then(
      (result): { result?: T; error?: Error } => ({ result }),
      (error: Error) => ({ error }),
    ),
  );
  return { ...settled.result, warnings: settled.lines };
}

describe("RobotAccount create: budget, unknown outcomes, recovery, strangers", function () {
  this.timeout(60_000);
  let emu: HarborEmulator;
  useProviderEmulator((started) => (emu = started), proc);
  beforeEach(() => emu.seedProject("apps"));

  /**
   * A robot made outside this create, `ageMs` ago on Harbor's clock: by an earlier run of this stack's
   * resource of the same name (it carries that owner mark), unless `over` says otherwise.
   */
  function seedRobot(
    name: string,
    ageMs: number,
    over: { description?: string; duration?: number; disabled?: boolean } = {},
  ) {
    emu.advanceClock(-ageMs);
    const seeded = emu.seedRobot({
      name,
      duration: 30,
      permissions: HARBOR_PERMS,
      description: ourMark(name),
      ...over,
    });
    emu.advanceClock(ageMs);
    return seeded;
  }

  describe("request budget", () => {
    const writes = () => ({
      post: emu.requestCount("POST", "/robots"),
      patch: emu.requestCount("PATCH", "/robots/{id}"),
      put: emu.requestCount("PUT", "/robots/{id}"),
      get: emu.requestCount("GET", "/robots/{id}"),
    });

    it("creates with one POST and no read-back; the state has every fact", async () => {
      emu.resetCounts();
      const { id, outs } = await create({ name: "plain", description: "d" });
      assert.deepEqual(writes(), { post: 1, patch: 0, put: 0, get: 0 });
      const robot = emu.getRobot(Number(id))!;
      assert.equal(outs.fullName, robot.fullName);
      assert.equal(outs.expiresAt, robot.expiresAt);
      assert.equal(outs.creationTime, new Date(robot.creationTime).toISOString());
      assert.equal(outs.durationDays, 30);
      assert.equal(outs.description, "d");
      assert.equal(outs.disabled, false);
      assert.deepEqual(grantsOf(outs), HARBOR_PERMS);
      assert.equal(outs.grantedPermissions, undefined, "the grants are stored in their compact form");
      assert.ok(emu.checkLogin(outs.fullName, outs.secret));
    });

    it("adds one PATCH for a chosen secret and one PUT to start disabled", async () => {
      emu.resetCounts();
      const { id, outs } = await create({ name: "both", secret: "Chosen-Secret-1", disabled: true });
      assert.deepEqual(writes(), { post: 1, patch: 1, put: 1, get: 0 });
      assert.equal(outs.disabled, true);
      assert.equal(emu.getRobot(Number(id))!.disabled, true);
      assert.equal(outs.secret, "Chosen-Secret-1");
    });
  });

  describe("a POST with an unknown outcome", () => {
    it("never adopts a stranger of the same name: nothing changed, nothing deleted", async () => {
      const stranger = seedRobot("ci", 0, { description: "team x's robot" });
      emu.injectFault({ method: "POST", route: "/robots", kind: "status", status: 503 });
      const e = await failureOf(create({ name: "ci" }));
      assert.match(
        e.message,
        /robot "ci" already exists in Harbor .* not this resource's: it is not managed by Pulumi \(its description carries no owner mark\)/,
      );
      assert.match(e.message, /takeOver: true/);
      const after = emu.getRobot(stranger.id)!;
      assert.equal(after.description, "team x's robot");
      assert.ok(emu.checkLogin(stranger.fullName, stranger.secret), "the owner's secret must keep working");
      assert.equal(emu.listRobots().length, 1);
    });

    it("never adopts a robot of ours made before the POST when recovery is off", async () => {
      proc.configure(emulatorConfig(emu, { "harbor:recoveryWindowHours": "0" }));
      const stranger = seedRobot("ci", 60_000);
      emu.injectFault({ method: "POST", route: "/robots", kind: "reset" });
      const e = await failureOf(create({ name: "ci" }));
      assert.match(e.message, /before this run, and recovery of robots left by earlier runs is off/);
      assert.ok(emu.checkLogin(stranger.fullName, stranger.secret));
    });

    it("judges 'made before the POST' on Harbor's clock (its Date header), not ours", async () => {
      proc.configure(emulatorConfig(emu, { "harbor:recoveryWindowHours": "0" }));
      // Harbor runs 10 minutes ahead; the stranger was made 1 minute before our POST on Harbor's
      // clock, which is 9 minutes after it on ours.
      emu.advanceClock(10 * 60_000);
      try {
        await create({ name: "warmup" }); // any answer carries Harbor's Date
        const stranger = seedRobot("ci", 60_000);
        emu.injectFault({ method: "POST", route: "/robots", kind: "status", status: 502 });
        const e = await failureOf(create({ name: "ci" }));
        assert.match(e.message, /not this resource's/);
        assert.ok(emu.checkLogin(stranger.fullName, stranger.secret));
      } finally {
        emu.setClock(undefined);
      }
    });

    for (const kind of ["apply-then-status", "apply-then-reset"] as const) {
      it(`finishes the robot its own POST made (${kind}), also with Harbor's clock 10 minutes behind`, async () => {
        proc.configure(emulatorConfig(emu, { "harbor:recoveryWindowHours": "0" }));
        emu.advanceClock(-10 * 60_000);
        try {
          await create({ name: "warmup" });
          emu.injectFault({ method: "POST", route: "/robots", kind, status: 502 });
          const { result, warnings } = await warningsOf(() => create({ name: "ours" }));
          assert.ok(result, "the create must succeed");
          assert.equal(emu.listRobots().filter((r) => r.name === "ours").length, 1, "no duplicate");
          assert.ok(emu.checkLogin(result.outs.fullName, result.outs.secret));
          assert.deepEqual(
            warnings.filter((w) => /recovered/.test(w)),
            [],
            "a robot this create made is not 'recovered'",
          );
        } finally {
          emu.setClock(undefined);
        }
      });
    }

    it("posts again, with backoff, while Harbor lists no robot (the POSTs never arrived)", async () => {
      emu.injectFault({ method: "POST", route: "/robots", kind: "status", status: 503, times: 4 });
      const { outs } = await create({ name: "again" });
      assert.equal(emu.listRobots().length, 1);
      assert.ok(emu.checkLogin(outs.fullName, outs.secret));
    });

    it("keeps looking Harbor up when the look-up itself fails", async () => {
      emu.injectFault({ method: "POST", route: "/robots", kind: "apply-then-reset" });
      emu.injectFault({ method: "GET", route: "/robots", kind: "status", status: 503, times: 9 });
      const { outs } = await create({ name: "patient" });
      assert.equal(emu.listRobots().length, 1);
      assert.ok(emu.checkLogin(outs.fullName, outs.secret));
    });
  });

  describe("a robot left by an interrupted run (409 on POST)", () => {
    it("is recognised, finished with a new secret, and named in a warning", async () => {
      const left = seedRobot("k16", 5 * 60_000);
      const { result, warnings } = await warningsOf(() => create({ name: "k16" }));
      assert.ok(result, "the create must succeed");
      assert.equal(result.id, String(left.id));
      assert.ok(emu.checkLogin(result.outs.fullName, result.outs.secret));
      assert.equal(emu.listRobots().length, 1);
      assert.ok(
        warnings.some((w) => /recovered robot robot\$k16 \(id \d+\): an interrupted run created it/.test(w)),
        JSON.stringify(warnings),
      );
    });

    it("is recognised at project level too (project robots are listed per project)", async () => {
      emu.advanceClock(-60_000);
      const left = emu.seedRobot({
        name: "deploy",
        level: "project",
        project: "apps",
        duration: 30,
        permissions: HARBOR_PERMS,
        description: ourMark("deploy"),
      });
      emu.advanceClock(60_000);
      const { result, warnings } = await warningsOf(() => create({ name: "deploy", level: "project" }));
      assert.ok(result, "the create must succeed");
      assert.equal(result.id, String(left.id));
      assert.equal(result.outs.fullName, "robot$apps+deploy");
      assert.ok(emu.checkLogin(result.outs.fullName, result.outs.secret));
      assert.ok(
        warnings.some((w) => /recovered robot robot\$apps\+deploy/.test(w)),
        JSON.stringify(warnings),
      );
    });

    it("is finished disabled when declared disabled, with a chosen secret", async () => {
      const left = seedRobot("k17", 60_000);
      const { result } = await warningsOf(() =>
        create({ name: "k17", disabled: true, secret: "Chosen-Secret-2" }),
      );
      assert.ok(result);
      assert.equal(emu.getRobot(left.id)!.disabled, true);
      assert.equal(result.outs.disabled, true);
      assert.ok(
        emu.checkLogin(result.outs.fullName, "Chosen-Secret-2") === false,
        "disabled robots cannot log in",
      );
    });

    it("is brought to the declaration with a PUT when the program changed since (it is marked as ours)", async () => {
      const left = seedRobot("k19", 60_000, { description: ourMark("k19", "older text"), duration: 7 });
      const { result, warnings } = await warningsOf(() => create({ name: "k19", description: "new text" }));
      assert.ok(result, "the create must succeed");
      assert.equal(result.id, String(left.id));
      const robot = emu.getRobot(left.id)!;
      assert.equal(robot.description, ourMark("k19", "new text"));
      assert.equal(robot.duration, 30);
      assert.equal(result.outs.description, "new text", "the output shows the declared description only");
      assert.equal(result.outs.durationDays, 30);
      assert.equal(result.outs.expiresAt, robot.expiresAt);
      assert.ok(
        warnings.some((w) => /recovered robot robot\$k19/.test(w)),
        JSON.stringify(warnings),
      );
    });

    it("is a stranger without our mark, or when older than a window that was set, or when recovery is off", async () => {
      const unmarked = seedRobot("d1", 60_000, { description: "by hand" });
      assert.match((await failureOf(create({ name: "d1" }))).message, /not managed by Pulumi/);
      const another = seedRobot("d4", 60_000, { description: ourMark("other-resource") });
      assert.match(
        (await failureOf(create({ name: "d4" }))).message,
        /managed by Pulumi stack "acme\/platform\/prod", resource "other-resource" \(its description's owner mark says so\), not by this resource \(stack "acme\/platform\/prod", resource "d4"\)/,
      );
      proc.configure(emulatorConfig(emu, { "harbor:recoveryWindowHours": "24" }));
      const old = seedRobot("d2", 25 * HOUR);
      assert.match(
        (await failureOf(create({ name: "d2" }))).message,
        /longer ago than the recovery window \(24 h/,
      );
      proc.configure(emulatorConfig(emu, { "harbor:recoveryWindowHours": "0" }));
      const off = seedRobot("d3", 60_000);
      assert.match(
        (await failureOf(create({ name: "d3" }))).message,
        /recovery of robots left by earlier runs is off/,
      );
      for (const r of [unmarked, another, old, off])
        assert.ok(emu.checkLogin(r.fullName, r.secret), `${r.fullName} was changed`);
      assert.equal(emu.listRobots().length, 4);
      assert.equal(emu.requestCount("PUT"), 0);
      assert.equal(emu.requestCount("PATCH"), 0);
    });

    it("has no age limit by default: the mark is the proof", async () => {
      const left = seedRobot("k20", 90 * 24 * HOUR);
      const { result } = await warningsOf(() => create({ name: "k20" }));
      assert.equal(result?.id, String(left.id));
    });

    it("reads the window from HARBOR_RECOVERY_WINDOW_HOURS and rejects a bad value by name", async () => {
      const saved = process.env.HARBOR_RECOVERY_WINDOW_HOURS;
      try {
        process.env.HARBOR_RECOVERY_WINDOW_HOURS = "48";
        seedRobot("w1", 25 * HOUR);
        await warningsOf(() => create({ name: "w1" })).then((r) => assert.ok(r.result, r.error?.message));
        // A bad value is refused by check (at preview), and by create before its first write.
        process.env.HARBOR_RECOVERY_WINDOW_HOURS = "soon";
        seedRobot("w2", 60_000);
        const checked = await p.check({} as never, { name: "w2", permissions: PERMS, duration: 30 } as never);
        assert.match(
          checked.failures?.map((f) => f.reason).join("\n") ?? "",
          /environment HARBOR_RECOVERY_WINDOW_HOURS must be a number of hours/,
        );
        emu.resetCounts();
        assert.match(
          (await failureOf(p.create(checked.inputs as never))).message,
          /HARBOR_RECOVERY_WINDOW_HOURS must be a number of hours/,
        );
        assert.equal(emu.requestCount(), 0);
      } finally {
        if (saved === undefined) delete process.env.HARBOR_RECOVERY_WINDOW_HOURS;
        else process.env.HARBOR_RECOVERY_WINDOW_HOURS = saved;
      }
    });

    it("is never deleted when finishing it fails: it is kept in the state instead", async () => {
      const left = seedRobot("k18", 60_000);
      emu.injectFault({ method: "PATCH", route: "/robots/{id}", kind: "status", status: 500, times: 100 });
      const { error } = await warningsOf(() => create({ name: "k18" }));
      emu.clearFaults();
      assert.ok(error);
      assert.match(error.message, /existed before this run, so it is not deleted/);
      assert.ok(emu.getRobot(left.id), "the robot must still exist");
      assert.equal(emu.requestCount("DELETE", "/robots/{id}"), 0);
      const kept = error as unknown as { id: string; properties: Record<string, unknown> };
      assert.equal(kept.id, String(left.id));
      assert.equal(kept.properties.fullName, left.fullName);
    });
  });

  describe("a create that can be neither finished nor deleted", () => {
    it("is kept in the state with its connection, so delete and refresh reach the same registry", async () => {
      proc.configure(undefined);
      const connection = { url: emu.url, username: emu.admin.username, password: emu.admin.password };
      emu.injectFault({ method: "PATCH", route: "/robots/{id}", kind: "status", status: 500, times: 100 });
      emu.injectFault({ method: "DELETE", route: "/robots/{id}", kind: "status", status: 500, times: 100 });
      const e = (await failureOf(
        create({ name: "half", secret: "Chosen-Secret-3", connection }),
      )) as unknown as {
        message: string;
        id: string;
        properties: Record<string, unknown>;
      };
      emu.clearFaults();
      assert.match(e.message, /kept in the Pulumi state/);
      assert.deepEqual(e.properties.connection, connection);
      assert.ok(emu.getRobot(Number(e.id)));
    });
  });
});
