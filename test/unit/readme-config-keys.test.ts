// docs/configuration.md's settings table names each provider's configuration keys (the "stack config"
// column for the dynamic provider, "native provider config" for the native one); they must be the
// keys the code reads (schema.json for the native provider, the harbor:* keys for the dynamic). The
// README's short table must name the same harbor:* keys.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { nativeConfig } from "../../provider/native/config";
import { repoRoot } from "../../scripts/engine";

/** The keys in the config columns of the table whose header starts with `| setting |`, over all its rows. */
function configColumns(page = "docs/configuration.md"): { dynamic: string[]; native: string[] } {
  const lines = fs.readFileSync(path.join(repoRoot, page), "utf8").split("\n");
  const start = lines.findIndex((l) => l.startsWith("| setting |"));
  assert.ok(start >= 0, `${page}: no \`| setting |\` table`);
  const cells = (l: string) =>
    l
      .split("|")
      .slice(1, -1)
      .map((c) => c.trim());
  const header = cells(lines[start]!);
  const dynamicColumn = header.indexOf("stack config");
  const nativeColumn = header.indexOf("native provider config");
  assert.ok(dynamicColumn >= 0, `${page}: the table lacks a stack config column`);
  const rows: string[][] = [];
  for (let i = start + 2; i < lines.length && lines[i]!.startsWith("|"); i++) rows.push(cells(lines[i]!));
  // `harbor:url`, `harbor-robots:harborVersion` (…) → url, harborVersion; "—" names no key.
  const keys = (column: number) =>
    column < 0
      ? []
      : rows.flatMap((r) => [...r[column]!.matchAll(/`(?:[a-z-]+):([A-Za-z]+)`/g)].map((m) => m[1]!)).sort();
  return { dynamic: keys(dynamicColumn), native: keys(nativeColumn) };
}

describe("Configuration keys (docs/configuration.md)", () => {
  it("the native provider's are schema.json's config variables, and each reaches the handlers", () => {
    const { native } = configColumns();
    const schema = JSON.parse(fs.readFileSync(path.join(repoRoot, "schema.json"), "utf8"));
    assert.deepEqual(native, Object.keys(schema.config.variables).sort());
    for (const key of native) {
      const config = nativeConfig(undefined, { [`harbor-robots:${key}`]: "1" });
      const dynamicKey = key === "harborVersion" ? "harbor:version" : `harbor:${key}`;
      assert.equal(config.get(dynamicKey), "1", `harbor-robots:${key} → ${dynamicKey}`);
    }
  });

  it("the dynamic provider's are the native ones under harbor:*, with version for harborVersion", () => {
    const { dynamic, native } = configColumns();
    assert.deepEqual(dynamic, native.map((k) => (k === "harborVersion" ? "version" : k)).sort());
  });

  it("the README's table names the same harbor:* keys", () => {
    assert.deepEqual(configColumns("README.md").dynamic, configColumns().dynamic);
  });
});
