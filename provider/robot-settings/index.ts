// The RobotSettings dynamic provider: the engine's calls mapped onto its handlers (../resource-provider.ts).
import type { ContextSource } from "../context";
import { resourceProvider } from "../resource-provider";
import { checkRobotSettings, type CheckedSettingsInputs } from "./check";
import { diffRobotSettings } from "./diff";
import { createRobotSettings, deleteRobotSettings, readRobotSettings, updateRobotSettings } from "./handlers";
import { settingsInputsFromState, type RobotSettingsState } from "./state";

export function robotSettingsProvider(source: ContextSource) {
  return resourceProvider<CheckedSettingsInputs, RobotSettingsState>(
    {
      check: (ctx, olds, news) => checkRobotSettings(ctx.settings, olds, news),
      diff: diffRobotSettings,
      create: createRobotSettings,
      read: readRobotSettings,
      inputsFromState: settingsInputsFromState,
      update: updateRobotSettings,
      delete: deleteRobotSettings,
    },
    source,
  );
}
