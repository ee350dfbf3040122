// RobotSettings: Harbor's robot name prefix and default robot expiration. Only the values given are
// managed; destroying the resource restores what was there before (unless restoreOnDelete is false),
// where the value in force is still the one it wrote.
import * as pulumi from "@pulumi/pulumi";
import type { RobotSettingsArgs } from "./args";
import shim = require("../provider/shims/robot-settings");
import { declaredOutputs } from "./input-types";
import { robotSettingsOutputs } from "../provider/model/outputs";
import { declareSettings } from "./settings-order";
import { SETTINGS_SECRET_INPUTS, withSecretInputs } from "./secret-inputs";

export class RobotSettings extends pulumi.dynamic.Resource {
  /** The prefix in force (Harbor's value, managed or not). Feed it to RobotAccount's namePrefix. */
  declare readonly namePrefix: pulumi.Output<string>;
  /** The default robot expiration in force, in days. */
  declare readonly defaultExpirationDays: pulumi.Output<number>;
  /**
   * The values found before this resource first changed them: put back on delete (or when a setting
   * leaves the inputs) only while the value in force is still the one this resource wrote.
   */
  declare readonly previous: pulumi.Output<{ namePrefix?: string; defaultExpirationDays?: number }>;
  /** Settings that left the inputs without being put back (someone else had changed them): the value found. */
  declare readonly notRestored: pulumi.Output<
    { namePrefix?: string; defaultExpirationDays?: number } | undefined
  >;
  /** The settings this resource manages. */
  declare readonly managed: pulumi.Output<string[]>;

  constructor(name: string, args: RobotSettingsArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      ...declaredOutputs(robotSettingsOutputs),
      connection: undefined, // a property of the resource whether given or not, as before
      ...withSecretInputs(args, SETTINGS_SECRET_INPUTS),
    };
    super(shim, name, props, opts, "harbor", "RobotSettings");
    // Robots of this program on the same registry wait for it (settings-order.ts).
    declareSettings(this, args, opts);
  }
}
