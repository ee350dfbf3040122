// What every operation is handed explicitly: the settings of its provider process, the Harbor client
// for a target, where its warnings go, and what the process remembers between operations. One
// context per provider process: the dynamic adapter (provider/index.ts) and the native one
// (provider/native/main.ts) each build theirs from their own configure; tests build one per fixture.
// Nothing of it is ever serialized into the state: the shims hold no context, only a path to load.
import pLimit from "p-limit";
import { ClientPool } from "./client/client-pool";
import { DYNAMIC_SETTING_NAMES, type SettingNames } from "./client/setting-names";
import { engineWarnings, type WarningSink } from "./diagnostics";
import { AdoptedRobots } from "./robot-account/adopted";
import { MAX_CONCURRENT_CHECKS } from "./robot-account/secret-check";
import { DeclaredInForce } from "./robot-settings/declared-here";
import { RuntimeSettings, type ConfigSource } from "./runtime-config";

/** What a provider process remembers between the operations the engine sends it. */
export interface ProcessMemory {
  /** Robots a create took up (a delete of the old instance of a replacement leaves them). */
  readonly adopted: AdoptedRobots;
  /** Declared setting values a RobotSettings create found in force (its old instance's delete leaves them). */
  readonly declaredInForce: DeclaredInForce;
  /** URLs whose clear-text warning was given (once per process each). */
  readonly cleartextWarned: Set<string>;
  /** Registry and release pairs whose version mismatch was warned about (once per process each). */
  readonly versionWarned: Set<string>;
  /** Secret checks (robot logins) run at once: each costs Harbor a password hash. */
  readonly secretChecks: ReturnType<typeof pLimit>;
}

export interface ProviderContext {
  readonly settings: RuntimeSettings;
  /** One client per connection, with the listings shared by every resource of the process. */
  readonly clients: ClientPool;
  readonly warnings: WarningSink;
  readonly memory: ProcessMemory;
}

export interface ContextOptions {
  /** The stack config `configure` received (undefined: the environment only). */
  config?: ConfigSource;
  env?: NodeJS.ProcessEnv;
  /** Default: stderr. */
  warnings?: WarningSink;
  /** How messages name a setting; default: the dynamic provider's (`stack config harbor:url`). */
  names?: SettingNames;
}

export function createContext(opts: ContextOptions = {}): ProviderContext {
  const names = opts.names ?? DYNAMIC_SETTING_NAMES;
  return {
    settings: new RuntimeSettings(opts.config, opts.env, names),
    clients: new ClientPool(names),
    warnings: opts.warnings ?? engineWarnings(undefined),
    memory: {
      adopted: new AdoptedRobots(),
      declaredInForce: new DeclaredInForce(),
      cleartextWarned: new Set(),
      versionWarned: new Set(),
      secretChecks: pLimit(MAX_CONCURRENT_CHECKS),
    },
  };
}

/**
 * The same process with the stack config `configure` received: clients, warnings and memories stay
 * (the engine configures each serialized provider of a process, RobotAccount's and RobotSettings',
 * with the same config, and a replacement's create and its old instance's delete may come through
 * either).
 */
export function withStackConfig(ctx: ProviderContext, config: ConfigSource | undefined): ProviderContext {
  return { ...ctx, settings: ctx.settings.withStackConfig(config) };
}

/** A context, or how to get the current one (an adapter's, which `configure` may replace). */
export type ContextSource = ProviderContext | (() => ProviderContext);

export function contextOf(source: ContextSource): ProviderContext {
  return typeof source === "function" ? source() : source;
}
