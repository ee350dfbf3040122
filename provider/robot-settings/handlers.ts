// create / read / update / delete for RobotSettings. Only managed settings are ever written.
import { warn } from "../diagnostics";
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
import type { RobotSettingsState, SettingValues } from "./state";

function stateFrom(
  news: CheckedSettingsInputs,
  inForce: SettingValues,
  previous: SettingValues,
  { registry, registryUrl }: Pick<HarborTarget, "registry" | "registryUrl">,
): RobotSettingsState {
  return {
    ...inForce,
    managed: managedIn(news),
    previous,
    restoreOnDelete: news.restoreOnDelete ?? true,
    registry,
    registryUrl,
    ...(news.connection ? { connection: news.connection } : {}),
    inputKeys: Object.keys(news)
      .filter((k) => k !== "__provider" && news[k as keyof CheckedSettingsInputs] !== undefined)
      .sort(),
  };
}

/** Writes the managed settings whose Harbor value differs; returns the values then in force. */
async function apply(
  news: CheckedSettingsInputs,
  found: SettingValues,
  registry: string,
  client: Parameters<typeof writeSettings>[0],
) {
  const changed = managedIn(news).filter((k) => news[k] !== found[k]);
  if (changed.includes("namePrefix")) warn(prefixChangeWarning(registry, found.namePrefix, news.namePrefix!));
  await writeSettings(client, news, changed);
  return changed.length ? valuesOf(await readSettings(client)) : found;
}

export async function createRobotSettings(
  news: CheckedSettingsInputs,
): Promise<{ id: string; outs: RobotSettingsState }> {
  const target = harborFor(news.connection);
  const { client, registry } = target;
  const config = await readSettings(client);
  assertWritable(config, managedIn(news), registry);
  const found = valuesOf(config);
  const previous = Object.fromEntries(managedIn(news).map((k) => [k, found[k]])) as SettingValues;
  const inForce = await apply(news, found, registry, client);
  return { id: `robot-settings@${registry}`, outs: stateFrom(news, inForce, previous, target) };
}

export async function updateRobotSettings(
  olds: RobotSettingsState,
  news: CheckedSettingsInputs,
): Promise<RobotSettingsState> {
  // On the registry these settings belong to (another one is a replace, see diff).
  const target = harborAt(olds, news.connection);
  const { client, registry } = target;
  const config = await readSettings(client);
  const found = valuesOf(config);
  const restoreOnDelete = news.restoreOnDelete ?? true;
  // A setting that leaves management is put back now (the promise of restoreOnDelete), not
  // forgotten: deleting the resource later would no longer know it had changed it.
  const restoring = restoreOnDelete
    ? leavingManagement(olds, news).filter((k) => olds.previous[k] !== undefined)
    : [];
  const restoringChanged = restoring.filter((k) => found[k] !== olds.previous[k]);
  assertWritable(
    config,
    [...managedIn(news).filter((k) => news[k] !== found[k]), ...restoringChanged],
    registry,
  );
  // `previous` keeps every setting ever managed until it is restored.
  const previous: SettingValues = { ...olds.previous };
  for (const k of managedIn(news)) if (!(k in previous)) Object.assign(previous, { [k]: found[k] });
  if (restoringChanged.includes("namePrefix"))
    warn(prefixChangeWarning(registry, found.namePrefix, olds.previous.namePrefix!));
  await writeSettings(client, olds.previous, restoringChanged);
  for (const k of restoring) delete previous[k];
  const afterRestore = restoringChanged.length ? valuesOf(await readSettings(client)) : found;
  const inForce = await apply(news, afterRestore, registry, client);
  return stateFrom(news, inForce, previous, target);
}

export async function readRobotSettings(state: RobotSettingsState): Promise<RobotSettingsState> {
  try {
    return await withStoredConnection(state, async ({ client, registryUrl }) => ({
      ...state,
      ...valuesOf(await readSettings(client)),
      registryUrl,
    }));
  } catch (e) {
    if (!isRegistryUnreachable(e)) throw e;
    // Another registry's settings are not ours to read into this state.
    warn(`robot settings of ${e.registry} were not refreshed: ${e.message}; the state is kept as it was`);
    return state;
  }
}

export async function deleteRobotSettings(state: RobotSettingsState): Promise<void> {
  if (!state.restoreOnDelete) return;
  try {
    // Restored only on the registry they were changed on, never on the one the stack points at now.
    await withStoredConnection(state, async ({ client, registry }) => {
      // Every setting still in `previous`: also one that left management while restoreOnDelete was off.
      const restore = SETTING_NAMES.filter((k) => state.previous[k] !== undefined);
      const current = valuesOf(await readSettings(client));
      const changed = restore.filter((k) => current[k] !== state.previous[k]);
      if (changed.includes("namePrefix"))
        warn(prefixChangeWarning(registry, current.namePrefix, state.previous.namePrefix!));
      await writeSettings(client, state.previous, changed);
    });
  } catch (e) {
    if (!isRegistryUnreachable(e)) throw e;
    throw new Error(
      `cannot restore the robot settings of ${e.registry}: the current settings give no credentials for it ` +
        `(${e.message}). ${unreachableAdvice(e)}`,
    );
  }
}
