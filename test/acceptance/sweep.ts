// Leaves the Harbor as the acceptance run found it: every robot and project whose name carries the
// run's prefix deleted, the robot settings written back. Used by each test process's root after hook
// (whatever failed) and once more by the layer's runner at the end (a test process that crashed).
import type { AdminHarbor, RobotSettingsValues } from "./admin";

export interface SweepReport {
  robots: string[];
  projects: string[];
  settings: string[];
}

/** Robots and projects named with `prefix` (system robots by stored name, project robots by project). */
export async function leftovers(harbor: AdminHarbor, prefix: string) {
  const projects = await harbor.projects(prefix);
  const robots = await harbor.systemRobots(prefix);
  for (const p of projects) robots.push(...(await harbor.projectRobots(p.project_id)));
  return { robots, projects };
}

/**
 * Deletes what `prefix` names and writes back every robot setting that differs from `settings`.
 * Each step is tried even when an earlier one failed; the first error is thrown at the end.
 */
export async function sweep(
  harbor: AdminHarbor,
  prefix: string,
  settings: RobotSettingsValues | undefined,
): Promise<SweepReport> {
  const report: SweepReport = { robots: [], projects: [], settings: [] };
  const errors: unknown[] = [];
  const attempt = async (step: () => Promise<void>) => {
    try {
      await step();
    } catch (e) {
      errors.push(e);
    }
  };
  // Settings first: a changed prefix does not matter for deleting by id, but a failing delete must not
  // keep the run from restoring them.
  if (settings)
    await attempt(async () => {
      const now = await harbor.settings();
      const changed = (Object.keys(settings) as Array<keyof RobotSettingsValues>).filter(
        (k) => now[k] !== settings[k],
      );
      if (changed.length === 0) return;
      await harbor.putSettings(Object.fromEntries(changed.map((k) => [k, settings[k]])));
      report.settings = changed.map((k) => `${k} ${JSON.stringify(now[k])} → ${JSON.stringify(settings[k])}`);
    });
  await attempt(async () => {
    const found = await leftovers(harbor, prefix);
    for (const r of found.robots)
      await attempt(async () => {
        await harbor.deleteRobot(r.id);
        report.robots.push(r.name);
      });
    for (const p of found.projects)
      await attempt(async () => {
        await harbor.deleteProject(p.project_id);
        report.projects.push(p.name);
      });
  });
  if (errors.length > 0) throw errors[0];
  return report;
}

export function describeSweep(r: SweepReport): string {
  const parts = [
    r.robots.length ? `deleted robots ${r.robots.join(", ")}` : "",
    r.projects.length ? `deleted projects ${r.projects.join(", ")}` : "",
    r.settings.length ? `restored ${r.settings.join(", ")}` : "",
  ].filter(Boolean);
  return parts.length ? parts.join("; ") : "nothing left behind";
}
