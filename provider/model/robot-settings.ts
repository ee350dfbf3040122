// RobotSettings inputs: the robot name prefix and the default robot expiration. A value left out is
// not managed: the resource never touches it (unlike peers that push every setting's default).
import { z } from "zod";
import { connectionField } from "./connection";

/** Harbor's UI and config validation: a positive number of at most 10 digits. */
export const MAX_DEFAULT_EXPIRATION_DAYS = 9_999_999_999;

export const namePrefix = z
  .string()
  .superRefine((p, ctx) => {
    const add = (message: string) => ctx.addIssue({ code: "custom", message });
    if (p.trim() === "") {
      add(
        "must not be empty or blank: Harbor 2.15 accepts it, but robots then look like users and OIDC command-line logins break",
      );
    } else if (/\s/.test(p)) add("must not contain whitespace: robots could not log in with such a name");
    else if (p.includes(":"))
      add(
        "must not contain ':': HTTP basic auth splits the login at the first ':', so robots could not log in",
      );
  })
  .describe(
    'Put in front of every robot name (Harbor default "robot$"). Changing it renames every robot at once',
  );

export const defaultExpirationDays = z
  .number()
  .int("must be a whole number of days")
  .min(1, "must be at least 1 day (Harbor: the robot_token_duration value must be positive)")
  .max(MAX_DEFAULT_EXPIRATION_DAYS, "must have at most 10 digits (Harbor's limit)")
  .describe("Default expiration, in days, for new robot accounts (Harbor default 30)");

export const robotSettingsInputSchema = z
  .object({
    namePrefix: namePrefix.optional(),
    defaultExpirationDays: defaultExpirationDays.optional(),
    restoreOnDelete: z
      .boolean()
      .optional()
      .describe(
        "Put back the value each setting had before this resource changed it: on destroy, and at the update that removes the setting from the inputs, if the value in force is still the one this resource wrote (default true)",
      ),
    connection: connectionField,
  })
  .strict();

export type RobotSettingsInputs = z.infer<typeof robotSettingsInputSchema>;

/** Harbor's configuration keys for the two settings. */
export const SETTING_KEYS = {
  namePrefix: "robot_name_prefix",
  defaultExpirationDays: "robot_token_duration",
} as const;

export type SettingName = keyof typeof SETTING_KEYS;
export const SETTING_NAMES = Object.keys(SETTING_KEYS) as SettingName[];
