// Issue 17 against the emulator, calling the provider's handlers as the engine does: a robot is acted
// on only with proof that it is this resource's (its owner mark, and its identity at the stored id).
// Case 1: two stacks of one project on one Harbor declare the same robot name. Case 2: recovery off,
// a POST with an unknown outcome while someone else creates the robot. Case 3: a stranger at our id
// (restored backup, moved DNS name). Case 8 (update part): a PATCH failing after the PUT.
//
// Inputs go straight to create/update (as check leaves them: named robots need nothing from check),
// so the same file runs against earlier releases to show what they did.
import assert from "node:assert/strict";
import { recordedResponses, startEmulator, type HarborEmulator } from "../../../emulator";
import type { CheckedRobotInputs } from "../../../provider/robot-account/check";
import type { RobotAccountState } from "../../../provider/robot-account/state";
import { warnings } from "../../helpers/warnings";
import { emulatorConfig } from "../../helpers/stack-config";
import { useProviderEmulator } from "../../helpers/provider-emulator";
import { seedTheirCi } from "../../helpers/their-robot";
import { ProviderProcess } from "../../helpers/provider-process";

const proc = new ProviderProcess();
const p = proc.robotAccount;

const PERMS = [{ scope: "allProjects" as const, access: ["pull"] }];
const HARBOR_PERMS = [
  { kind: "project", namespace: "*", access: [{ resource: "repository", action: "pull", effect: "allow" }] },
];

/** The inputs one stack's resource sends (the SDK's owner: "acme/platform/<stack>/<resource>"). */
const declared = (
  stack: string,
  over: Partial<CheckedRobotInputs> = {},
  resource = "ci",
): CheckedRobotInputs => ({
  name: "ci",
  description: "pulls images",
  duration: 30,
  permissions: PERMS,
  owner: `acme/platform/${stack}/${resource}`,
  ...over,
});

async function failureOf(
  promise: Promise<unknown>,
): Promise<Error & { id?: string; properties?: Record<string, unknown> }> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  assert.fail("expected a failure");
}

async function create(i: CheckedRobotInputs): Promise<RobotAccountState> {
  return (await p.create(i)).outs as RobotAccountState;
}

