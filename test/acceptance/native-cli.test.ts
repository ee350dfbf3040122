// The native provider through the real `pulumi` CLI on a real Harbor: a YAML program's `up`, the
// `pulumi import` of a robot an administrator made in Harbor (the next `up` gives it a new secret:
// Harbor never returns one), and `destroy`, as a user runs them.
import assert from "node:assert/strict";
import { cliProject, type CliProject } from "../e2e/cli";
import { assertCiphertext } from "../e2e/harness";
import { run } from "./run";

describe("acceptance: the native provider through the pulumi CLI on a real Harbor", function () {
  this.timeout(600_000);
  const project = run.name("native");
  let p: CliProject;
  let imported = ""; // the resources `pulumi import --out` wrote, appended to the program
  let made: { id: number; name: string; secret: string };

  /** The YAML program; `withImported` adds the imported robot and its outputs. */
  const program = (withImported: boolean) => `name: acc-native
runtime: yaml
outputs:
  ciName: \${ci.fullName}
  ciSecret: \${ci.secret}
${withImported ? "  outsideName: ${outside.fullName}\n  outsideSecret: ${outside.secret}\n" : ""}resources:
  ci:
    type: harbor-robots:RobotAccount
    properties:
      name: ${run.name("native-ci")}
      duration: 10
      permissions:
        - projects: [${project}]
          access: [pull, push]
${withImported ? imported : ""}`;

  before(async () => {
    await run.harbor.createProject(project);
    // The stack config names the Harbor; no HARBOR_* of this shell reaches the CLI.
    p = await cliProject({ HARBOR_URL: "", HARBOR_USERNAME: "", HARBOR_PASSWORD: "", HARBOR_VERSION: "" });
    run.onCleanup("remove the CLI project's folders", () => p.cleanup());
    p.writeProgram(program(false));
    await p.initStack({
      url: run.target.url,
      admin: { username: run.target.username, password: run.target.password },
    });
    await p.pulumi(["config", "set", "harbor-robots:harborVersion", run.harborEnv.HARBOR_VERSION!]);
  });

  it("up creates the robot; its secret output logs in and is ciphertext in the state", async () => {
    await p.pulumi(["up", "--yes"]);
    const out = await p.outputs();
    assert.equal(out.ciName, `${run.settingsBefore.robot_name_prefix}${run.name("native-ci")}`);
    assert.equal(await run.harbor.loginStatus(out.ciName, out.ciSecret), 412);
    const ci = (await p.resources()).find((r) => r.type === "harbor-robots:index:RobotAccount");
    assertCiphertext(ci.outputs.secret, "ci secret");
  });

  it("imports a robot made in Harbor; the next preview changes only its secret, and up issues a new one", async () => {
    made = await run.harbor.createRobot({
      name: run.name("outside"),
      level: "project",
      description: "made by hand",
      duration: 20,
      permissions: [
        {
          kind: "project",
          namespace: project,
          access: [
            { resource: "repository", action: "pull" },
            { resource: "repository", action: "push" },
          ],
        },
      ],
    });
    const result = await p.importResource("harbor-robots:index:RobotAccount", "outside", made.id, [
      "--protect=false",
    ]);
    assert.match(result.stdout, /Harbor never returns a robot's secret/);
    imported = result.code.replace(/^resources:\n/, "");
    assert.match(imported, new RegExp(`name: ${run.name("outside")}\\b`));
    assert.match(imported, /level: project/);
    assert.match(imported, /duration: 20/);
    assert.match(imported, /description: made by hand/);

    p.writeProgram(program(true));
    assert.deepEqual(
      (await p.changes()).map((s) => [s.op, s.urn.split("::").pop()]),
      [["update", "outside"]],
      "only the imported robot changes (its secret)",
    );
    await p.pulumi(["up", "--yes"]);
    const out = await p.outputs();
    assert.equal(out.outsideName, made.name);
    assert.equal(await run.harbor.loginStatus(made.name, out.outsideSecret), 412, "the new secret logs in");
    assert.equal(
      await run.harbor.loginStatus(made.name, made.secret),
      401,
      "the secret from before the import stops working",
    );
    assert.ok(
      (await run.harbor.robot(made.id))?.description.includes("made by hand"),
      "its description stays",
    );
    await p.pulumi(["preview", "--expect-no-changes"]);
  });

  it("destroy deletes both robots", async () => {
    const ciId = (await p.resources()).find((r) => r.urn.endsWith("::ci")).outputs.robotId;
    await p.pulumi(["destroy", "--yes"]);
    assert.equal(await run.harbor.robot(ciId), undefined);
    assert.equal(await run.harbor.robot(made.id), undefined);
  });
});
