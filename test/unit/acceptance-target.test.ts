// `npm run test:acceptance` without a Harbor: it says what to set and exits non-zero, before any
// test process starts; and it never falls back to HARBOR_URL, which may name a Harbor that matters.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { repoRoot } from "../../scripts/engine";
import { acceptanceTarget } from "../acceptance/target";

describe("acceptance layer: its target", () => {
  it("names the variables to set, and ignores HARBOR_URL", () => {
    assert.throws(
      () => acceptanceTarget({ HARBOR_URL: "https://harbor.example.com", HARBOR_PASSWORD: "x" }),
      /HARBOR_ACCEPTANCE_URL and HARBOR_ACCEPTANCE_PASSWORD not set\.[\s\S]*DISPOSABLE Harbor/,
    );
    assert.throws(
      () => acceptanceTarget({ HARBOR_ACCEPTANCE_URL: "http://127.0.0.1:1" }),
      /^Error: HARBOR_ACCEPTANCE_PASSWORD not set/,
    );
  });

  it("reads the base URL whatever its spelling, admin by default", () => {
    assert.deepEqual(
      acceptanceTarget({ HARBOR_ACCEPTANCE_URL: "http://h:8080/api/v2.0/", HARBOR_ACCEPTANCE_PASSWORD: "p" }),
      { url: "http://h:8080", username: "admin", password: "p" },
    );
  });

  it("npm run test:acceptance without HARBOR_ACCEPTANCE_URL exits non-zero and says what to set", () => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith("HARBOR_")));
    const run = spawnSync(
      process.execPath,
      [path.join(repoRoot, "dist", "scripts", "run-tests.js"), "acceptance"],
      {
        env,
        encoding: "utf8",
        timeout: 60_000,
      },
    );
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /HARBOR_ACCEPTANCE_URL=/);
    assert.match(run.stderr, /DISPOSABLE Harbor/);
    assert.doesNotMatch(run.stdout, /passing/, "no test ran");
  });
});
