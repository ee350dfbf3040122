// The Harbor client for a resource. A new resource goes where its connection (else stack config,
// else the environment) points; an existing one is bound to the registry stored with it, and is never
// looked for anywhere else (the same robot id on another Harbor is a stranger).
import {
  normalizeUrl,
  onHost,
  registryHost,
  resolveConnection,
  type ConnectionInput,
  type ConnectionSettings,
  type ResolveOptions,
} from "./client/connection";
import { hasCode, isUnauthorized } from "./client/errors";
import type { CachingHarborClient } from "./client/caching-client";
import type { SettingNames } from "./client/setting-names";
import { isTlsFailure } from "./client/http";
import { cleartextWarning } from "./cleartext";
import type { ProviderContext } from "./context";

export interface HarborTarget {
  client: CachingHarborClient;
  /** host[:port], e.g. for a docker config's "auths". */
  registry: string;
  /** The normalized URL (scheme, host[:port], path prefix): the registry a resource is bound to. */
  registryUrl: string;
}

/**
 * Where a stored resource lives. `registryUrl` is absent in states written before it was recorded;
 * those have `registry` (host[:port]), which RobotAccount states no longer write (derivable).
 */
export interface StoredRegistry {
  registry?: string;
  registryUrl?: string;
  connection?: ConnectionInput;
}

function targetOf(ctx: ProviderContext, settings: ConnectionSettings): HarborTarget {
  const cleartext = cleartextWarning(
    settings.url,
    `the password of '${settings.username}' and every robot secret travel`,
  );
  const warned = ctx.memory.cleartextWarned;
  if (cleartext && !warned.has(settings.url)) {
    warned.add(settings.url);
    ctx.warnings.warn(cleartext);
  }
  return {
    client: ctx.clients.clientFor(settings),
    registry: registryHost(settings.url),
    registryUrl: settings.url,
  };
}

/** The connection of a resource to be created: its own, else stack config, else the environment. */
export function harborFor(ctx: ProviderContext, connection: ConnectionInput | undefined): HarborTarget {
  return targetOf(
    ctx,
    resolveConnection(connection, ctx.settings.stackConfig, ctx.settings.env, { names: ctx.settings.names }),
  );
}

/** The URL a stored resource was bound to (older states: its connection's URL, if it had one). */
export function storedRegistryUrl(stored: StoredRegistry): string | undefined {
  if (stored.registryUrl) return stored.registryUrl;
  return stored.connection?.url ? normalizeUrl(stored.connection.url) : undefined;
}

const UNREACHABLE = "HARBOR_ERR_REGISTRY_UNREACHABLE";

/** A resource that cannot be reached on its own registry: the reason, for the caller's message. */
export class RegistryUnreachableError extends Error {
  readonly code = UNREACHABLE;
  constructor(
    readonly registry: string,
    reason: string,
  ) {
    super(reason);
    this.name = "RegistryUnreachableError";
  }
}

export function isRegistryUnreachable(e: unknown): e is RegistryUnreachableError {
  return hasCode(e, UNREACHABLE);
}

/** How to get rid of a stored resource whose registry cannot be reached with the current settings. */
export function unreachableAdvice(e: RegistryUnreachableError, names: SettingNames): string {
  return (
    `Nothing was done anywhere else. To finish, run once with credentials for ${e.registry}: keep the new ` +
    `registry in ${names.place("url")} (it wins over the environment) and set HARBOR_URL=${e.registry} ` +
    `HARBOR_USERNAME=… HARBOR_PASSWORD=… in the environment for that run; or, to stop managing it and leave ` +
    `that Harbor as it is, remove it from the state with ` +
    "`pulumi state delete <URN>` (`pulumi stack --show-urns` lists the URNs)."
  );
}

/**
 * The connection to the registry a stored resource lives on, with `connection` (the new inputs for an
 * update, the stored ones for read and delete) and stack config / environment credentials bound to
 * that registry's URL. The configured URL of the same server under another scheme is followed by an
 * update (the default: its preview showed the change, and the state records the new URL), by read
 * and delete only from http to https (`schemeChange: "upgrade"`). Throws RegistryUnreachableError
 * when no credentials for it are configured.
 */
export function harborAt(
  ctx: ProviderContext,
  stored: StoredRegistry,
  connection: ConnectionInput | undefined,
  opts: Pick<ResolveOptions, "skipExplicit" | "schemeChange"> = {},
): HarborTarget {
  const registryUrl = storedRegistryUrl(stored);
  let settings: ConnectionSettings;
  try {
    settings = resolveConnection(connection, ctx.settings.stackConfig, ctx.settings.env, {
      ...(registryUrl ? { registry: registryUrl } : {}),
      schemeChange: "any",
      names: ctx.settings.names,
      ...opts,
    });
  } catch (e) {
    throw new RegistryUnreachableError(registryUrl ?? stored.registry ?? "", (e as Error).message);
  }
  // A state from before registryUrl was stored knows only host[:port]: the configured URL must match it.
  if (!registryUrl && !onHost(settings.url, stored.registry)) {
    throw new RegistryUnreachableError(
      stored.registry ?? "",
      `the connection now points at ${settings.url}, not at ${stored.registry} where it was created`,
    );
  }
  return targetOf(ctx, settings);
}

/**
 * Runs `act` against the stored resource's registry. The connection stored with a resource may be
 * stale by the time of a refresh or a delete (Pulumi hands those only the stored state): when its
 * credentials are rejected (401, a rotated password) or its CA no longer verifies Harbor's
 * certificate, it tries once more with the stack config / environment values for the same registry,
 * if there are any.
 */
export async function withStoredConnection<T>(
  ctx: ProviderContext,
  stored: StoredRegistry,
  act: (target: HarborTarget) => Promise<T>,
): Promise<T> {
  // Refresh and delete never follow a configured http:// URL away from a stored https:// one: only an
  // update, which the preview announced, moves a resource to clear text.
  const first = harborAt(ctx, stored, stored.connection, { schemeChange: "upgrade" });
  try {
    return await act(first);
  } catch (e) {
    const own = stored.connection ?? {};
    const stale =
      isUnauthorized(e) && (own.username || own.password)
        ? "credentials"
        : isTlsFailure(e) && (own.caCert || own.insecure !== undefined)
          ? "tls"
          : undefined;
    if (!stale) throw e;
    let fresh: HarborTarget;
    try {
      fresh = harborAt(ctx, stored, stored.connection, { skipExplicit: [stale], schemeChange: "upgrade" });
    } catch {
      throw e; // nothing else configured for this registry: the first answer stands
    }
    if (fresh.client === first.client) throw e;
    return act(fresh);
  }
}
