// The README's first TypeScript program, as printed at its top, through the real engine against the
// Harbor emulator (compiled with TypeScript's transpileModule, its `export const` as stack outputs):
// the first thing a reader copies must run.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import ts from "typescript";
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { repoRoot } from "../../scripts/engine";
import { emulatorStack, type EmulatorStack } from "./harness";

/** The first ```ts block of the README as a program whose module exports are the stack outputs. */
function readmeProgram(): PulumiFn {
  const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const block = /```ts\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, "README: no ```ts block");
  const js = ts.transpileModule(block[1]!, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  return async () => {
    const exports: Record<string, unknown> = {};
    new Function("require", "exports", js)(require, exports);
    return exports;
  };
}

describe("e2e: the README's first TypeScript program", function () {
  this.timeout(600_000);
  let s: EmulatorStack;

  before(async () => {
    s = await emulatorStack("readme", readmeProgram());
    for (const p of ["team-a-api", "team-a-web", "team-b-data"]) s.emu.seedProject(p);
  });
  after(async () => {
    await s?.stack.destroy().catch(() => undefined);
    await s?.close();
  });

  it("up: the settings, robot$ci on team-a-* with a 90-day expiry, and pullSecret, a secret that logs in", async () => {
    const up = await s.stack.up();
    const [ci, ...others] = s.emu.listRobots();
    assert.deepEqual(others, []);
    assert.equal(ci?.fullName, "robot$ci");
    assert.equal(ci?.duration, 90, "the default expiration the settings set");
    assert.deepEqual((ci?.permissions as Array<{ namespace: string }>).map((p) => p.namespace).sort(), [
      "team-a-api",
      "team-a-web",
    ]);
    const pullSecret = up.outputs.pullSecret;
    assert.equal(pullSecret?.secret, true, "pullSecret must be a Pulumi secret");
    const auth = JSON.parse(String(pullSecret?.value)).auths[new URL(s.emu.url).host];
    assert.ok(s.emu.checkLogin(auth.username, auth.password), "the pull secret logs in");
  });

  it("previews no changes, and destroy leaves Harbor as it was", async () => {
    await s.stack.preview({ expectNoChanges: true });
    await s.stack.destroy();
    assert.deepEqual(s.emu.listRobots(), []);
  });
});
