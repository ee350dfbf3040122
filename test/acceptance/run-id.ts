// Names of one acceptance run: `acc-<time>` for the run, `<run>-<4 hex>` for each test process in it.
// Lowercase letters, digits and single dashes only: valid in robot and project names alike, and free
// of `_` and `%`, which Harbor's fuzzy name query (`name=~…`, SQL LIKE) would take as wildcards.
import { randomBytes } from "node:crypto";

/** A new run id (the runner's, so that its final sweep finds every test process's names). */
export function newRunId(): string {
  return `acc-${Date.now().toString(36)}`;
}

/** This process's prefix within the run named by HARBOR_ACCEPTANCE_RUN_ID (or a run of its own). */
export function processPrefix(env: NodeJS.ProcessEnv = process.env): string {
  return `${env.HARBOR_ACCEPTANCE_RUN_ID || newRunId()}-${randomBytes(2).toString("hex")}`;
}
