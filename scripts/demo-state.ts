// Where `npm run demo` keeps the stack of an existing Harbor (HARBOR_URL) between runs: in the
// checkout, one folder per Harbor host. Thrown away, it would strand the robots the demo keeps (no
// state to update or destroy them) and the default expiration it set (nothing left knows the value to
// restore). The acceptance test of the demo checks that no such folder exists before it starts.
import * as path from "node:path";
import { repoRoot } from "./engine";

export function keptStateDir(harborUrl: string): string {
  const host = new URL(harborUrl).host.replace(/[^A-Za-z0-9.-]/g, "_");
  return path.join(repoRoot, ".pulumi-work", "demo", host);
}
