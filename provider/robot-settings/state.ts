// RobotSettings state: the values in force, the values found before creation, what is managed.
import type { ConnectionInput } from "../model/connection";
import type { SettingName } from "../model/robot-settings";

export interface SettingValues {
  namePrefix?: string;
  defaultExpirationDays?: number;
}

export interface RobotSettingsState extends SettingValues {
  /** The settings this resource manages (given in its inputs). */
  managed: SettingName[];
  /** The values found before this resource first changed them (restored on delete). */
  previous: SettingValues;
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
