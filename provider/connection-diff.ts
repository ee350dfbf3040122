// diff's view of a resource's connection, offline. The registry is the resource's identity: another
// server is a replace (the old robot is deleted on the old server, with credentials for that server),
// while a different spelling of the same URL (`https://h`, `https://h/`, `https://h/api/v2.0`, or the
// URL moved between the resource and stack config) is no change at all. Every other connection field
// (credentials, caCert, insecure, harborVersion) is an in-place update, so that the state stores the
// connection that read and delete will use.
import { configuredUrl, registryHost, sameRegistry, type ConnectionInput } from "./client/connection";
import { storedRegistryUrl, type StoredRegistry } from "./harbor";
import { containsUnknown, isUnknown } from "./model/unknowns";
import { getStackConfig } from "./runtime-config";

export interface ConnectionDiff {
  /** The resource moves to another registry. */
  replace: boolean;
  /** A connection field other than the URL changes (the stored connection must follow). */
  update: boolean;
}

export function diffConnection(
  stored: StoredRegistry,
  news: ConnectionInput | undefined,
  env: NodeJS.ProcessEnv = process.env,
): ConnectionDiff {
  if (isUnknown(news)) return { replace: false, update: true };
  const replace = isUnknown(news?.url) || movesRegistry(stored, configuredUrl(news, getStackConfig(), env));
  const { url: _newUrl, ...rest } = news ?? {};
  const { url: _oldUrl, ...before } = stored.connection ?? {};
  const update = containsUnknown(rest) || JSON.stringify(sorted(rest)) !== JSON.stringify(sorted(before));
  return { replace, update };
}

function movesRegistry(stored: StoredRegistry, target: string | undefined): boolean {
  // No usable URL anywhere: nothing to compare; create/update will say what is missing.
  if (target === undefined) return false;
  const url = storedRegistryUrl(stored);
  return url ? !sameRegistry(url, target) : registryHost(target) !== stored.registry;
}

function sorted(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}
