// check: the rules for both settings, offline.
import { robotSettingsInputSchema, type RobotSettingsInputs } from "../model/robot-settings";
import { connectionFailures, settingsFailures } from "../connection-check";
import { validate, type CheckFailure } from "../model/validation";
import type { RuntimeSettings } from "../runtime-config";

export type CheckedSettingsInputs = RobotSettingsInputs & { __provider?: string };

export function checkRobotSettings(
  settings: RuntimeSettings,
  _olds: Partial<CheckedSettingsInputs>,
  news: CheckedSettingsInputs,
): { inputs: CheckedSettingsInputs; failures: CheckFailure[] } {
  const { __provider, ...userInputs } = news;
  return {
    inputs: news,
    failures: [
      ...validate(robotSettingsInputSchema, userInputs, Object.keys(robotSettingsInputSchema.shape)),
      ...connectionFailures(settings, userInputs.connection),
      ...settingsFailures(settings),
    ],
  };
}
