// Least-privilege findings at preview (offline): write access over all projects, never-expiring
// write access, system-wide resources beyond a CI robot's. Warnings by default, check failures under
// harbor:strict / HARBOR_STRICT (harbor-robots:strict for the native provider), none for a robot
// whose broadAccessReason says why.
import assert from "node:assert/strict";
import { privilegeFindings } from "../../provider/model/least-privilege";
import { UNKNOWN } from "../../provider/model/unknowns";
import { checkRobotAccount, type CheckedRobotInputs } from "../../provider/robot-account/check";
import { NATIVE_SETTING_NAMES } from "../../provider/native/config";
import { warnings } from "../helpers/warnings";
import { ProviderProcess } from "../helpers/provider-process";

const proc = new ProviderProcess();

const robot = (extra: Record<string, unknown>) => ({ name: "ci", ...extra }) as CheckedRobotInputs;

/** check() with this stack config (and HARBOR_STRICT), as the provider runs it at preview. */
async function check(
  inputs: CheckedRobotInputs,
  config: Record<string, string> = {},
  env: Record<string, string> = {},
) {
  const saved = process.env.HARBOR_STRICT;
  proc.configure({ get: (k) => config[k] });
  if (env.HARBOR_STRICT !== undefined) process.env.HARBOR_STRICT = env.HARBOR_STRICT;
  else delete process.env.HARBOR_STRICT;
  try {
    const { result, lines } = await warnings(() => checkRobotAccount(proc.ctx, {}, inputs));
    return { failures: result.failures, warned: lines };
  } finally {
    proc.configure(undefined);
    if (saved === undefined) delete process.env.HARBOR_STRICT;
    else process.env.HARBOR_STRICT = saved;
  }
}

describe("least-privilege findings", () => {
  it("write access over all projects names the robot, the grant and how to narrow it", () => {
    const [f, ...rest] = privilegeFindings(
      robot({ permissions: [{ scope: "allProjects", access: ["pull", "push", "delete artifact"] }] }),
    );
    assert.equal(rest.length, 0);
    assert.equal(f!.property, "permissions[0]");
    assert.match(
      f!.message,
      /^robot ci: permissions\[0\] grants repository:push, artifact:delete over all projects/,
    );
    assert.match(f!.message, /list the projects it writes to/);
    assert.match(f!.message, /broadAccessReason/);
  });

  it("a never-expiring robot with write access anywhere", () => {
    const findings = privilegeFindings(
      robot({ duration: "never", permissions: [{ projects: ["team-a"], access: ["pull", "push"] }] }),
    );
    assert.deepEqual(
      findings.map((f) => f.property),
      ["duration"],
    );
    assert.match(findings[0]!.message, /robot ci never expires .* write access \(repository:push\)/);
    assert.match(findings[0]!.message, /give it a duration in days/);
    assert.equal(
      privilegeFindings(robot({ duration: -1, permissions: [{ projects: ["a"], access: ["push"] }] })).length,
      1,
    );
  });

  it("system-wide resources beyond a CI robot's (project:list and catalog:read are fine)", () => {
    const findings = privilegeFindings(
      robot({
        permissions: [
          { scope: "system", access: ["project:list", "catalog:read", "user:create", "robot:delete"] },
        ],
      }),
    );
    assert.deepEqual(
      findings.map((f) => f.property),
      ["permissions[0]"],
    );
    assert.match(
      findings[0]!.message,
      /grants system-wide user:create, robot:delete, beyond what a CI robot needs/,
    );
    assert.deepEqual(
      privilegeFindings(robot({ permissions: [{ scope: "system", access: ["project:list"] }] })),
      [],
    );
  });

  it("nothing for narrow robots: pull everywhere, push to named projects, expiring; denied pairs do not count", () => {
    for (const inputs of [
      { duration: "never", permissions: [{ scope: "allProjects", access: ["pull"] }] },
      { duration: 30, permissions: [{ projects: ["team-*"], access: ["pull", "push", "delete tag"] }] },
      {
        duration: "never",
        permissions: [
          {
            scope: "allProjects",
            access: ["pull", { resource: "repository", action: "push", effect: "deny" }],
          },
        ],
      },
    ])
      assert.deepEqual(privilegeFindings(robot(inputs)), [], JSON.stringify(inputs));
  });

  it("skips what is not known yet at preview", () => {
    assert.deepEqual(privilegeFindings(robot({ permissions: UNKNOWN })), []);
    assert.deepEqual(privilegeFindings(robot({ permissions: [{ scope: UNKNOWN, access: ["push"] }] })), []);
    assert.deepEqual(
      privilegeFindings(robot({ duration: UNKNOWN, permissions: [{ projects: ["a"], access: ["push"] }] })),
      [],
    );
    const named = privilegeFindings(
      robot({ name: UNKNOWN, permissions: [{ scope: "allProjects", access: ["push"] }] }),
    );
    assert.match(named[0]!.message, /^this robot: /);
  });
});

