// The public outputs of both resources, as zod schemas: the state types and schema.json derive
// from them. (Internal bookkeeping fields of the state are typed next to the handlers.)
import { z } from "zod";
import { permissionEntry } from "./permission-entry";
import * as rules from "./robot-rules";
import { secretField, secretKeysOf } from "./secrets";

export const normalizedPermission = z.object({
  kind: z.string().describe('"system" or "project"'),
  namespace: z.string().describe('"/" (system), "*" (all projects) or a project name'),
  access: z.array(
    z.object({
      resource: z.string(),
      action: z.string(),
      effect: z.enum(["allow", "deny"]),
    }),
  ),
});

/** Every public output of a RobotAccount (schema.json, the SDKs). */
export const robotAccountOutputs = z.object({
  robotId: z.number().int().describe("Harbor's numeric robot id"),
  fullName: z
    .string()
    .describe("The login name: prefix + name (project robots: prefix + project + '+' + name)"),
  name: z.string().describe("The short name sent to Harbor"),
  level: z.enum(["system", "project"]),
  description: z.string(),
  duration: rules.duration
    .optional()
    .describe('The declared duration as given (days or "never"); left out when the server default was used'),
  durationDays: z
    .number()
    .int()
    .describe(
      "The duration Harbor holds, in days from creation; -1 means never. After a renewal (renewBeforeDays) it exceeds the declared duration by the days from creation to the renewal",
    ),
  expiresAt: z
    .number()
    .int()
    .describe("Unix seconds; -1 means never. Moves forward when renewBeforeDays renews the robot"),
  creationTime: z.string(),
  disabled: z.boolean(),
  permissions: z
    .array(permissionEntry)
    .describe("The declared permission entries, as given (same shape as the input)"),
  grantedPermissions: z
    .array(normalizedPermission)
    .describe("What Harbor grants, normalized (sorted, merged by namespace, patterns expanded)"),
  secret: secretField(z.string().describe("The robot's secret (a Pulumi secret)")),
  credentialsJson: secretField(
    z
      .string()
      .describe(
        "JSON like Harbor's credentials export: id, name, secret, creation_time, expires_at (secret)",
      ),
  ),
  dockerConfigJson: secretField(
    z
      .string()
      .describe('{"auths":{"<registry>":{username,password,auth}}} for an image pull secret (secret)'),
  ),
});

export type RobotAccountOutputValues = z.infer<typeof robotAccountOutputs>;

/**
 * The outputs the dynamic provider's state stores as they are. The others are derived from it by
 * the TypeScript SDK and the native provider: the credential outputs (robot-account/credentials.ts)
 * and grantedPermissions, stored in a compact form (robot-account/grants.ts).
 */
export const robotAccountStoredOutputs = robotAccountOutputs.omit({
  credentialsJson: true,
  dockerConfigJson: true,
  grantedPermissions: true,
});

/** Outputs that are secrets whatever the caller's options say (the native provider and its SDK). */
export const ROBOT_SECRET_OUTPUTS: readonly string[] = secretKeysOf(robotAccountOutputs);
/**
 * The secret outputs the dynamic provider stores, which the SDK asks the engine to encrypt
 * (additionalSecretOutputs); the derived credential outputs are made secret in the program.
 */
export const ROBOT_STORED_SECRET_OUTPUTS: readonly string[] = secretKeysOf(robotAccountStoredOutputs);

const settingValues = z.object({
  namePrefix: z.string().optional(),
  defaultExpirationDays: z.number().int().optional(),
});

export const robotSettingsOutputs = z.object({
  namePrefix: z.string().describe("The robot name prefix in force; feed it to RobotAccount's namePrefix"),
  defaultExpirationDays: z.number().int().describe("The default robot expiration in force, in days"),
  previous: settingValues.describe(
    "The value each setting had before this resource first changed it, put back on delete (or at the update that stops managing it) only if the value in force is still the one this resource wrote. None for a setting whose declared value was already in force when this resource began to manage it",
  ),
  notRestored: settingValues
    .optional()
    .describe(
      "Settings that stopped being managed without their previous value being put back, because someone else had changed them since this resource wrote them: the value found in force then, and left",
    ),
  managed: z
    .array(z.enum(["namePrefix", "defaultExpirationDays"]))
    .describe("The settings this resource manages"),
});

export type RobotSettingsOutputValues = z.infer<typeof robotSettingsOutputs>;
