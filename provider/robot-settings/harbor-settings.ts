// Reading and writing the two robot settings, with the errors a user can act on.
import { isForbidden } from "../client/errors";
import type { HarborClient } from "../client/harbor-client";
import type { RobotConfigurations } from "../client/schemas";
import { SETTING_KEYS, type SettingName } from "../model/robot-settings";
import type { SettingValues } from "./state";

function adminOnly(e: unknown, action: string): Error {
  if (isForbidden(e)) {
    return new Error(
      `${action} Harbor's robot settings needs a Harbor system administrator; the configured user (or robot) is not ` +
        `one — robots can never read or change /configurations. Use an administrator's credentials. (${(e as Error).message})`,
    );
  }
  return e as Error;
}

export async function readSettings(client: HarborClient): Promise<RobotConfigurations> {
  try {
    return await client.getConfigurations();
  } catch (e) {
    throw adminOnly(e, "Reading");
  }
}

export function valuesOf(config: RobotConfigurations): SettingValues {
  return {
    ...(config.robot_name_prefix ? { namePrefix: config.robot_name_prefix.value } : {}),
    ...(config.robot_token_duration ? { defaultExpirationDays: config.robot_token_duration.value } : {}),
  };
}

/** Fails clearly before any write when a setting is missing or read-only on this server. */
export function assertWritable(config: RobotConfigurations, names: SettingName[], registry: string): void {
  for (const name of names) {
    const key = SETTING_KEYS[name];
    const item = config[key];
    if (!item)
      throw new Error(`${name}: Harbor at ${registry} has no ${key} setting (it needs Harbor 2.2 or later)`);
    if (!item.editable) {
      throw new Error(
        `${name}: Harbor's configuration at ${registry} is read-only (editable: false): the server was started with ` +
          `CONFIG_OVERWRITE_JSON, so ${key} can only be changed in the server's environment, not through the API`,
      );
    }
  }
}

/** PUTs only the given settings. */
export async function writeSettings(
  client: HarborClient,
  values: SettingValues,
  names: SettingName[],
): Promise<void> {
  const body = Object.fromEntries(names.map((n) => [SETTING_KEYS[n], values[n]]));
  try {
    await client.updateConfigurations(body);
  } catch (e) {
    throw adminOnly(e, "Changing");
  }
}
