// The RobotAccount dynamic provider: the engine's calls mapped onto the handlers.
import type * as pulumi from "@pulumi/pulumi";
import { flushingWarnings, warn } from "../diagnostics";
import { checkRobotAccount, type CheckedRobotInputs } from "./check";
import { createRobotAccount } from "./create";
import { deleteRobotAccount } from "./delete";
import { diffRobotAccount } from "./diff";
import { inputsFromState } from "./inputs-from-state";
import { readRobotAccount } from "./read";
import type { RobotAccountState } from "./state";
import { updateRobotAccount } from "./update";

// Each operation answers once its warnings reached the engine.
export const robotAccountProvider = flushingWarnings({
  async check(olds: CheckedRobotInputs, news: CheckedRobotInputs): Promise<pulumi.dynamic.CheckResult> {
    return checkRobotAccount(olds ?? {}, news);
  },
  async diff(
    _id: string,
    olds: RobotAccountState,
    news: CheckedRobotInputs,
  ): Promise<pulumi.dynamic.DiffResult> {
    const d = diffRobotAccount(olds, news);
    d.warnings.forEach(warn);
    return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
  },
  async create(inputs: CheckedRobotInputs): Promise<pulumi.dynamic.CreateResult> {
    return createRobotAccount(inputs);
  },
  async read(id: string, props: RobotAccountState): Promise<pulumi.dynamic.ReadResult> {
    const state = await readRobotAccount(props);
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
    return { outs: await updateRobotAccount(olds, news) };
  },
  async delete(_id: string, props: RobotAccountState): Promise<void> {
    await deleteRobotAccount(props);
  },
});
