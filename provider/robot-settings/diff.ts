// diff: offline. Only managed values that differ from the state are changes; a prefix change also
// carries a plain-words warning, because it renames every robot on the server.
import { diffConnection, schemeChangeNote } from "../connection-diff";
import type { RuntimeSettings } from "../runtime-config";
import { SETTING_NAMES, type SettingName } from "../model/robot-settings";
import { containsUnknown } from "../model/unknowns";
import type { CheckedSettingsInputs } from "./check";
import { notRestoredWarning, planRestore, settingValues } from "./restore";
import type { RobotSettingsState } from "./state";

export interface SettingsDiff {
  changes: boolean;
  replaces: string[];
  /** Always true when replacing: see diffRobotSettings. */
  deleteBeforeReplace: boolean;
  /** The managed settings whose value changes in Harbor. */
  changed: SettingName[];
  warnings: string[];
}

export function prefixChangeWarning(registry: string, from: string | undefined, to: string): string {
  return (
    `Changing the robot name prefix on ${registry} from "${from ?? "?"}" to "${to}" renames EVERY robot account ` +
    `there at once and changes every robot's login name: docker logins, CI secrets and pull secrets that use the ` +
    `old names stop working. RobotAccounts that take this resource's namePrefix as their namePrefix input ` +
    `follow in the same update; any other robot credentials must be updated by hand.`
  );
}

export function managedIn(news: CheckedSettingsInputs): SettingName[] {
  return SETTING_NAMES.filter((k) => news[k] !== undefined);
}

/** Settings managed until now and left out of the new inputs: restored at this update (if still ours). */
export function leavingManagement(olds: RobotSettingsState, news: CheckedSettingsInputs): SettingName[] {
  return olds.managed.filter((k) => news[k] === undefined);
}

/**
 * Replaced only when the registry really changes: the same server spelled differently
 * (`https://h/`, `https://h/api/v2.0`) or reached through stack config instead of the resource's
 * connection is an update. A replacement deletes first: the old resource's delete restores the
 * values it found, and only then does the new one record them as its `previous` (create-first, on
 * one Harbor reached under a new name, would find the old one's values in force and record those,
 * or nothing, as the values to restore).
 */
export function diffRobotSettings(
  settings: RuntimeSettings,
  olds: RobotSettingsState,
  news: CheckedSettingsInputs,
): SettingsDiff {
  const changed = managedIn(news).filter((k) => containsUnknown(news[k]) || news[k] !== olds[k]);
  const leaving = leavingManagement(olds, news);
  const restoreOnDelete = news.restoreOnDelete ?? true;
  // The registry is compared as identity's diffConnection does for robots: resolved and normalized.
  const connection = diffConnection(settings, olds, news.connection);
  const bookkeeping =
    leaving.length > 0 ||
    JSON.stringify(managedIn(news)) !== JSON.stringify(olds.managed) ||
    restoreOnDelete !== olds.restoreOnDelete ||
    connection.update ||
    JSON.stringify(news.connection ?? null) !== JSON.stringify(olds.connection ?? null);
  const replaces = connection.replace ? ["connection"] : [];
  const warnings: string[] = [];
  if (connection.schemeChange)
    warnings.push(schemeChangeNote(`robot settings on ${olds.registry}`, connection.schemeChange));
  if (changed.includes("namePrefix") && !containsUnknown(news.namePrefix))
    warnings.push(prefixChangeWarning(olds.registry, olds.namePrefix, news.namePrefix!));
  // What the update will restore, as far as the state knows (the values in force at the last write
  // or refresh); the update decides again on Harbor's values.
  if (restoreOnDelete) {
    const inForce = settingValues(olds);
    const plan = planRestore(olds, leaving, inForce);
    if (plan.restore.namePrefix !== undefined)
      warnings.push(prefixChangeWarning(olds.registry, olds.namePrefix, plan.restore.namePrefix));
    for (const k of SETTING_NAMES)
      if (plan.kept[k] !== undefined) warnings.push(notRestoredWarning(olds.registry, k, olds, inForce));
  }
  return {
    changes: changed.length > 0 || bookkeeping || replaces.length > 0,
    replaces,
    deleteBeforeReplace: replaces.length > 0,
    changed,
    warnings,
  };
}
