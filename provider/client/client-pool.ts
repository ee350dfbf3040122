// One client (one connection pool, one set of shared listings) per connection within a provider
// context: every resource of a stack that talks to the same Harbor with the same user shares it. The
// key is a hash, so no password is kept in it.
import { createHash } from "node:crypto";
import { CachingHarborClient } from "./caching-client";
import type { ConnectionSettings } from "./connection";
import { DYNAMIC_SETTING_NAMES, type SettingNames } from "./setting-names";
import { VersionMemo } from "./version";

export class ClientPool {
  private readonly clients = new Map<string, CachingHarborClient>();
  private readonly versions = new VersionMemo();

  /** `names`: how the clients' messages name a setting (their provider context's). */
  constructor(private readonly names: SettingNames = DYNAMIC_SETTING_NAMES) {}

  /** The shared client for `settings`. */
  clientFor(settings: ConnectionSettings): CachingHarborClient {
    const key = createHash("sha256")
      .update(
        JSON.stringify([
          settings.url,
          settings.username,
          settings.password,
          settings.insecure,
          settings.caCert ?? "",
        ]),
      )
      .digest("hex");
    let client = this.clients.get(key);
    if (!client) {
      client = new CachingHarborClient(settings, { versions: this.versions, names: this.names });
      this.clients.set(key, client);
    }
    return client;
  }

  /** Closes and forgets every client (the end of a context: tests, tools). */
  async close(): Promise<void> {
    const all = [...this.clients.values()];
    this.clients.clear();
    await Promise.all(all.map((c) => c.close()));
  }
}
