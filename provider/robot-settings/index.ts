// The RobotSettings dynamic provider: the engine's calls mapped onto the handlers, with the context
// of the provider process (given, or looked up at each call: the adapter's configure may replace it).
import type * as pulumi from "@pulumi/pulumi";
import { contextOf, type ContextSource } from "../context";
import { flushingWarnings } from "../diagnostics";
import { checkRobotSettings, type CheckedSettingsInputs } from "./check";
import { diffRobotSettings } from "./diff";
import { createRobotSettings, deleteRobotSettings, readRobotSettings, updateRobotSettings } from "./handlers";
import { settingsInputsFromState, type RobotSettingsState } from "./state";

export function robotSettingsProvider(source: ContextSource) {
  const ctx = () => contextOf(source);
  // Each operation answers once its warnings reached the engine.
  return flushingWarnings(
    {
      async check(
        olds: CheckedSettingsInputs,
        news: CheckedSettingsInputs,
      ): Promise<pulumi.dynamic.CheckResult> {
        return checkRobotSettings(ctx().settings, olds ?? {}, news);
      },
      async diff(
        _id: string,
        olds: RobotSettingsState,
        news: CheckedSettingsInputs,
      ): Promise<pulumi.dynamic.DiffResult> {
        const c = ctx();
        const d = diffRobotSettings(c.settings, olds, news);
        for (const w of d.warnings) c.warnings.warn(w);
        return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
      },
      async create(inputs: CheckedSettingsInputs): Promise<pulumi.dynamic.CreateResult> {
        return createRobotSettings(ctx(), inputs);
      },
      async read(id: string, props: RobotSettingsState): Promise<pulumi.dynamic.ReadResult> {
        const state = await readRobotSettings(ctx(), props);
        const inputs = settingsInputsFromState(state);
        return { id, props: state, ...(inputs ? { inputs } : {}) };
      },
      async update(
        _id: string,
        olds: RobotSettingsState,
        news: CheckedSettingsInputs,
      ): Promise<pulumi.dynamic.UpdateResult> {
        return { outs: await updateRobotSettings(ctx(), olds, news) };
      },
      async delete(_id: string, props: RobotSettingsState): Promise<void> {
        await deleteRobotSettings(ctx(), props);
      },
    },
    () => ctx().warnings,
  );
}
