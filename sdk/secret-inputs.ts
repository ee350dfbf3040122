// Inputs the models declare secret (a chosen robot secret, a per-resource connection) are Pulumi
// secrets from the program on, and so are their echoes in the state.
import * as pulumi from "@pulumi/pulumi";
import { robotAccountInputSchema } from "../provider/model/robot-account";
import { robotSettingsInputSchema } from "../provider/model/robot-settings";
import { secretKeysOf } from "../provider/model/secrets";

/** The secret inputs of each resource (worked out once: every resource's constructor reads them). */
export const ROBOT_SECRET_INPUTS = secretKeysOf(robotAccountInputSchema);
export const SETTINGS_SECRET_INPUTS = secretKeysOf(robotSettingsInputSchema);

/** The arguments with each of the given secret inputs that is set wrapped in pulumi.secret. */
export function withSecretInputs<T extends object>(args: T, secretInputs: readonly string[]): T {
  const out = { ...args } as Record<string, unknown>;
  for (const key of secretInputs)
    if (out[key] !== undefined) out[key] = pulumi.secret(out[key] as pulumi.Input<unknown>);
  return out as T;
}
