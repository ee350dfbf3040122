// The table of error codes in docs/troubleshooting.md names exactly the codes the client's errors carry.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ERROR_CODES } from "../../provider/client/errors";
import { repoRoot } from "../../scripts/engine";

describe("Error codes (docs/troubleshooting.md)", () => {
  it("lists every stable error code, and no other", () => {
    const page = fs.readFileSync(path.join(repoRoot, "docs", "troubleshooting.md"), "utf8");
    const documented = [...page.matchAll(/^\| `(HARBOR_ERR_[A-Z_]+)` \|/gm)].map((m) => m[1]).sort();
    assert.deepEqual(documented, Object.values(ERROR_CODES).sort());
  });
});
