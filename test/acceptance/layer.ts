// The acceptance layer as a whole, opened and closed by the test runner around its files
// (`npm run test:acceptance`): checks the target before any test process starts (what to set when
// nothing is, a wrong password), says that it needs a disposable Harbor, hands every test process one
// run id, and at the end sweeps that run id and writes back the robot settings recorded here: the
// last guard when a test process crashed before its own cleanup.
import { AdminHarbor, type RobotSettingsValues } from "./admin";
import { newRunId } from "./run-id";
import { describeSweep, sweep } from "./sweep";
import { acceptanceTarget } from "./target";

let opened:
  { harbor: AdminHarbor; runId: string; settings: RobotSettingsValues; started: number } | undefined;

/** Returns the environment for the layer's test processes; throws with what to set. */
export async function openLayer(): Promise<Record<string, string>> {
  const target = acceptanceTarget();
  const harbor = new AdminHarbor(target);
  const status = await harbor.loginStatus(target.username, target.password).catch((e: Error) => {
    throw new Error(`cannot reach ${target.url}: ${e.message}`);
  });
  if (status !== 200)
    throw new Error(
      `${target.url} answered ${status} to ${target.username}'s login: check HARBOR_ACCEPTANCE_USERNAME / _PASSWORD`,
    );
  const version = await harbor.version();
  const settings = await harbor.settings();
  const runId = newRunId();
  opened = { harbor, runId, settings, started: Date.now() };
  console.log(
    `Acceptance tests against Harbor ${version} at ${target.url} (run ${runId}).\n` +
      `It must be a DISPOSABLE Harbor: the tests create and delete robots and projects named ${runId}-…,\n` +
      `and change its robot name prefix (renaming every robot there for a while) and default robot\n` +
      `expiration; at the end all of it is deleted and the settings (now ${JSON.stringify(settings)}) are put back.`,
  );
  return { HARBOR_ACCEPTANCE_RUN_ID: runId };
}

export async function closeLayer(): Promise<void> {
  if (!opened) return;
  const report = await sweep(opened.harbor, opened.runId, opened.settings);
  const minutes = ((Date.now() - opened.started) / 60_000).toFixed(1);
  console.log(`\nacceptance run ${opened.runId}: ${minutes} min; final sweep: ${describeSweep(report)}`);
}
