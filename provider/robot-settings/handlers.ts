// create / read / update / delete for RobotSettings. Only managed settings are ever written.
import type { WarningSink } from "../diagnostics";
import type { ProviderContext } from "../context";
import {
  harborAt,
  harborFor,
  isRegistryUnreachable,
  unreachableAdvice,
  withStoredConnection,
  type HarborTarget,
} from "../harbor";
import { SETTING_NAMES } from "../model/robot-settings";
import type { CheckedSettingsInputs } from "./check";
import { leavingManagement, managedIn, prefixChangeWarning } from "./diff";
import { assertWritable, readSettings, valuesOf, writeSettings } from "./harbor-settings";
import { notRestoredWarning, planRestore, previousAtStart, settingValues, writtenBy } from "./restore";
import type { RobotSettingsState, SettingValues } from "./state";

interface Bookkeeping {
  previous: SettingValues;
  written: SettingValues;
  notRestored: SettingValues;
}

function stateFrom(
  news: CheckedSettingsInputs,
  inForce: SettingValues,
  { previous, written, notRestored }: Bookkeeping,
  { registry, registryUrl }: Pick<HarborTarget, "registry" | "registryUrl">,
): RobotSettingsState {
  return {
    ...inForce,
    managed: managedIn(news),
    previous,
    written,
    notRestored,
    restoreOnDelete: news.restoreOnDelete ?? true,
    registry,
    registryUrl,
    ...(news.connection ? { connection: news.connection } : {}),
    inputKeys: Object.keys(news)
      .filter((k) => k !== "__provider" && news[k as keyof CheckedSettingsInputs] !== undefined)
      .sort(),
  };
}

/** The managed settings whose Harbor value differs from the declared one, with the declared values. */
function declaredChanges(news: CheckedSettingsInputs, found: SettingValues): SettingValues {
  const changes: SettingValues = {};
  for (const k of managedIn(news)) if (news[k] !== found[k]) Object.assign(changes, { [k]: news[k] });
  return changes;
}

/**
 * Writes `changes` in one PUT and returns the settings then in force. A 2xx means Harbor holds exactly
 * what was sent (assertWritable ruled out read-only settings), so nothing is read back.
 */
async function write(
  warnings: WarningSink,
  client: Parameters<typeof writeSettings>[0],
  registry: string,
  found: SettingValues,
  changes: SettingValues,
): Promise<SettingValues> {
  const names = SETTING_NAMES.filter((k) => changes[k] !== undefined);
  if (names.length === 0) return found;
  if (changes.namePrefix !== undefined)
    warnings.warn(prefixChangeWarning(registry, found.namePrefix, changes.namePrefix));
  await writeSettings(client, changes, names);
  return { ...found, ...changes };
}

export async function createRobotSettings(
  ctx: ProviderContext,
  news: CheckedSettingsInputs,
): Promise<{ id: string; outs: RobotSettingsState }> {
  const target = harborFor(ctx, news.connection);
  const { client, registry } = target;
  const config = await readSettings(client);
  const managed = managedIn(news);
  assertWritable(config, managed, registry);
  const found = valuesOf(config);
  for (const k of managed)
    if (found[k] === news[k]) ctx.memory.declaredInForce.record(target.registryUrl, k, news[k]);
  const bookkeeping = {
    previous: previousAtStart(managed, news, found),
    written: settingValues(news),
    notRestored: {},
  };
  const inForce = await write(ctx.warnings, client, registry, found, declaredChanges(news, found));
  return { id: `robot-settings@${registry}`, outs: stateFrom(news, inForce, bookkeeping, target) };
}

/** Warns, per setting, that someone else's value was found and left instead of putting ours back. */
function warnKept(
  warnings: WarningSink,
  registry: string,
  state: RobotSettingsState,
  kept: SettingValues,
): void {
  for (const k of SETTING_NAMES)
    if (kept[k] !== undefined) warnings.warn(notRestoredWarning(registry, k, state, kept));
}

