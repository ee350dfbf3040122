// The README's table of error codes names exactly the codes the client's errors carry.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { ERROR_CODES } from "../../provider/client/errors";
import { repoRoot } from "../../scripts/engine";

describe("README error codes", () => {
  it("lists every stable error code, and no other", () => {
    const readme = fs.readFileSync(path.join(repoRoot, "README.md"), "utf8");
    const documented = [...readme.matchAll(/^\| `(HARBOR_ERR_[A-Z_]+)` \|/gm)].map((m) => m[1]).sort();
    assert.deepEqual(documented, Object.values(ERROR_CODES).sort());
  });
});
