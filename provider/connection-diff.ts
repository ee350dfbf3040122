// diff's view of a resource's connection, offline. The registry is the resource's identity: another
// server is a replace (the old robot is deleted on the old server, with credentials for that server),
// while a different spelling of the same URL (`https://h`, `https://h/`, `https://h/api/v2.0`,
// `https://h.`, or the URL moved between the resource and stack config) is no change at all. The same
// server under another scheme (`https://h` → `http://h`) is an update that records the new URL, with a
// note: read and delete keep using the stored scheme until then, so a downgrade to clear text always
// shows at preview. Every other connection field (credentials, caCert, insecure, harborVersion) is an
// in-place update, so that the state stores the connection that read and delete will use.
import {
  configuredUrl,
  onHost,
  sameEndpoint,
  sameRegistry,
  sendsCleartext,
  type ConnectionInput,
} from "./client/connection";
import { storedRegistryUrl, type StoredRegistry } from "./harbor";
import { containsUnknown, isUnknown } from "./model/unknowns";
import type { RuntimeSettings } from "./runtime-config";

export interface ConnectionDiff {
  /** The resource moves to another registry. */
  replace: boolean;
  /** A connection field other than the URL changes, or the URL's scheme (the stored URL must follow). */
  update: boolean;
  /** The same server under another scheme: the stored URL and the configured one. */
  schemeChange?: { from: string; to: string };
}

export function diffConnection(
  settings: RuntimeSettings,
  stored: StoredRegistry,
  news: ConnectionInput | undefined,
): ConnectionDiff {
  if (isUnknown(news)) return { replace: false, update: true };
  const target = configuredUrl(news, settings.stackConfig, settings.env);
  const replace = isUnknown(news?.url) || movesRegistry(stored, target);
  const storedUrl = storedRegistryUrl(stored);
  const schemeChange =
    !replace && target !== undefined && storedUrl !== undefined && !sameEndpoint(storedUrl, target)
      ? { from: storedUrl, to: target }
      : undefined;
  const { url: _newUrl, ...rest } = news ?? {};
  const { url: _oldUrl, ...before } = stored.connection ?? {};
  const fields = containsUnknown(rest) || JSON.stringify(sorted(rest)) !== JSON.stringify(sorted(before));
  return { replace, update: fields || schemeChange !== undefined, ...(schemeChange ? { schemeChange } : {}) };
}

/** The preview's words for a scheme change of `subject` (e.g. `robot robot$ci`). */
export function schemeChangeNote(subject: string, change: { from: string; to: string }): string {
  const head = `${subject}: its registry URL changes from ${change.from} to ${change.to} (the same server under another scheme).`;
  if (new URL(change.to).protocol === "https:")
    return `${head} \`pulumi up\` records the new URL; refresh and delete use it already.`;
  const clear = sendsCleartext(change.to)
    ? " Over http:// the password and every robot secret travel in clear text: keep https:// unless this is meant."
    : "";
  return `${head} \`pulumi up\` records the new URL; until then refresh and delete keep using ${change.from}.${clear}`;
}

function movesRegistry(stored: StoredRegistry, target: string | undefined): boolean {
  // No usable URL anywhere: nothing to compare; create/update will say what is missing.
  if (target === undefined) return false;
  const url = storedRegistryUrl(stored);
  return url ? !sameRegistry(url, target) : !onHost(target, stored.registry);
}

function sorted(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(o)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b)),
  );
}
