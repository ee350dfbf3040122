// The inputs a refresh hands back to the engine: the declared inputs, with what Harbor holds now
// for the fields Harbor owns. The engine shows a preview's diff between the stored inputs and the
// program's, so after a refresh picked up an out-of-band edit, `pulumi preview --diff` names it
// (`description: "edited in the UI" => "CI"`) instead of listing every input as unchanged.
import type { CheckedRobotInputs } from "./check";
import { harborDuration } from "./renewal";
import type { RobotAccountState } from "./state";

/** The duration as declared when Harbor still holds it (renewals counted), else Harbor's days. */
function durationNow(s: RobotAccountState): CheckedRobotInputs["duration"] {
  if (s.duration !== undefined && harborDuration(s, s.duration) === s.durationDays) return s.duration;
  return s.durationDays;
}

/**
 * Undefined for a state written before the declared inputs were recorded: the engine then keeps
 * the inputs it has. Secret-bearing inputs (`secret`, `connection`) come back under their own
 * names, so the engine keeps them secret (it re-marks refreshed inputs by name).
 */
export function inputsFromState(s: RobotAccountState): CheckedRobotInputs | undefined {
  if (!s.inputKeys) return undefined;
  const declared = new Set(s.inputKeys);
  const echo: Record<string, unknown> = {
    name: s.name,
    autoNamed: s.autoNamed,
    autoNameBase: s.autoNameBase,
    autoNameScope: s.autoNameScope,
    description: s.description,
    level: s.level,
    duration: durationNow(s),
    disabled: s.disabled,
    permissions: s.permissions,
    secret: s.secret,
    rotationTrigger: s.rotationTrigger,
    takeOver: s.takeOver,
    namePrefix: s.namePrefix,
    connection: s.connection,
    verifySecret: s.verifySecret,
    renewBeforeDays: s.renewBeforeDays,
  };
  // Left out of the program but changed in Harbor: shown, so the preview says it will be reset.
  if (s.description !== "") declared.add("description");
  if (s.disabled) declared.add("disabled");
  const inputs = Object.fromEntries(
    Object.entries(echo).filter(([k, v]) => declared.has(k) && v !== undefined),
  );
  return inputs as unknown as CheckedRobotInputs;
}
