// RobotSettings state: the values in force, the values found before creation, what this resource
// wrote, what is managed.
import type { ConnectionInput } from "../model/connection";
import type { SettingName } from "../model/robot-settings";

export interface SettingValues {
  namePrefix?: string;
  defaultExpirationDays?: number;
}

export interface RobotSettingsState extends SettingValues {
  /** The settings this resource manages (given in its inputs). */
  managed: SettingName[];
  /**
   * The values found before this resource first changed them, restored on delete (or at the update
   * that stops managing them) while the value in force is still the one in `written`. A setting whose
   * declared value was already in force when it began to be managed has none.
   */
  previous: SettingValues;
  /**
   * What this resource put in force at its last write, for each setting it manages or may still
   * restore: the proof that a value in force is still ours. Refresh never changes it. Absent in states
   * of earlier releases (restore.ts `writtenBy`).
   */
  written?: SettingValues;
  /**
   * Settings that left management without being put back, because someone else's value was in force
   * then: the value found and left. Absent in states of earlier releases.
   */
  notRestored?: SettingValues;
  restoreOnDelete: boolean;
  registry: string;
  /** The normalized URL of the registry these settings belong to; read, update and delete act only there. */
  registryUrl?: string;
  connection?: ConnectionInput;
  /** The inputs the user declared (keys), so refresh can hand the engine the inputs back. */
  inputKeys?: string[];
}

/**
 * The inputs a refresh hands back to the engine: the declared ones, managed settings as Harbor holds
 * them now, so `pulumi preview --diff` names a drifted setting. Undefined for an older state.
 */
export function settingsInputsFromState(s: RobotSettingsState): Record<string, unknown> | undefined {
  if (!s.inputKeys) return undefined;
  const echo: Record<string, unknown> = {
    namePrefix: s.namePrefix,
    defaultExpirationDays: s.defaultExpirationDays,
    restoreOnDelete: s.restoreOnDelete,
    connection: s.connection,
  };
  return Object.fromEntries(s.inputKeys.filter((k) => echo[k] !== undefined).map((k) => [k, echo[k]]));
}
