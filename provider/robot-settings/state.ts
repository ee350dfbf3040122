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
}