describe("ownership: act only on a robot proven this resource's (issue 17)", function () {
  this.timeout(60_000);
  let emu: HarborEmulator;
  useProviderEmulator((started) => (emu = started), proc);

  const writes = () => emu.requestCount("PUT") + emu.requestCount("PATCH") + emu.requestCount("DELETE");

  describe("case 1: stacks dev and prod of one project, the same robot name", () => {
    it("prod's create fails naming dev's stack; dev's robot and secret are untouched", async () => {
      const dev = await create(declared("dev"));
      assert.equal(
        emu.getRobot(dev.robotId)!.description,
        'pulls images [managed by Pulumi: stack "acme/platform/dev", resource "ci"]',
        "Harbor shows the owner",
      );
      assert.equal(dev.description, "pulls images", "the output is the declared description");
      emu.resetCounts();
      const e = await failureOf(p.create(declared("prod")));
      assert.match(
        e.message,
        /robot "ci" already exists in Harbor \(robot\$ci \(id \d+\)\), and it is not this resource's: it is managed by Pulumi stack "acme\/platform\/dev", resource "ci"/,
      );
      assert.match(e.message, /Nothing was changed\. .*takeOver: true/);
      assert.equal(e.id, undefined, "prod records no robot");
      assert.equal(writes(), 0, "no re-key, no edit, no delete");
      assert.ok(emu.checkLogin(dev.fullName, dev.secret), "dev's pull secret still logs in");
      assert.equal(emu.listRobots().length, 1);
    });

    it("also after an unknown outcome of prod's POST", async () => {
      const dev = await create(declared("dev"));
      emu.injectFault({ method: "POST", route: "/robots", kind: "status", status: 503 });
      emu.resetCounts();
      const e = await failureOf(p.create(declared("prod")));
      assert.match(e.message, /managed by Pulumi stack "acme\/platform\/dev"/);
      assert.equal(writes(), 0);
      assert.ok(emu.checkLogin(dev.fullName, dev.secret));
    });

    it("takeOver: true takes it; dev's refresh drops it, dev's update refuses, dev's delete leaves it", async () => {
      const dev = await create(declared("dev"));
      const { result: prod, said } = await warnings(() => create(declared("prod", { takeOver: true })));
      assert.equal(prod.robotId, dev.robotId);
      assert.match(
        said,
        /took over the existing robot robot\$ci .*managed until now by Pulumi stack "acme\/platform\/dev"/,
      );
      assert.equal(
        emu.getRobot(prod.robotId)!.description,
        'pulls images [managed by Pulumi: stack "acme/platform/prod", resource "ci"]',
      );
      assert.ok(emu.checkLogin(prod.fullName, prod.secret));

      // dev's refresh: dropped from dev's state, with a warning naming the new owner; Harbor untouched.
      emu.resetCounts();
      const read = await warnings(() => p.read!(String(dev.robotId), dev));
      assert.equal(read.result.id, undefined, "dropped from dev's state");
      assert.match(read.said, /is managed by Pulumi stack "acme\/platform\/prod", resource "ci" now/);
      // dev's update (had it not refreshed): refused, naming the owner, nothing changed.
      const upd = await failureOf(
        p.update!(String(dev.robotId), dev, declared("dev", { description: "dev's" })),
      );
      assert.match(
        upd.message,
        /refusing to update robot robot\$ci .*managed by Pulumi stack "acme\/platform\/prod"/,
      );
      // dev's destroy: completes, leaves prod's robot, says so.
      const del = await warnings(() => p.delete!(String(dev.robotId), dev));
      assert.match(del.said, /was not deleted: it is managed by Pulumi stack "acme\/platform\/prod"/);
      assert.equal(writes(), 0);
      assert.ok(emu.getRobot(prod.robotId), "prod's robot remains");
      assert.ok(emu.checkLogin(prod.fullName, prod.secret), "prod's secret still logs in");
    });

    it("the same name declared twice in one program: the second resource fails, naming the first", async () => {
      const first = await create(declared("prod", {}, "puller"));
      const e = await failureOf(p.create(declared("prod", {}, "pusher")));
      assert.match(e.message, /managed by Pulumi stack "acme\/platform\/prod", resource "puller"/);
      assert.ok(emu.checkLogin(first.fullName, first.secret));
    });
  });

  describe("case 2: recovery off, a POST with an unknown outcome while someone else creates the robot", () => {
    beforeEach(() => proc.configure(emulatorConfig(emu, { "harbor:recoveryWindowHours": "0" })));

    /** A robot someone makes by hand with exactly the declared fields, `inMs` after now on Harbor's clock. */
    function strangerMadeMeanwhile(inMs = 1_000) {
      emu.advanceClock(inMs);
      const r = emu.seedRobot({
        name: "ci",
        description: "pulls images",
        duration: 30,
        permissions: HARBOR_PERMS,
      });
      emu.setClock(undefined);
      return r;
    }

    it("is never taken for the robot this create made: not re-keyed, and not deleted by the rollback", async () => {
      const stranger = strangerMadeMeanwhile();
      emu.injectFault({ method: "POST", route: "/robots", kind: "status", status: 503 });
      // A chosen secret whose PATCH fails: a robot this create made would be deleted again.
      emu.injectFault({ method: "PATCH", route: "/robots/{id}", kind: "status", status: 500, times: 100 });
      emu.resetCounts();
      const e = await failureOf(p.create(declared("prod", { secret: "Chosen-Secret-9" })));
      emu.clearFaults();
      assert.match(e.message, /not this resource's: it is not managed by Pulumi/);
      assert.equal(writes(), 0, "no PATCH, no PUT, no DELETE");
      assert.ok(emu.getRobot(stranger.id), "the stranger still exists");
      assert.ok(emu.checkLogin(stranger.fullName, stranger.secret), "its secret still works");
    });

    it("nor when a later POST of ours is answered 409", async () => {
      // POST 1: 503 (not applied); the look-up finds nothing; the stranger appears; POST 2: 409.
      emu.injectFault({ method: "POST", route: "/robots", kind: "status", status: 503 });
      emu.resetCounts();
      // The look-up's answer has been sent (the create then waits 250 ms before POSTing again).
      const seen = recordedResponses.length;
      const lookedUp = new Promise<void>((resolve) => {
        const poll = setInterval(() => {
          if (recordedResponses.slice(seen).some((r) => r.method === "GET" && r.swaggerPath === "/robots")) {
            clearInterval(poll);
            resolve();
          }
        }, 1);
      });
      const creating = failureOf(p.create(declared("prod")));
      await lookedUp;
      const stranger = strangerMadeMeanwhile(0);
      const e = await creating;
      assert.equal(emu.requestCount("POST", "/robots"), 2, "a second POST, answered 409");
      assert.match(e.message, /not this resource's: it is not managed by Pulumi/);
      assert.equal(writes(), 0);
      assert.ok(emu.checkLogin(stranger.fullName, stranger.secret));
    });

    it("still finishes the robot its own POST made (it carries our mark)", async () => {
      emu.injectFault({ method: "POST", route: "/robots", kind: "apply-then-status", status: 502 });
      const { result } = await warnings(() => create(declared("prod")));
      assert.ok(emu.checkLogin(result.fullName, result.secret));
      assert.equal(emu.listRobots().length, 1);
    });
  });

  describe("case 3: a stranger at our id on the registry the robot was created on", () => {
    // Two fresh Harbors: both number their robots from 1.
    let a: HarborEmulator;
    let b: HarborEmulator;
    beforeEach(async () => {
      [a, b] = await Promise.all([startEmulator(), startEmulator()]);
      proc.configure(emulatorConfig(a));
    });
    afterEach(async () => {
      await proc.dropClients();
      await Promise.all([a.close(), b.close()]);
    });

    it("update refuses a robot of the same name and id that is not ours: nothing is changed", async () => {
      const ours = await create(declared("prod"));
      // The registry's URL now reaches another Harbor (restored from an older backup, or a DNS name moved),
      // where someone made their own robot "ci", which got the same id.
      const theirs = seedTheirCi(b);
      assert.equal(theirs.id, ours.robotId, "the test needs the same id");
      assert.equal(theirs.fullName, ours.fullName, "and the same name");
      proc.configure(emulatorConfig(b));
      const moved: RobotAccountState = { ...ours, registryUrl: b.url };
      b.resetCounts();
      const e = await failureOf(
        p.update!(
          String(ours.robotId),
          moved,
          declared("prod", { description: "changed", duration: 60, rotationTrigger: "1" }),
        ),
      );
      assert.match(e.message, /refusing to update robot id \d+ on http:.*nothing was changed/);
      assert.equal(b.requestCount("PUT") + b.requestCount("PATCH") + b.requestCount("DELETE"), 0);
      const r = b.getRobot(theirs.id)!;
      assert.equal(r.description, "theirs");
      assert.equal(r.duration, 7);
      assert.ok(b.checkLogin(theirs.fullName, theirs.secret), "their secret still works");
    });
  });

  describe("a replacement that keeps the robot's name, created first (pulumi up --replace, replaceOnChanges)", () => {
    it("the new instance takes the robot up by its mark, and the old instance's delete leaves it", async () => {
      // The engine creates the replacement before it deletes the old instance (a forced replacement
      // does not ask the provider for delete-first): the POST meets the old robot (409), which carries
      // this resource's mark, so the create finishes it as this resource's; the old instance's delete,
      // in the same provider process, must not then delete the robot the new state holds.
      const old = await create(declared("prod"));
      const { result: replacement } = await warnings(() => create(declared("prod")));
      assert.equal(replacement.robotId, old.robotId, "the replacement holds the same robot");
      emu.resetCounts();
      const del = await warnings(() => p.delete!(String(old.robotId), old));
      assert.equal(emu.requestCount("DELETE"), 0, "the old instance's delete sends no DELETE");
      assert.match(del.said, /was not deleted: a create of this resource in this run took it up/);
      assert.ok(emu.getRobot(replacement.robotId), "the robot the new state holds still exists");
      assert.ok(emu.checkLogin(replacement.fullName, replacement.secret), "and its new secret logs in");
    });
  });

  describe("robots of earlier releases (no mark)", () => {
    it("are ours by their identity: an update marks them in the same PUT, refresh and diff stay clean", async () => {
      const legacy = await create(declared("prod", { owner: undefined }));
      assert.equal(emu.getRobot(legacy.robotId)!.description, "pulls images", "no owner, no mark");
      const { owner: _o, ...earlier } = legacy;
      const news = declared("prod");
      const diff = await p.diff!(String(legacy.robotId), earlier as RobotAccountState, news);
      assert.equal(diff.changes, false, "a new owner alone is no change");
      const refreshed = await warnings(() => p.read!(String(legacy.robotId), earlier as RobotAccountState));
      assert.equal(refreshed.result.props.description, "pulls images");
      emu.resetCounts();
      const updated = (
        await p.update!(
          String(legacy.robotId),
          earlier as RobotAccountState,
          declared("prod", { duration: 40 }),
        )
      ).outs as RobotAccountState;
      assert.equal(emu.requestCount("PUT"), 1);
      assert.equal(
        emu.getRobot(legacy.robotId)!.description,
        'pulls images [managed by Pulumi: stack "acme/platform/prod", resource "ci"]',
      );
      assert.equal(updated.description, "pulls images");
      assert.equal(updated.owner, "acme/platform/prod/ci");
      const after = await p.diff!(String(legacy.robotId), updated, declared("prod", { duration: 40 }));
      assert.equal(after.changes, false);
    });

    it("a renamed stack keeps the robot: no change at preview, and the next update re-marks it", async () => {
      const s = await create(declared("prod"));
      const renamed = declared("production");
      assert.equal((await p.diff!(String(s.robotId), s, renamed)).changes, false);
      const read = await warnings(() => p.read!(String(s.robotId), s));
      assert.equal(read.result.id, String(s.robotId), "refresh keeps it");
      await p.update!(String(s.robotId), s, declared("production", { duration: 60 }));
      assert.match(emu.getRobot(s.robotId)!.description, /stack "acme\/platform\/production"/);
    });
  });

  describe("case 8: an update whose PATCH fails after its PUT", () => {
    it("records what is in force: the new fields with the old secret, and says so; the next up finishes", async () => {
      const s = await create(declared("prod"));
      emu.injectFault({ method: "PATCH", route: "/robots/{id}", kind: "status", status: 500, times: 100 });
      const news = declared("prod", { description: "new text", duration: 60, rotationTrigger: "rotate-1" });
      const e = await failureOf(p.update!(String(s.robotId), s, news));
      emu.clearFaults();
      assert.match(
        e.message,
        /the update's description, duration, permissions, enabled state and owner mark are in force in Harbor, but having Harbor issue a new secret failed/,
      );
      assert.match(e.message, /Harbor may have issued a new secret whose answer was lost/);
      assert.equal(e.id, String(s.robotId), "the engine records the error's properties as the state");
      const partial = e.properties as unknown as RobotAccountState;
      assert.equal(partial.description, "new text");
      assert.equal(partial.durationDays, 60);
      assert.equal(partial.secret, s.secret);
      assert.equal(partial.rotationTrigger, undefined, "the rotation is still to do");
      assert.equal(emu.getRobot(s.robotId)!.duration, 60, "Harbor has the new fields");
      assert.ok(emu.checkLogin(s.fullName, s.secret), "the old secret is still in force");
      // The next `pulumi up`: the rotation is still planned, and done.
      const diff = await p.diff!(String(s.robotId), partial, news);
      assert.equal(diff.changes, true);
      const done = (await p.update!(String(s.robotId), partial, news)).outs as RobotAccountState;
      assert.notEqual(done.secret, s.secret);
      assert.ok(emu.checkLogin(done.fullName, done.secret));
      assert.equal(done.rotationTrigger, "rotate-1");
    });

    it("a chosen secret Harbor refuses: the previous secret stays in force, and the state says so", async () => {
      const s = await create(declared("prod", { secret: "Chosen-Secret-1" }));
      emu.injectFault({ method: "PATCH", route: "/robots/{id}", kind: "status", status: 400 });
      const news = declared("prod", { description: "new text", secret: "Chosen-Secret-2" });
      const e = await failureOf(p.update!(String(s.robotId), s, news));
      assert.match(
        e.message,
        /but setting the declared secret failed: .*Harbor kept the robot's previous secret, and so does the state/,
      );
      const partial = e.properties as unknown as RobotAccountState;
      assert.equal(partial.description, "new text");
      assert.equal(partial.secret, "Chosen-Secret-1");
      assert.ok(emu.checkLogin(s.fullName, "Chosen-Secret-1"));
      assert.equal(
        (await p.diff!(String(s.robotId), partial, news)).changes,
        true,
        "the secret is still to set",
      );
    });
  });
});
