// A provider process for tests: the context the dynamic adapter builds per process (provider/
// context.ts), held by the test instead of a module, with the two providers bound to it. What the
// engine would do between runs is explicit here: `configure` (the stack config of this run),
// `dropClients` (new connections and no shared listings, as after the end of a process), `restart`
// (a new process: clients, listings, versions and every per-process memory new).
import { ClientPool } from "../../provider/client/client-pool";
import {
  createContext,
  withStackConfig,
  type ContextOptions,
  type ProviderContext,
} from "../../provider/context";
import { robotAccountProvider } from "../../provider/robot-account";
import { robotSettingsProvider } from "../../provider/robot-settings";
import type { ConfigSource } from "../../provider/runtime-config";

export class ProviderProcess {
  ctx: ProviderContext;
  readonly robotAccount = robotAccountProvider(() => this.ctx);
  readonly robotSettings = robotSettingsProvider(() => this.ctx);

  constructor(private readonly opts: ContextOptions = {}) {
    this.ctx = createContext(opts);
  }

  /** The stack config the engine's configure would hand this process. */
  configure(config: ConfigSource | undefined): void {
    this.ctx = withStackConfig(this.ctx, config);
  }

  /** Closes every client: the next operation connects anew and shares no listing made before. */
  async dropClients(): Promise<void> {
    const old = this.ctx.clients;
    this.ctx = { ...this.ctx, clients: new ClientPool() };
    await old.close();
  }

  /** A new provider process with this stack config (default: the current one). */
  async restart(config: ConfigSource | undefined = this.ctx.settings.stackConfig): Promise<void> {
    const old = this.ctx;
    this.ctx = createContext({ ...this.opts, config });
    await old.clients.close();
  }

  /** Closes the clients (the end of a suite). */
  close(): Promise<void> {
    return this.ctx.clients.close();
  }
}
