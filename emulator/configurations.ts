// GET/PUT /configurations: `{value, editable}` wrappers on read, a subset of plain values
// on write, system admins only, and a read-only mode like Harbor started with CONFIG_OVERWRITE_JSON.

import { requireSystemAccess } from "./authz";
import { bindBody, type Shape, type StructShape } from "./body";
import { ok, type Handler } from "./context";
import { CONFIG_ITEMS, MAX_ROBOT_TOKEN_DURATION, type ConfigValue } from "./config-items";
import { badRequest, forbidden } from "./errors";

// Keys outside CONFIG_ITEMS are dropped while binding, so unknown keys are silently ignored.
const CONFIGURATIONS: StructShape = {
  struct: "Configurations",
  fields: Object.fromEntries(
    Object.entries(CONFIG_ITEMS).map(([k, item]): [string, Shape] => [k, item.type]),
  ),
};

export const getConfigurations: Handler = (ctx) => {
  requireSystemAccess(ctx.caller, "configuration", "read");
  const editable = !ctx.state.configReadOnly;
  const items = Object.entries(CONFIG_ITEMS).filter(
    ([, item]) => !item.since || ctx.profile.name === item.since,
  );
  return ok({
    ...Object.fromEntries(items.map(([k]) => [k, { value: ctx.state.config[k], editable }])),
    // The scan-all schedule is not a {value, editable} item; a fresh Harbor has none (measured).
    scan_all_policy: {},
  });
};

/** Harbor's verifyValueLengthCfg for the robot duration. */
function validate(values: Record<string, unknown>): void {
  const duration = values.robot_token_duration;
  if (typeof duration !== "number") return;
  if (duration <= 0) throw badRequest("the robot_token_duration value must be positive");
  if (duration > MAX_ROBOT_TOKEN_DURATION) {
    throw badRequest(`the robot_token_duration value is over the limit value: ${MAX_ROBOT_TOKEN_DURATION}`);
  }
}

export const updateConfigurations: Handler = (ctx) => {
  const values = bindBody(ctx.req.body, "configurations", CONFIGURATIONS);
  requireSystemAccess(ctx.caller, "configuration", "update");
  if (ctx.state.configReadOnly) {
    throw forbidden("current config is init by env variable: CONFIG_OVERWRITE_JSON, it cannot be updated");
  }
  validate(values);
  Object.assign(ctx.state.config, values as Record<string, ConfigValue>);
  ctx.state.changed();
  return ok();
};
