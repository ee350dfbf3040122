// The RobotAccount dynamic provider: the engine's calls mapped onto the handlers, with the context
// of the provider process (given, or looked up at each call: the adapter's configure may replace it).
import type * as pulumi from "@pulumi/pulumi";
import { contextOf, type ContextSource } from "../context";
import { flushingWarnings } from "../diagnostics";
import { checkRobotAccount, type CheckedRobotInputs } from "./check";
import { createRobotAccount } from "./create";
import { deleteRobotAccount } from "./delete";
import { diffRobotAccount } from "./diff";
import { inputsFromState } from "./inputs-from-state";
import { readRobotAccount } from "./read";
import type { RobotAccountState } from "./state";
import { updateRobotAccount } from "./update";

export function robotAccountProvider(source: ContextSource) {
  const ctx = () => contextOf(source);
  // Each operation answers once its warnings reached the engine.
  return flushingWarnings(
    {
      async check(olds: CheckedRobotInputs, news: CheckedRobotInputs): Promise<pulumi.dynamic.CheckResult> {
        return checkRobotAccount(ctx(), olds ?? {}, news);
      },
      async diff(
        _id: string,
        olds: RobotAccountState,
        news: CheckedRobotInputs,
      ): Promise<pulumi.dynamic.DiffResult> {
        const c = ctx();
        const d = diffRobotAccount(c.settings, olds, news);
        for (const w of d.warnings) c.warnings.warn(w);
        return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
      },
      async create(inputs: CheckedRobotInputs): Promise<pulumi.dynamic.CreateResult> {
        return createRobotAccount(ctx(), inputs);
      },
      async read(id: string, props: RobotAccountState): Promise<pulumi.dynamic.ReadResult> {
        const state = await readRobotAccount(ctx(), props);
        // No id: the engine drops the resource from the state (it was deleted outside Pulumi).
        if (!state) return { props: {} };
        const inputs = inputsFromState(state);
        return { id, props: state, ...(inputs ? { inputs } : {}) };
      },
      async update(
        _id: string,
        olds: RobotAccountState,
        news: CheckedRobotInputs,
      ): Promise<pulumi.dynamic.UpdateResult> {
        return { outs: await updateRobotAccount(ctx(), olds, news) };
      },
      async delete(_id: string, props: RobotAccountState): Promise<void> {
        await deleteRobotAccount(ctx(), props);
      },
    },
    () => ctx().warnings,
  );
}
