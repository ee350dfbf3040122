// What a RobotSettings may put back, decided offline from its state and the values in force: a value
// is restored only while the value in force is still the one this resource wrote. Harbor records no
// owner for a setting, so that comparison is the only proof that nobody (an administrator, another
// stack's RobotSettings) has changed it since; anyone else's value is left as it is.
import { SETTING_NAMES, type SettingName } from "../model/robot-settings";
import type { RobotSettingsState, SettingValues } from "./state";

export interface RestorePlan {
  /** The settings to write back, with the value each gets. */
  restore: SettingValues;
  /** The settings not put back because someone else's value is in force: the value found (and left). */
  kept: SettingValues;
}

function pick(values: SettingValues, names: readonly SettingName[]): SettingValues {
  const out: SettingValues = {};
  for (const k of names) if (values[k] !== undefined) Object.assign(out, { [k]: values[k] });
  return out;
}

/** The values of the settings in force, as a state or Harbor's configuration holds them. */
export function settingValues(values: SettingValues): SettingValues {
  return pick(values, SETTING_NAMES);
}

/**
 * What this resource put in force, for each setting it manages or may still restore. States of
 * earlier releases did not record it: their outputs in force (as of the last write or refresh) stand in.
 */
export function writtenBy(state: RobotSettingsState): SettingValues {
  if (state.written) return state.written;
  const names = SETTING_NAMES.filter((k) => state.managed.includes(k) || state.previous[k] !== undefined);
  return pick(state, names);
}

/**
 * The value to restore later for settings that begin to be managed: the value found, except where the
 * declared value is already in force. That value may be this program's own, written by a create or
 * update that was interrupted before the engine recorded it; Harbor's value from before is then
 * unknown, and "restoring" our own value later would undo a real change for nothing.
 */
export function previousAtStart(
  names: readonly SettingName[],
  declared: SettingValues,
  found: SettingValues,
): SettingValues {
  return pick(
    found,
    names.filter((k) => found[k] !== declared[k]),
  );
}

/**
 * For each of `names` with a value to restore: put it back if the value in force is still the one this
 * resource wrote; nothing to do if it is already back (a restore whose state was never recorded);
 * otherwise someone else changed it since, and it is kept.
 */
export function planRestore(
  state: RobotSettingsState,
  names: readonly SettingName[],
  found: SettingValues,
): RestorePlan {
  const written = writtenBy(state);
  const plan: RestorePlan = { restore: {}, kept: {} };
  for (const k of names) {
    const before = state.previous[k];
    if (before === undefined || found[k] === undefined || found[k] === before) continue;
    if (found[k] === written[k]) Object.assign(plan.restore, { [k]: before });
    else Object.assign(plan.kept, { [k]: found[k] });
  }
  return plan;
}

const shown = (v: string | number | undefined) => (v === undefined ? "nothing" : JSON.stringify(v));

/** Why a setting was not put back, for an engine warning. */
export function notRestoredWarning(
  registry: string,
  name: SettingName,
  state: RobotSettingsState,
  found: SettingValues,
): string {
  return (
    `${name} on ${registry} was not put back to ${shown(state.previous[name])}: ${shown(found[name])} is in force, ` +
    `not ${shown(writtenBy(state)[name])} that this resource wrote: it was changed since (by an administrator, ` +
    `another stack's RobotSettings, or a run of this stack interrupted before it saved its state), and it is ` +
    `left as it is. Put ${shown(state.previous[name])} ` +
    `back by hand when it is wanted again; a RobotSettings that set ${shown(found[name])} puts back, when it is ` +
    `destroyed, the value it found then (possibly ${shown(writtenBy(state)[name])}).`
  );
}
