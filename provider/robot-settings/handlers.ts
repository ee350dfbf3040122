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
  client: Parameters<typeof writeSettings>[0],
  registry: string,
  found: SettingValues,
  changes: SettingValues,
): Promise<SettingValues> {
  const names = SETTING_NAMES.filter((k) => changes[k] !== undefined);
  if (names.length === 0) return found;
  if (changes.namePrefix !== undefined)
    warn(prefixChangeWarning(registry, found.namePrefix, changes.namePrefix));
  await writeSettings(client, changes, names);
  return { ...found, ...changes };
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
  const inForce = await write(client, registry, found, declaredChanges(news, found));
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
  // Restoring and applying touch different settings (one leaves management, the other is managed): one PUT.
  const changes: SettingValues = declaredChanges(news, found);
  for (const k of restoringChanged) Object.assign(changes, { [k]: olds.previous[k] });
  assertWritable(
    config,
    SETTING_NAMES.filter((k) => changes[k] !== undefined),
    registry,
  );
  // `previous` keeps every setting ever managed until it is restored.
  const previous: SettingValues = { ...olds.previous };
  for (const k of managedIn(news)) if (!(k in previous)) Object.assign(previous, { [k]: found[k] });
  for (const k of restoring) delete previous[k];
  const inForce = await write(client, registry, found, changes);
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
      const current = valuesOf(await readSettings(client));
      const changes: SettingValues = {};
      for (const k of SETTING_NAMES)
        if (state.previous[k] !== undefined && current[k] !== state.previous[k])
          Object.assign(changes, { [k]: state.previous[k] });
      await write(client, registry, current, changes);
    });
  } catch (e) {
    if (!isRegistryUnreachable(e)) throw e;
    throw new Error(
      `cannot restore the robot settings of ${e.registry}: the current settings give no credentials for it ` +
        `(${e.message}). ${unreachableAdvice(e)}`,
    );
  }
}
