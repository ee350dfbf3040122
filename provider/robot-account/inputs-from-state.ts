// The inputs a refresh hands back to the engine: the declared inputs, with what Harbor holds now
// for the fields Harbor owns. The engine shows a preview's diff between the stored inputs and the
// program's, so after a refresh picked up an out-of-band edit, `pulumi preview --diff` names it
// (`description: "edited in the UI" => "CI"`) instead of listing every input as unchanged.
import { durationDays } from "../model/robot-rules";
import type { CheckedRobotInputs } from "./check";
import { ECHOED_INPUTS, type RobotAccountState } from "./state";

/** The duration as declared when Harbor still holds it, else Harbor's days. */
function durationNow(s: RobotAccountState): CheckedRobotInputs["duration"] {
  if (s.duration !== undefined && durationDays(s.duration) === s.durationDays) return s.duration;
  return s.durationDays;
}

/**
 * Undefined for a state written before the declared inputs were recorded: the engine then keeps
 * the inputs it has. Secret-bearing inputs (`secret`, `connection`) come back under their own
 * names, so the engine keeps them secret (it re-marks refreshed inputs by name).
 *
 * Fields Harbor holds come from Harbor's view; every other declared input comes back as the state
 * echoes it under its own name (so a new input only needs echoing in the state to round-trip).
 */
export function inputsFromState(s: RobotAccountState): CheckedRobotInputs | undefined {
  if (!s.inputKeys) return undefined;
  const echoed = s as unknown as Record<string, unknown>;
  // Listed, or echoed under its own name (ECHOED_INPUTS: present exactly when declared).
  const declared = new Set([...s.inputKeys, ...ECHOED_INPUTS.filter((k) => echoed[k] !== undefined)]);
  const harborHolds: Record<string, unknown> = {
    name: s.name,
    description: s.description,
    level: s.level,
    duration: durationNow(s),
    disabled: s.disabled,
  };
  // Left out of the program but changed in Harbor: shown, so the preview says it will be reset.
  if (s.description !== "") declared.add("description");
  if (s.disabled) declared.add("disabled");
  const inputs = Object.fromEntries(
    [...declared]
      .map((k) => [k, k in harborHolds ? harborHolds[k] : echoed[k]] as const)
      .filter(([, v]) => v !== undefined),
  );
  return inputs as unknown as CheckedRobotInputs;
}
