// RobotAccount on a real Harbor through the real engine: what the README and docs/robot-account.md promise a platform team,
// checked against what Harbor itself then holds and lets log in. One stack goes through the whole
// lifecycle (a few robots, a handful of `up`s), since every Basic-auth request costs Harbor 2.15
// about 100 ms of CPU: creates of every kind, in-place updates, disable/enable, rotation, a chosen
// secret, renewal, takeover, drift made in Harbor found by refresh and repaired by up, destroy.
import assert from "node:assert/strict";
import type * as pulumi from "@pulumi/pulumi";
import { RobotAccount, type RobotAccountArgs } from "../../sdk";
import { assertCiphertext, assertNotOnDisk, diagnostics, exportedResources, failureOf } from "../e2e/harness";
import type { LocalStack } from "../../scripts/engine";
import type { HarborRobot } from "./admin";
import { clockShiftEnv } from "./clock-shift";
import { chosenSecret, run } from "./run";
import { acceptanceStack, outputsOf } from "./stack";

const TYPE = "pulumi-nodejs:dynamic/harbor:RobotAccount";
const DAY = 86_400;

function program(robots: Record<string, RobotAccountArgs>) {
  return async () => {
    const out: Record<string, pulumi.Output<unknown>> = {};
    for (const [key, args] of Object.entries(robots)) {
      const r = new RobotAccount(key, args);
      Object.assign(out, {
        [`${key}Id`]: r.robotId,
        [`${key}FullName`]: r.fullName,
        [`${key}Secret`]: r.secret,
        [`${key}ExpiresAt`]: r.expiresAt,
        [`${key}Permissions`]: r.grantedPermissions,
        [`${key}Description`]: r.description,
      });
    }
    return out;
  };
}

/** Harbor's namespaces of a robot's permissions, sorted ("/" system, "*" every project). */
const namespaces = (r: HarborRobot | undefined) => (r?.permissions ?? []).map((p) => p.namespace).sort();
const accessOf = (r: HarborRobot | undefined, namespace: string) =>
  (r?.permissions.find((p) => p.namespace === namespace)?.access ?? [])
    .map((a) => `${a.resource}:${a.action}`)
    .sort();

