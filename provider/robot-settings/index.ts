// The RobotSettings dynamic provider: the engine's calls mapped onto the handlers.
import type * as pulumi from "@pulumi/pulumi";
import { flushingWarnings, warn } from "../diagnostics";
import { checkRobotSettings, type CheckedSettingsInputs } from "./check";
import { diffRobotSettings } from "./diff";
import { createRobotSettings, deleteRobotSettings, readRobotSettings, updateRobotSettings } from "./handlers";
import { settingsInputsFromState, type RobotSettingsState } from "./state";

// Each operation answers once its warnings reached the engine.
export const robotSettingsProvider = flushingWarnings({
  async check(olds: CheckedSettingsInputs, news: CheckedSettingsInputs): Promise<pulumi.dynamic.CheckResult> {
    return checkRobotSettings(olds ?? {}, news);
  },
  async diff(
    _id: string,
    olds: RobotSettingsState,
    news: CheckedSettingsInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    const d = diffRobotSettings(olds, news);
    d.warnings.forEach(warn);
    return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
  },
  async create(inputs: CheckedSettingsInputs): Promise<pulumi.dynamic.CreateResult> {
    return createRobotSettings(inputs);
  },
  async read(id: string, props: RobotSettingsState): Promise<pulumi.dynamic.ReadResult> {
    const state = await readRobotSettings(props);
    const inputs = settingsInputsFromState(state);
    return { id, props: state, ...(inputs ? { inputs } : {}) };
  },
  async update(
    _id: string,
    olds: RobotSettingsState,
    news: CheckedSettingsInputs,
  ): Promise<pulumi.dynamic.UpdateResult> {
    return { outs: await updateRobotSettings(olds, news) };
  },
  async delete(_id: string, props: RobotSettingsState): Promise<void> {
    await deleteRobotSettings(props);
  },
});
