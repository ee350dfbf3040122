// The engine's calls of a dynamic resource mapped onto its handlers, the same way for RobotAccount and
// RobotSettings: each call gets the provider process's context (given, or looked up at each call: the
// adapter's configure may replace it), diff's warnings go to its sink, a read that finds nothing drops
// the resource, and each operation answers once its warnings reached the engine.
import type * as pulumi from "@pulumi/pulumi";
import { contextOf, type ContextSource, type ProviderContext } from "./context";
import { flushingWarnings } from "./diagnostics";
import type { CheckFailure } from "./model/validation";
import type { RuntimeSettings } from "./runtime-config";

/** One resource's handlers, each with what it needs of the context. */
export interface ResourceHandlers<Inputs, State> {
  check(
    ctx: ProviderContext,
    olds: Partial<Inputs>,
    news: Inputs,
  ): { inputs: Inputs; failures: CheckFailure[] };
  diff(
    settings: RuntimeSettings,
    olds: State,
    news: Inputs,
  ): { changes: boolean; replaces: string[]; deleteBeforeReplace: boolean; warnings: string[] };
  create(ctx: ProviderContext, inputs: Inputs): Promise<{ id: string; outs: State }>;
  /** The refreshed state; undefined when the resource is gone (the engine drops it). */
  read(ctx: ProviderContext, state: State): Promise<State | undefined>;
  /** The declared inputs as the refreshed state shows them, when they can be told. */
  inputsFromState(state: State): Record<string, unknown> | undefined;
  update(ctx: ProviderContext, olds: State, news: Inputs): Promise<State>;
  delete(ctx: ProviderContext, state: State): Promise<void>;
}

export function resourceProvider<Inputs, State>(
  handlers: ResourceHandlers<Inputs, State>,
  source: ContextSource,
) {
  const ctx = () => contextOf(source);
  return flushingWarnings(
    {
      async check(olds: Inputs, news: Inputs): Promise<pulumi.dynamic.CheckResult> {
        return handlers.check(ctx(), olds ?? {}, news);
      },
      async diff(_id: string, olds: State, news: Inputs): Promise<pulumi.dynamic.DiffResult> {
        const c = ctx();
        const d = handlers.diff(c.settings, olds, news);
        for (const w of d.warnings) c.warnings.warn(w);
        return { changes: d.changes, replaces: d.replaces, deleteBeforeReplace: d.deleteBeforeReplace };
      },
      async create(inputs: Inputs): Promise<pulumi.dynamic.CreateResult> {
        return handlers.create(ctx(), inputs);
      },
      async read(id: string, props: State): Promise<pulumi.dynamic.ReadResult> {
        const state = await handlers.read(ctx(), props);
        // No id: the engine drops the resource from the state (it was deleted outside Pulumi).
        if (!state) return { props: {} };
        const inputs = handlers.inputsFromState(state);
        return { id, props: state, ...(inputs ? { inputs } : {}) };
      },
      async update(_id: string, olds: State, news: Inputs): Promise<pulumi.dynamic.UpdateResult> {
        return { outs: await handlers.update(ctx(), olds, news) };
      },
      async delete(_id: string, props: State): Promise<void> {
        await handlers.delete(ctx(), props);
      },
    },
    () => ctx().warnings,
  );
}