describe("acceptance: RobotAccount lifecycle on a real Harbor", function () {
  this.timeout(600_000);
  const robots: Record<string, RobotAccountArgs> = {};
  const issued = new Set<string>(); // every secret seen, to scan the state for
  let s: LocalStack;
  let out: Record<string, unknown> = {};
  let prefix: string; // Harbor's robot name prefix
  const [apiProject, webProject, dataProject] = ["team-a-api", "team-a-web", "team-b-data"].map((p) =>
    run.name(p),
  ) as [string, string, string];
  const name = (key: string) => run.name(key);

  const harbor = () => run.harbor;
  const up = async (opts?: Parameters<LocalStack["stack"]["up"]>[0]) => {
    const result = await s.stack.up(opts);
    out = await outputsOf(s);
    for (const [k, v] of Object.entries(out)) if (k.endsWith("Secret")) issued.add(String(v));
    return result;
  };
  const id = (key: string) => Number(out[`${key}Id`]);
  const fullName = (key: string) => String(out[`${key}FullName`]);
  const secret = (key: string) => String(out[`${key}Secret`]);
  const login = (key: string, password = secret(key)) => harbor().loginStatus(fullName(key), password);

  before(async () => {
    prefix = run.settingsBefore.robot_name_prefix;
    for (const p of [apiProject, webProject, dataProject]) await harbor().createProject(p);
    s = await acceptanceStack("acc-lifecycle", program(robots));
  });

  it("creates system robots over listed projects, all projects and a pattern, and a project robot", async () => {
    Object.assign(robots, {
      listed: {
        name: name("listed"),
        description: "listed projects",
        duration: 30,
        permissions: [{ projects: [apiProject, dataProject], access: ["pull", "push"] }],
      },
      everywhere: {
        name: name("everywhere"),
        duration: "never",
        permissions: [{ scope: "allProjects", access: ["pull"] }],
      },
      pattern: {
        name: name("pattern"),
        duration: 30,
        verifySecret: true,
        permissions: [
          { projects: [`${run.id}-team-a-*`], access: ["push", "pull", "create tag"] },
          { scope: "system", access: ["project:list"] },
        ],
      },
      deployer: {
        name: name("deployer"),
        level: "project",
        duration: 30,
        permissions: [{ projects: [dataProject], access: ["pull", "push"] }],
      },
      chosen: {
        name: name("chosen"),
        duration: 30,
        secret: chosenSecret(),
        permissions: [{ projects: [dataProject], access: ["pull"] }],
      },
      renewed: {
        name: name("renewed"),
        duration: 30,
        renewBeforeDays: 3,
        permissions: [{ projects: [apiProject], access: ["pull"] }],
      },
    } satisfies Record<string, RobotAccountArgs>);
    const result = await up();
    assert.equal(result.summary.resourceChanges?.create, 7, "six robots and the stack");

    assert.equal(fullName("listed"), `${prefix}${name("listed")}`);
    assert.equal(fullName("deployer"), `${prefix}${dataProject}+${name("deployer")}`);
    assert.equal(secret("chosen"), robots.chosen!.secret, "the chosen secret is the output");
    const inHarbor = Object.fromEntries(
      await Promise.all(Object.keys(robots).map(async (k) => [k, await harbor().robot(id(k))] as const)),
    );
    assert.deepEqual(namespaces(inHarbor.listed), [apiProject, dataProject].sort());
    assert.deepEqual(accessOf(inHarbor.listed, apiProject), ["repository:pull", "repository:push"]);
    assert.deepEqual(
      namespaces(inHarbor.everywhere),
      ["*"],
      "allProjects is Harbor's * (future projects too)",
    );
    assert.deepEqual(
      namespaces(inHarbor.pattern),
      ["/", apiProject, webProject].sort(),
      "the pattern expanded",
    );
    assert.equal(inHarbor.deployer?.level, "project");
    assert.deepEqual(namespaces(inHarbor.deployer), [dataProject]);
    for (const k of Object.keys(robots)) {
      const r = inHarbor[k]!;
      assert.equal(r.name, fullName(k), `${k}: fullName is Harbor's name`);
      assert.equal(r.expires_at, Number(out[`${k}ExpiresAt`]), `${k}: expiresAt is Harbor's`);
      assert.equal(r.disable, false);
    }
    assert.equal(inHarbor.everywhere?.expires_at, -1);
    // The output is the declared description; Harbor's may carry more than the user wrote, so it is
    // only required to hold it.
    assert.equal(out.listedDescription, "listed projects");
    assert.ok(inHarbor.listed?.description.includes("listed projects"));
    assert.equal(inHarbor.listed?.duration, 30);
  });

  it("hands out secrets that log in (GET /users/current: 412 for a robot), and a wrong one gets 401", async () => {
    for (const k of Object.keys(robots))
      assert.equal(await login(k), 412, `${k} cannot log in with its secret`);
    assert.equal(await login("listed", `${secret("listed")}x`), 401, "a wrong secret is rejected");
  });

  it("keeps the secrets as ciphertext in the state", async () => {
    const { resources } = await exportedResources(s.stack, TYPE);
    assert.equal(resources.length, Object.keys(robots).length);
    for (const r of resources) assertCiphertext(r.outputs.secret, `${r.urn} secret`);
    assertNotOnDisk([s.backendDir, s.workDir], [...issued, run.target.password]);
  });

  it("updates description, duration and permissions in place; disable and enable keep the secret", async () => {
    const before = await harbor().robot(id("listed"));
    robots.listed = {
      ...robots.listed!,
      description: "listed projects, edited",
      duration: 60,
      permissions: [{ projects: [apiProject, webProject, dataProject], access: ["pull", "push"] }],
      disabled: true,
    };
    const result = await up();
    assert.equal(result.summary.resourceChanges?.update, 1);
    const after = await harbor().robot(id("listed"));
    assert.equal(after?.id, before?.id, "same robot");
    assert.equal(out.listedDescription, "listed projects, edited");
    assert.ok(after?.description.includes("listed projects, edited"));
    assert.equal(after?.duration, 60);
    const created = Date.parse(after!.creation_time) / 1000;
    assert.ok(
      Math.abs(after!.expires_at - (created + 60 * DAY)) <= 2,
      "Harbor counts the expiry from creation",
    );
    assert.equal(Number(out.listedExpiresAt), after!.expires_at);
    assert.deepEqual(namespaces(after), [apiProject, webProject, dataProject].sort());
    assert.equal(after?.disable, true);
    const kept = secret("listed");
    assert.equal(await login("listed"), 401, "a disabled robot cannot log in");

    robots.listed = { ...robots.listed, disabled: false };
    await up();
    assert.equal(secret("listed"), kept, "enabling keeps the secret");
    assert.equal(await login("listed"), 412, "the kept secret logs in again");
  });

  it("rotates a secret when rotationTrigger changes and sets a new chosen secret; the old ones stop working", async () => {
    const old = { everywhere: secret("everywhere"), chosen: secret("chosen") };
    const ids = { everywhere: id("everywhere"), chosen: id("chosen") };
    robots.everywhere = { ...robots.everywhere!, rotationTrigger: "rotate-1" };
    robots.chosen = { ...robots.chosen!, secret: chosenSecret() };
    const result = await up();
    assert.equal(result.summary.resourceChanges?.update, 2);
    assert.notEqual(secret("everywhere"), old.everywhere);
    assert.equal(secret("chosen"), robots.chosen.secret);
    for (const k of ["everywhere", "chosen"] as const) {
      assert.equal(id(k), ids[k], `${k}: same robot`);
      assert.equal(await login(k), 412, `${k}: the new secret logs in`);
      assert.equal(await login(k, old[k]), 401, `${k}: the old secret stops working`);
    }
  });

  it("renews a robot in place once its expiry is within renewBeforeDays (pulumi run 28 days later)", async () => {
    const before = await harbor().robot(id("renewed"));
    const secretBefore = secret("renewed");
    // The provider process runs 28 days ahead: the robot (30 days from its creation) now expires in
    // less than two days, inside renewBeforeDays 3. Renewed, it is valid for 30 days from then: its
    // duration becomes 30 + 29 (the whole days since its creation, rounded up).
    const { envVars } = s.stack.workspace;
    const shift = clockShiftEnv(28);
    Object.assign(envVars, shift);
    try {
      const seen = diagnostics();
      const preview = await s.stack.preview({ onEvent: seen.onEvent });
      assert.equal(preview.changeSummary.update, 1, "only the due robot changes");
      assert.match(
        seen.warnings().join("\n"),
        new RegExp(
          `robot ${escape(fullName("renewed"))} would expire at \\S+, within renewBeforeDays \\(3\\): \`pulumi up\` renews it in place, raising its duration to 59 days`,
        ),
      );
      await up();
    } finally {
      for (const k of Object.keys(shift)) delete envVars[k];
    }
    const after = await harbor().robot(id("renewed"));
    assert.equal(after?.duration, 59, "30 days from 28+ days after its creation");
    const created = Date.parse(before!.creation_time) / 1000;
    assert.ok(Math.abs(after!.expires_at - (created + 59 * DAY)) <= 2, "Harbor's expiry moved 29 days");
    assert.equal(Number(out.renewedExpiresAt), after!.expires_at);
    assert.equal(secret("renewed"), secretBefore, "same secret");
    assert.equal(await login("renewed"), 412);
    await s.stack.preview({ expectNoChanges: true }); // today's clock: the renewal holds
  });

  it("refuses a robot made in Harbor without takeOver, and takes it over with it (its old secret stops working)", async () => {
    const made = await harbor().createRobot({
      name: name("legacy"),
      level: "system",
      description: "made by hand",
      duration: 30,
      permissions: [
        { kind: "project", namespace: apiProject, access: [{ resource: "repository", action: "pull" }] },
      ],
    });
    robots.legacy = {
      name: name("legacy"),
      description: "now in code",
      duration: 30,
      permissions: [{ projects: [apiProject], access: ["pull"] }],
    };
    const message = await failureOf(up());
    assert.match(message, /already exists in Harbor/);
    assert.match(message, /takeOver: true/);
    assert.equal((await harbor().robot(made.id))?.description, "made by hand", "nothing was changed");
    assert.equal((await harbor().systemRobots(name("legacy"))).length, 1, "no second robot");

    robots.legacy = { ...robots.legacy, takeOver: true };
    await up();
    assert.equal(id("legacy"), made.id, "the same robot, adopted");
    assert.equal(out.legacyDescription, "now in code");
    assert.ok((await harbor().robot(made.id))?.description.includes("now in code"));
    assert.equal(await harbor().loginStatus(made.name, made.secret), 401, "the old secret stops working");
    assert.equal(await login("legacy"), 412);
  });

  it("sees drift made in Harbor at refresh (deleted, edited, secret refreshed) and repairs it with up", async () => {
    const gone = id("everywhere");
    await harbor().deleteRobot(gone);
    // Edited as in Harbor's UI: the text the user sees is replaced, anything else Harbor holds stays.
    const listed = await harbor().robot(id("listed"));
    await harbor().editRobot(id("listed"), {
      description: listed!.description.replace("listed projects, edited", "edited in Harbor"),
    });
    await harbor().refreshSecret(id("pattern")); // verifySecret: true on this one

    const seen = diagnostics();
    await s.stack.refresh({ onEvent: seen.onEvent });
    assert.match(
      seen.warnings().join("\n"),
      new RegExp(`robot ${escape(fullName("pattern"))}: Harbor rejects the secret in the Pulumi state`),
    );
    const { resources } = await exportedResources(s.stack, TYPE);
    assert.equal(
      resources.find((r) => r.urn.endsWith("::everywhere")),
      undefined,
      "the deleted robot is gone",
    );
    assert.match(
      String(resources.find((r) => r.urn.endsWith("::listed"))?.outputs.description),
      /edited in Harbor/,
    );

    const preview = await s.stack.preview();
    assert.equal(preview.changeSummary.create, 1, "the deleted robot comes back");
    assert.equal(preview.changeSummary.update, 2, "the edit is undone and the secret re-issued");

    await up();
    assert.notEqual(id("everywhere"), gone);
    assert.deepEqual(namespaces(await harbor().robot(id("everywhere"))), ["*"]);
    const repaired = (await harbor().robot(id("listed")))?.description ?? "";
    assert.ok(
      repaired.includes("listed projects, edited") && !repaired.includes("edited in Harbor"),
      repaired,
    );
    for (const k of ["everywhere", "pattern"]) assert.equal(await login(k), 412, `${k} logs in again`);
    await s.stack.preview({ expectNoChanges: true });
  });

  it("never leaves a secret in plaintext on disk, whatever ran", async () => {
    assertNotOnDisk([s.backendDir, s.workDir], [...issued, run.target.password]);
  });

  it("destroy deletes every robot, the adopted one too", async () => {
    const ids = Object.keys(robots).map(id);
    await s.stack.destroy();
    for (const robotId of ids)
      assert.equal(await harbor().robot(robotId), undefined, `robot ${robotId} is left`);
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
