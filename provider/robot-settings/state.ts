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
  connection?: ConnectionInput;
}