describe("least privilege in check (preview)", () => {
  const broad = robot({
    duration: "never",
    permissions: [{ scope: "allProjects", access: ["pull", "push"] }],
  });

  it("warns (engine warnings) and does not fail by default", async () => {
    const { failures, warned } = await check(broad);
    assert.deepEqual(failures, []);
    assert.equal(warned.length, 2);
    assert.match(warned[0]!, /^warning: robot ci: permissions\[0\] grants repository:push over all projects/);
    assert.match(warned[1]!, /^warning: robot ci never expires/);
  });

  it("fails the preview under harbor:strict true, on the input concerned, and warns no more", async () => {
    const { failures, warned } = await check(broad, { "harbor:strict": "true" });
    assert.deepEqual(warned, []);
    assert.deepEqual(
      failures.map((f) => f.property),
      ["permissions[0]", "duration"],
    );
    for (const f of failures) assert.match(f.reason, /harbor:strict is true, so this fails the preview/);
    // The native provider's context names its own key.
    const native = new ProviderProcess({ names: NATIVE_SETTING_NAMES });
    native.configure({ get: (k) => (k === "harbor:strict" ? "true" : undefined) });
    assert.match(
      checkRobotAccount(native.ctx, {}, broad).failures[0]!.reason,
      /harbor-robots:strict is true/,
    );
  });

  it("HARBOR_STRICT does the same; stack config wins over it; a bad value fails naming it", async () => {
    assert.equal((await check(broad, {}, { HARBOR_STRICT: "true" })).failures.length, 2);
    assert.equal(
      (await check(broad, { "harbor:strict": "false" }, { HARBOR_STRICT: "true" })).failures.length,
      0,
    );
    const bad = await check(broad, {}, { HARBOR_STRICT: "sometimes" });
    assert.match(
      bad.failures.map((f) => f.reason).join("\n"),
      /environment HARBOR_STRICT must be true or false.*got "sometimes"/,
    );
    const badConfig = await check(broad, { "harbor:strict": "sometimes" });
    assert.equal(
      badConfig.failures.filter((f) => /harbor:strict/.test(f.reason)).length,
      1,
      `named once: ${JSON.stringify(badConfig.failures)}`,
    );
  });

  it("a robot whose broadAccessReason says why is exempt, strict or not; an empty reason is refused", async () => {
    const exempt = robot({ ...broad, broadAccessReason: "release robot: pushes every project's images" });
    assert.deepEqual(await check(exempt), { failures: [], warned: [] });
    assert.deepEqual((await check(exempt, { "harbor:strict": "true" })).failures, []);
    const blank = await check(robot({ ...broad, broadAccessReason: "  " }));
    assert.ok(
      blank.failures.some((f) => f.property === "broadAccessReason" && /must say why/.test(f.reason)),
      JSON.stringify(blank.failures),
    );
  });
});