export async function updateRobotSettings(
  ctx: ProviderContext,
  olds: RobotSettingsState,
  news: CheckedSettingsInputs,
): Promise<RobotSettingsState> {
  // On the registry these settings belong to (another one is a replace, see diff).
  const target = harborAt(ctx, olds, news.connection);
  const { client, registry } = target;
  const config = await readSettings(client);
  const found = valuesOf(config);
  const restoreOnDelete = news.restoreOnDelete ?? true;
  const managed = managedIn(news);
  // A setting that leaves management is put back now (the promise of restoreOnDelete), not
  // forgotten: deleting the resource later would no longer know it had changed it. Only while the
  // value in force is still ours: someone else's is kept, and the output says which.
  const leaving = restoreOnDelete ? leavingManagement(olds, news) : [];
  const plan = planRestore(olds, leaving, found);
  // Restoring and applying touch different settings (one leaves management, the other is managed): one PUT.
  const changes: SettingValues = { ...declaredChanges(news, found), ...plan.restore };
  assertWritable(
    config,
    SETTING_NAMES.filter((k) => changes[k] !== undefined),
    registry,
  );
  // `previous` keeps every setting ever managed until it is restored (or found changed by someone else).
  const starting = managed.filter((k) => !olds.managed.includes(k) && olds.previous[k] === undefined);
  const previous: SettingValues = { ...olds.previous, ...previousAtStart(starting, news, found) };
  const written: SettingValues = { ...writtenBy(olds), ...settingValues(news) };
  const notRestored: SettingValues = { ...olds.notRestored, ...plan.kept };
  for (const k of leaving) {
    delete previous[k];
    delete written[k];
  }
  for (const k of managed) delete notRestored[k];
  warnKept(ctx.warnings, registry, olds, plan.kept);
  const inForce = await write(ctx.warnings, client, registry, found, changes);
  return stateFrom(news, inForce, { previous, written, notRestored }, target);
}

export async function readRobotSettings(
  ctx: ProviderContext,
  state: RobotSettingsState,
): Promise<RobotSettingsState> {
  try {
    return await withStoredConnection(ctx, state, async ({ client, registryUrl }) => ({
      ...state,
      // A state of an earlier release records here what it wrote, before its values in force follow Harbor's.
      written: writtenBy(state),
      ...valuesOf(await readSettings(client)),
      registryUrl,
    }));
  } catch (e) {
    if (!isRegistryUnreachable(e)) throw e;
    // Another registry's settings are not ours to read into this state.
    ctx.warnings.warn(
      `robot settings of ${e.registry} were not refreshed: ${e.message}; the state is kept as it was`,
    );
    return state;
  }
}

export async function deleteRobotSettings(ctx: ProviderContext, state: RobotSettingsState): Promise<void> {
  if (!state.restoreOnDelete) return;
  try {
    // Restored only on the registry they were changed on, never on the one the stack points at now.
    await withStoredConnection(ctx, state, async ({ client, registry, registryUrl }) => {
      // Every setting still in `previous`: also one that left management while restoreOnDelete was off.
      const current = valuesOf(await readSettings(client));
      const plan = planRestore(state, SETTING_NAMES, current);
      warnKept(ctx.warnings, registry, state, plan.kept);
      // A value a create of this run declares is that (new) instance's now (declared-here.ts).
      for (const k of SETTING_NAMES) {
        if (plan.restore[k] === undefined || !ctx.memory.declaredInForce.has(registryUrl, k, current[k]))
          continue;
        ctx.warnings.warn(
          `${k} on ${registry} was not put back to ${JSON.stringify(state.previous[k])}: a RobotSettings created in ` +
            `this run declares ${JSON.stringify(current[k])}, the value in force (a replacement created first: ` +
            "pulumi up --replace, replaceOnChanges), so it is left to that resource, which records nothing to " +
            `restore for it. Put ${JSON.stringify(state.previous[k])} back by hand when that resource is destroyed, if it is wanted.`,
        );
        delete plan.restore[k];
      }
      await write(ctx.warnings, client, registry, current, plan.restore);
    });
  } catch (e) {
    if (!isRegistryUnreachable(e)) throw e;
    throw new Error(
      `cannot restore the robot settings of ${e.registry}: the current settings give no credentials for it ` +
        `(${e.message}). ${unreachableAdvice(e, ctx.settings.names)}`,
    );
  }
}
