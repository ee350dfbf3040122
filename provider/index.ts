// The package entry the serialized shims load at run time (pulumi-harbor-robots/provider): the
// dynamic adapter. Its one piece of state is this provider process's context, made at the first call
// (warnings to the engine that started the process) and given the stack config by `configure`; the
// shims must reach it through this module path, so it lives here and nowhere else.
import { createContext, withStackConfig, type ProviderContext } from "./context";
import { engineAddressFromArgv, engineWarnings } from "./diagnostics";
import { robotAccountProvider } from "./robot-account";
import { robotSettingsProvider } from "./robot-settings";
import type { ConfigSource } from "./runtime-config";

let processContext: ProviderContext | undefined;

function current(): ProviderContext {
  processContext ??= createContext({ warnings: engineWarnings(engineAddressFromArgv()) });
  return processContext;
}

export const robotAccount = robotAccountProvider(current);
export const robotSettings = robotSettingsProvider(current);

/** The dynamic provider's configure: keep the stack config in this process's context (never in the state). */
export async function configure(req: { config: ConfigSource }): Promise<void> {
  processContext = withStackConfig(current(), req.config);
}
