// diff: offline. Only managed values that differ from the state are changes; a prefix change also
// carries a plain-words warning, because it renames every robot on the server.
import { SETTING_NAMES, type SettingName } from "../model/robot-settings";
import { containsUnknown } from "../model/unknowns";
import type { CheckedSettingsInputs } from "./check";
import type { RobotSettingsState } from "./state";

export interface SettingsDiff {
  changes: boolean;
  replaces: string[];
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

export function diffRobotSettings(olds: RobotSettingsState, news: CheckedSettingsInputs): SettingsDiff {
  const changed = managedIn(news).filter((k) => containsUnknown(news[k]) || news[k] !== olds[k]);
  const bookkeeping =
    JSON.stringify(managedIn(news)) !== JSON.stringify(olds.managed) ||
    (news.restoreOnDelete ?? true) !== olds.restoreOnDelete ||
    JSON.stringify(news.connection ?? null) !== JSON.stringify(olds.connection ?? null);
  const replaces =
    containsUnknown(news.connection?.url) || (news.connection?.url ?? undefined) !== olds.connection?.url
      ? ["connection"]
      : [];
  const warnings =
    changed.includes("namePrefix") && !containsUnknown(news.namePrefix)
      ? [prefixChangeWarning(olds.registry, olds.namePrefix, news.namePrefix!)]
      : [];
  return { changes: changed.length > 0 || bookkeeping || replaces.length > 0, replaces, changed, warnings };
}
