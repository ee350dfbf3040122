// A robot is bound to its registry, its id there and its name (issue 9 items 3, 9, 11 and the
// "likely" 401 case). Two emulators play two Harbors whose robot ids overlap, as real ones do: the
// old code read, rewrote and deleted the stranger with the same id on the other server.
import assert from "node:assert/strict";
import { startEmulator, type HarborEmulator } from "../../../emulator";
import type { CheckedRobotInputs } from "../../../provider/robot-account/check";
import type { RobotAccountState } from "../../../provider/robot-account/state";
import { emulatorConfig } from "../../helpers/stack-config";
import { warnings } from "../../helpers/warnings";
import { ProviderProcess } from "../../helpers/provider-process";

const proc = new ProviderProcess();
const p = proc.robotAccount;
const settings = proc.robotSettings;

const inputs = (over: Partial<CheckedRobotInputs> = {}): CheckedRobotInputs => ({
  name: "ci",
  description: "ours",
  permissions: [{ scope: "allProjects", access: ["pull"] }],
  ...over,
});

async function create(i: CheckedRobotInputs): Promise<RobotAccountState> {
  return (await p.create(i)).outs as RobotAccountState;
}

describe("robot identity: registry + id + name", () => {
  let a: HarborEmulator;
  let b: HarborEmulator;
  let stranger: { id: number; fullName: string; secret: string };
  beforeEach(async () => {
    [a, b] = await Promise.all([startEmulator(), startEmulator()]);
    a.seedProject("apps");
    b.seedProject("apps");
    // B's first robot gets the same id as A's first robot: someone else's.
    stranger = b.seedRobot({ name: "theirs", description: "not ours" });
    proc.configure(emulatorConfig(a));
  });
  afterEach(async () => {
    proc.configure(undefined);
    await proc.dropClients();
    await Promise.all([a.close(), b.close()]);
  });

  const strangerUntouched = () => {
    const r = b.getRobot(stranger.id)!;
    assert.ok(r, "the stranger still exists");
    assert.equal(r.description, "not ours");
    assert.ok(b.checkLogin(stranger.fullName, stranger.secret), "the stranger's secret still works");
  };

  it("stores the normalized registry URL with the robot", async () => {
    const s = await create(inputs());
    assert.equal(s.registryUrl, a.url);
    assert.equal(s.robotId, stranger.id, "the test needs overlapping ids");
  });

  it("switching harbor:url to another server: diff replaces; refresh, update and delete never touch B", async () => {
    const s = await create(inputs());
    proc.configure(emulatorConfig(b)); // the stack now points at B, with B's admin
    const d = await p.diff!(String(s.robotId), s, inputs());
    assert.deepEqual(d.replaces, ["connection"]);

    const { result: read, said } = await warnings(() => p.read!(String(s.robotId), s));
    assert.equal(read.id, String(s.robotId), "the state is kept, not replaced by B's robot");
    assert.equal(read.props.fullName, "robot$ci");
    assert.match(
      said,
      /lives on http:\/\/127\.0\.0\.1:\d+, which the current settings give no credentials for/,
    );

    await assert.rejects(p.delete!(String(s.robotId), s), (e: Error) => {
      assert.match(
        e.message,
        new RegExp(`cannot delete robot robot\\$ci \\(id ${s.robotId}\\): it lives on ${a.url}`),
      );
      assert.match(e.message, /HARBOR_URL=.* in the environment/);
      assert.match(e.message, /pulumi state delete/);
      assert.ok(!e.message.includes(b.admin.password));
      return true;
    });
    strangerUntouched();
    assert.ok(a.getRobot(s.robotId), "ours is still on A");
    assert.equal(b.requestCount(), 0, "nothing was sent to B");

    // The way out the message names: A's credentials in the environment for one run.
    const saved = { ...process.env };
    Object.assign(process.env, {
      ...a.harborEnv(),
    });
    try {
      await p.delete!(String(s.robotId), s);
    } finally {
      for (const k of ["HARBOR_URL", "HARBOR_USERNAME", "HARBOR_PASSWORD"]) delete process.env[k];
      Object.assign(process.env, saved);
    }
    assert.equal(a.getRobot(s.robotId), undefined, "deleted on A");
    strangerUntouched();
  });

  it("a stranger at the stored id on the stored registry: read drops it, update and delete refuse", async () => {
    const ours = await create(inputs());
    // The registry at the stored URL now holds other robots (restored elsewhere, DNS moved): B plays it.
    proc.configure(emulatorConfig(b));
    const moved: RobotAccountState = { ...ours, registryUrl: b.url, registry: new URL(b.url).host };

    const { result: read, said } = await warnings(() => p.read!(String(ours.robotId), moved));
    assert.equal(read.id, undefined, "treated as gone");
    assert.match(said, /robot id \d+ there is "robot\$theirs"/);

    await assert.rejects(
      p.update!(String(ours.robotId), moved, inputs({ description: "x", rotationTrigger: "1" })),
      (e: Error) => {
        assert.match(
          e.message,
          /refusing to update robot id \d+ on http:.*"robot\$theirs".*nothing was changed/,
        );
        return true;
      },
    );
    await assert.rejects(
      p.delete!(String(ours.robotId), moved),
      /refusing to delete robot robot\$ci .*nothing was deleted/,
    );
    strangerUntouched();
    assert.equal(b.requestCount("PATCH"), 0);
    assert.equal(b.requestCount("DELETE"), 0);
  });

  it("update proves the robot before its PUT: one GET (none from a fresh listing), a rotation adds one PATCH", async () => {
    const s = await create(inputs());
    a.resetCounts();
    const updated = (await p.update!(String(s.robotId), s, inputs({ description: "changed", duration: 10 })))
      .outs;
    assert.equal(a.requestCount("GET", "/robots/{robot_id}"), 1, "the robot is read before the PUT");
    assert.equal(a.requestCount("PUT"), 1);
    assert.equal(a.requestCount(), 2, "two requests in all");
    const robot = a.getRobot(s.robotId)!;
    assert.equal(updated.description, "changed");
    assert.equal(updated.expiresAt, robot.expiresAt, "the expiry is computed as Harbor does");
    assert.equal(updated.durationDays, 10);

    a.resetCounts();
    const rotated = (
      await p.update!(
        String(s.robotId),
        updated,
        inputs({ description: "changed", duration: 10, rotationTrigger: "1" }),
      )
    ).outs;
    assert.equal(a.requestCount(), 3);
    assert.ok(a.checkLogin(rotated.fullName, rotated.secret));

    // A robot listing the provider process holds, still fresh (a refresh just read it), spares the GET.
    // (A new provider process: the one that created the robot no longer trusts listings of it.)
    const other = await create(inputs({ name: "cd" }));
    await proc.dropClients();
    await p.read!(String(other.robotId), other);
    a.resetCounts();
    await p.update!(String(other.robotId), other, inputs({ name: "cd", description: "listed" }));
    assert.equal(a.requestCount("GET"), 0);
    assert.equal(a.requestCount("PUT"), 1);
  });

  it("update follows a prefix renamed outside Pulumi (the robot is still ours)", async () => {
    const s = await create(inputs());
    a.setConfig({ robot_name_prefix: "bot-" });
    const updated = (await p.update!(String(s.robotId), s, inputs({ description: "after rename" }))).outs;
    assert.equal(updated.fullName, "bot-ci");
    assert.equal(a.getRobot(s.robotId)!.description, "after rename");
  });

  it("a project robot whose project was deleted: the message names the project", async () => {
    const s = await create(
      inputs({ level: "project", permissions: [{ projects: ["apps"], access: ["pull"] }] }),
    );
    a.deleteProject("apps");
    await assert.rejects(
      p.update!(
        String(s.robotId),
        s,
        inputs({
          level: "project",
          description: "x",
          permissions: [{ projects: ["apps"], access: ["pull"] }],
        }),
      ),
      (e: Error) => {
        assert.match(
          e.message,
          /its project "apps" was \(Harbor deletes a project's robots with the project\)/,
        );
        assert.doesNotMatch(e.message, /^robot \d+ not found/);
        return true;
      },
    );
    await p.delete!(String(s.robotId), s); // gone with its project: deleted
  });

  it("a system robot naming a deleted project: the message names the project, not the robot", async () => {
    const perms = [{ projects: ["apps"], access: ["pull"] }];
    const s = await create(inputs({ permissions: perms }));
    a.deleteProject("apps");
    await assert.rejects(
      p.update!(String(s.robotId), s, inputs({ permissions: perms, description: "x" })),
      (e: Error) => {
        assert.match(
          e.message,
          /^project "apps" does not exist in Harbor at http:\/\/127\.0\.0\.1:\d+ \(PUT /,
        );
        assert.doesNotMatch(e.message, /robot \d+ not found|no longer exists/);
        return true;
      },
    );
  });

  it("stored credentials rejected after a password rotation: delete uses the stack's for the same registry", async () => {
    a.addUser("ops", "Old-Passw0rd", { admin: true });
    const s = await create(inputs({ connection: { url: a.url, username: "ops", password: "Old-Passw0rd" } }));
    a.addUser("ops", "New-Passw0rd", { admin: true }); // rotated, and the resource removed in the same up
    proc.configure(emulatorConfig(a, { "harbor:username": "ops", "harbor:password": "New-Passw0rd" }));
    await p.delete!(String(s.robotId), s);
    assert.equal(a.getRobot(s.robotId), undefined);
  });

  it("RobotSettings are restored only on the registry they changed, never on the one the stack moved to", async () => {
    const created = await settings.create({ namePrefix: "bot-" });
    assert.equal(created.outs.registryUrl, a.url);
    proc.configure(emulatorConfig(b));
    await assert.rejects(settings.delete!(created.id, created.outs), (e: Error) => {
      assert.match(e.message, new RegExp(`cannot restore the robot settings of ${a.url}`));
      assert.match(e.message, /pulumi state delete/);
      return true;
    });
    const { result: read } = await warnings(() => settings.read!(created.id, created.outs));
    assert.equal(read.props.namePrefix, "bot-", "A's value is kept, B's is not read into the state");
    assert.equal(b.requestCount("PUT", "/configurations"), 0, "B's settings were never written");
    assert.equal(b.requestCount(), 0);
  });
});
