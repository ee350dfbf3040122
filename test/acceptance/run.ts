// One acceptance test process: its Harbor, its unique name prefix, and the promise to leave that
// Harbor as it found it. Importing this module registers mocha root hooks: before everything, the
// target is checked (an administrator's login) and its robot settings are recorded; after everything,
// whatever failed, the registered cleanups run (last first), every robot and project named with this
// process's prefix is deleted and the settings are written back (sweep.ts). The hook fails loudly
// when any of that fails.
import { randomBytes } from "node:crypto";
import { AdminHarbor, type RobotSettingsValues } from "./admin";
import { processPrefix } from "./run-id";
import { describeSweep, sweep } from "./sweep";
import { acceptanceTarget, harborEnvOf, type AcceptanceTarget } from "./target";

class AcceptanceRun {
  /** This process's prefix: every robot and project it makes is named `<id>-…`. */
  readonly id = processPrefix();
  private opened?: {
    target: AcceptanceTarget;
    harbor: AdminHarbor;
    settings: RobotSettingsValues;
    version: string;
  };
  private readonly cleanups: Array<{ what: string; run: () => unknown }> = [];

  /** A robot or project name unique to this run. */
  name(tag: string): string {
    return `${this.id}-${tag}`;
  }

  private get ready() {
    if (!this.opened) throw new Error("the acceptance run is not open (its root before hook failed?)");
    return this.opened;
  }
  get target(): AcceptanceTarget {
    return this.ready.target;
  }
  get harbor(): AdminHarbor {
    return this.ready.harbor;
  }
  /** The robot settings Harbor had when this process started (put back at the end). */
  get settingsBefore(): RobotSettingsValues {
    return this.ready.settings;
  }
  /** HARBOR_URL, _USERNAME, _PASSWORD and _VERSION of the target, as a user sets them. */
  get harborEnv(): Record<string, string> {
    return harborEnvOf(this.target, this.ready.version);
  }

  /** Runs at the end, whatever failed (last registered first), before the sweep. */
  onCleanup(what: string, run: () => unknown): void {
    this.cleanups.push({ what, run });
  }

  async open(): Promise<void> {
    const target = acceptanceTarget();
    const harbor = new AdminHarbor(target);
    const status = await harbor.loginStatus(target.username, target.password);
    if (status !== 200)
      throw new Error(`${target.url} answered ${status} to ${target.username}'s login (GET /users/current)`);
    this.opened = { target, harbor, settings: await harbor.settings(), version: await harbor.version() };
  }

  async close(): Promise<void> {
    const failures: string[] = [];
    for (const c of this.cleanups.reverse()) {
      try {
        await c.run();
      } catch (e) {
        failures.push(`${c.what}: ${(e as Error).message}`);
      }
    }
    if (this.opened) {
      try {
        const report = await sweep(this.opened.harbor, this.id, this.opened.settings);
        console.log(`      acceptance cleanup (${this.id}): ${describeSweep(report)}`);
      } catch (e) {
        failures.push(`sweep of ${this.id}: ${(e as Error).message}`);
      }
    }
    if (failures.length) throw new Error(`the acceptance cleanup failed:\n${failures.join("\n")}`);
  }
}

export const run = new AcceptanceRun();

// Root hooks: registered once per process, whichever test file imports this first.
before("acceptance: check the target Harbor and record its robot settings", async function () {
  this.timeout(60_000);
  await run.open();
});
after("acceptance: delete what this run made and put the settings back", async function () {
  this.timeout(300_000);
  await run.close();
});

/** A random password Harbor accepts as a robot secret (8–128, upper, lower, digit). */
export function chosenSecret(): string {
  return `Acc-${randomBytes(9)
    .toString("base64url")
    .replace(/[^A-Za-z0-9]/g, "x")}-7q`;
}
