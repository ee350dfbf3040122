// RobotSettings: Harbor's robot name prefix and default robot expiration. Only the values given are
// managed; destroying the resource restores what was there before (unless restoreOnDelete is false),
// where the value in force is still the one it wrote.
import * as pulumi from "@pulumi/pulumi";
import type { RobotSettingsArgs } from "./args";
import type { RobotSettingsOutputs } from "./outputs";
import shim = require("../provider/shims/robot-settings");
import { declaredOutputs } from "./input-types";
import { robotSettingsOutputs } from "../provider/model/outputs";
import { declareSettings } from "./settings-order";
import { SETTINGS_SECRET_INPUTS, withSecretInputs } from "./secret-inputs";

// The outputs and their docs are the interface generated from the zod model (sdk/outputs.ts),
// merged into the class: `declare`d, so no class field shadows the values the engine sets.
/* eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- see above */
export interface RobotSettings extends RobotSettingsOutputs {}
/** Harbor's robot name prefix and default robot expiration (only the values given are managed). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see above
export class RobotSettings extends pulumi.dynamic.Resource {
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
