// The README's "Dynamic or native provider" table names each provider's configuration keys; they must
// be the keys the code reads (schema.json for the native provider, the harbor:* keys for the dynamic).
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { nativeConfig } from "../../provider/native/config";
import { repoRoot } from "../../scripts/engine";

function configRow(): { dynamic: string[]; native: string[] } {
  const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
  const row = readme.split("\n").find((l) => l.startsWith("| config |"));
  assert.ok(row, "README: no `| config |` row in the provider table");
  const [, , dynamic, native] = row.split("|");
  // `harbor:url`, `:username`, … → url, username, …
  const keys = (cell: string) => [...cell.matchAll(/`(?:[a-z-]+)?:([A-Za-z]+)`/g)].map((m) => m[1]!).sort();
  return { dynamic: keys(dynamic!), native: keys(native!) };
}

describe("README configuration keys", () => {
  it("the native provider's are schema.json's config variables, and each reaches the handlers", () => {
    const { native } = configRow();
    const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, "schema.json"), "utf8"));
    assert.deepEqual(native, Object.keys(schema.config.variables).sort());
    for (const key of native) {
      const config = nativeConfig(undefined, { [`harbor-robots:${key}`]: "1" });
      const dynamicKey = key === "harborVersion" ? "harbor:version" : `harbor:${key}`;
      assert.equal(config.get(dynamicKey), "1", `harbor-robots:${key} → ${dynamicKey}`);
    }
  });

  it("the dynamic provider's are the native ones under harbor:*, with version for harborVersion", () => {
    const { dynamic, native } = configRow();
    assert.deepEqual(dynamic, native.map((k) => (k === "harborVersion" ? "version" : k)).sort());
  });
});
