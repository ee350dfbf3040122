// The package entry the serialized shims load at run time (pulumi-harbor-robots/provider).
import { setStackConfig, type ConfigSource } from "./runtime-config";

export { robotAccountProvider as robotAccount } from "./robot-account";
export { robotSettingsProvider as robotSettings } from "./robot-settings";

/** The dynamic provider's configure: keep the stack config in this process (never in the state). */
export async function configure(req: { config: ConfigSource }): Promise<void> {
  setStackConfig(req.config);
}
