// Where the Harbor connection comes from, and which registry a robot lives on.
//
// Three places can set each field, highest precedence first: the resource's `connection` argument,
// stack config (`harbor:*`), the environment (`HARBOR_*`). The URL is taken from the first place that
// sets it. Credentials and TLS settings are bound to a URL: they are taken only from a place whose
// URL is the same registry as the chosen one, so a resource that points `connection.url` at another
// host never receives the stack's admin password (it must bring its own, or fail clearly).
import { readFileSync } from "node:fs";
import { z } from "zod";
import { HarborSettingsError } from "./errors";
import { redactUrl } from "./redaction";
import { DYNAMIC_SETTING_NAMES, type SettingNames } from "./setting-names";
import { atLeast, HARBOR_VERSION_FORMAT, HARBOR_VERSION_RULE, parseHarborVersion } from "./version";

/** A resolved, validated connection. `url` is normalised: scheme + host[:port] + path prefix, no `/api/v2.0`. */
export interface ConnectionSettings {
  readonly url: string;
  readonly username: string;
  readonly password: string;
  /** Skip TLS certificate verification (self-signed test registries only). */
  readonly insecure: boolean;
  /** CA bundle to trust: PEM text or a path to a PEM file. */
  readonly caCert?: string;
}

const API_SUFFIX = "/api/v2.0";

export { redactUrl };

/**
 * Why `raw` is not a Harbor URL, or undefined when it is one. Never echoes credentials, a query or a
 * fragment (see redactUrl). Shared by `check` (the zod rule below) and the resolution.
 */
export function urlProblem(raw: string): string | undefined {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    return `is not a valid URL: "${redactUrl(raw)}" (expected e.g. https://harbor.example.com)`;
  }
  if (u.protocol !== "https:" && u.protocol !== "http:")
    return `must be an https:// URL (or http:// for local use), got "${redactUrl(raw)}"`;
  if (u.username || u.password)
    return "must not contain credentials; set the username and password settings instead";
  if (u.search || u.hash) return `must not have a query or fragment, got "${redactUrl(raw)}"`;
  return undefined;
}

/** The per-resource `connection` input. The one definition: the SDK types, check and schema.json use it. */
export const connectionInput = z
  .object({
    url: z
      .string()
      .min(1)
      .superRefine((raw, ctx) => {
        const problem = urlProblem(raw);
        if (problem) ctx.addIssue({ code: "custom", message: problem });
      })
      .optional()
      .describe("Harbor URL: https://host, https://host/ or https://host/api/v2.0"),
    username: z
      .string()
      .min(1)
      .optional()
      .describe("A Harbor system administrator (robots cannot update robots)"),
    password: z.string().min(1).optional().describe("The user's password (kept as a Pulumi secret)"),
    insecure: z
      .boolean()
      .optional()
      .describe("Skip TLS certificate verification (self-signed test registries only)"),
    caCert: z.string().optional().describe("PEM text of a CA bundle to trust, or a path to one"),
    harborVersion: z
      .string()
      .regex(HARBOR_VERSION_FORMAT, HARBOR_VERSION_RULE)
      .refine((raw) => atLeast(parseHarborVersion(raw), 2, 2), {
        message: "must be 2.2 or later (the /robots API this provider uses appeared in Harbor 2.2)",
      })
      .optional()
      .describe("The Harbor release to validate against at preview (default 2.15)"),
  })
  .strict();

/** The per-resource `connection` argument; fields left out may come from stack config or the environment. */
export type ConnectionInput = z.infer<typeof connectionInput>;

/** Stack config, e.g. `new pulumi.Config()` wrapped to take full keys such as `harbor:url`. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

type Field = "url" | "username" | "password" | "insecure" | "caCert";
/** The fields that belong to a URL: they are never taken from a place bound to another registry. */
type BoundField = Exclude<Field, "url">;

const SOURCES: Record<Field, { config: string; env: string }> = {
  url: { config: "harbor:url", env: "HARBOR_URL" },
  username: { config: "harbor:username", env: "HARBOR_USERNAME" },
  password: { config: "harbor:password", env: "HARBOR_PASSWORD" },
  insecure: { config: "harbor:insecure", env: "HARBOR_INSECURE" },
  caCert: { config: "harbor:caCert", env: "HARBOR_CA_CERT" },
};

/** One place that can set connection fields. */
interface Layer {
  /** How a field of this place is named in messages, e.g. `stack config harbor:url` (SettingNames.place). */
  where(field: Field): string;
  values: Partial<Record<Field, string>>;
  /** The URL its credentials belong to (its own, else the one of the place named in `boundTo`). */
  boundUrl?: { value: string; from: string };
}

function layers(
  explicit: Partial<ConnectionInput> | undefined,
  config: ConfigSource | undefined,
  env: NodeJS.ProcessEnv,
  names: SettingNames,
): [Layer, Layer, Layer] {
  const set = (v: unknown) => (v === undefined || v === null || v === "" ? undefined : String(v));
  const fill = (get: (f: Field) => unknown) =>
    Object.fromEntries(
      (Object.keys(SOURCES) as Field[]).flatMap((f) => {
        const v = set(get(f));
        return v === undefined ? [] : [[f, v]];
      }),
    ) as Partial<Record<Field, string>>;
  const resource: Layer = {
    where: (f) => `connection.${f}`,
    values: fill((f) => explicit?.[f]),
  };
  const stack: Layer = {
    where: (f) => names.place(f),
    values: fill((f) => config?.get(SOURCES[f].config)),
  };
  const environment: Layer = {
    where: (f) => `environment ${SOURCES[f].env}`,
    values: fill((f) => env[SOURCES[f].env]),
  };
  const own = (l: Layer) => (l.values.url ? { value: l.values.url, from: l.where("url") } : undefined);
  // A place without a URL of its own lends its credentials to the stack's URL: the resource to
  // config's or the environment's, config to the environment's and the environment to config's
  // (the usual CI split: harbor:url in config, HARBOR_PASSWORD in the environment).
  resource.boundUrl = own(resource) ?? own(stack) ?? own(environment);
  stack.boundUrl = own(stack) ?? own(environment);
  environment.boundUrl = own(environment) ?? own(stack);
  return [resource, stack, environment];
}

/**
 * The identity of a registry, for robots and settings: host[:port] and path prefix. The scheme is left
 * out (`http://h` and `https://h` are one server: its robot ids, its settings), and so is every
 * spelling difference (`https://h`, `https://h/`, `https://h/api/v2.0`, `https://H:443`, `https://h.`).
 * Credentials are bound more tightly: to the scheme too (sameEndpoint). Undefined when not valid.
 */
export function registryKey(url: string | undefined): string | undefined {
  if (url === undefined || urlProblem(url) !== undefined) return undefined;
  const u = new URL(normalizeUrl(url));
  return `${u.host}${u.pathname.replace(/\/+$/, "")}`;
}

/** The same server (registryKey): what a robot's or a setting's identity is bound to. */
export function sameRegistry(a: string | undefined, b: string | undefined): boolean {
  const ka = registryKey(a);
  return ka !== undefined && ka === registryKey(b);
}

/**
 * The same scheme, host[:port] and path prefix, however spelled: where credentials may be sent. A
 * password configured for `https://h` is never sent to `http://h` (in clear text), nor one configured
 * for `http://h` to `https://h` (it may be another service on another port).
 */
export function sameEndpoint(a: string | undefined, b: string | undefined): boolean {
  if (a === undefined || b === undefined || urlProblem(a) || urlProblem(b)) return false;
  return normalizeUrl(a) === normalizeUrl(b);
}

export interface ResolveOptions {
  /**
   * The registry an existing robot lives on (its stored URL). The connection then targets it: the
   * configured URL is used when it is the same endpoint (or, per `schemeChange`, the same server under
   * another scheme), and credentials are taken only from places bound to the URL used; a configured
   * URL for another registry is never used.
   */
  registry?: string;
  /**
   * Whether a configured URL for the stored registry's server under another scheme is followed:
   * "any" for an update, whose preview showed the change (it then records the new URL); "upgrade"
   * (the default) for refresh and delete, which follow http → https only, so that no request is
   * downgraded to clear text without a preview having said so.
   */
  schemeChange?: "any" | "upgrade";
  /**
   * Leave these fields of the explicit connection out: its credentials were rejected, or its CA no
   * longer verifies Harbor's certificate (stored with the resource, they may be stale); try the
   * stack's for the same registry.
   */
  skipExplicit?: readonly ("credentials" | "tls")[];
  /** How messages name a setting (the provider context's); default: the dynamic provider's. */
  names?: SettingNames;
}

/** Whether a configured URL replaces the stored registry's URL (see ResolveOptions.schemeChange). */
function followsConfigured(configured: string | undefined, stored: string, opts: ResolveOptions): boolean {
  if (!sameRegistry(configured, stored)) return false;
  if (sameEndpoint(configured, stored)) return true;
  return opts.schemeChange === "any" || new URL(configured!.trim()).protocol === "https:";
}

/**
 * The normalised URL a connection targets, by the same precedence as resolveConnection, without
 * needing credentials (diff at preview); undefined when no place sets a valid one.
 */
export function configuredUrl(
  explicit: Partial<ConnectionInput> | undefined,
  config: ConfigSource | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  const raw = layers(explicit, config, env, DYNAMIC_SETTING_NAMES).find((l) => l.values.url)?.values.url;
  return raw === undefined || urlProblem(raw) ? undefined : normalizeUrl(raw);
}

/** Resolves the connection; throws naming each place a missing or unusable setting can be set. */
export function resolveConnection(
  explicit?: Partial<ConnectionInput>,
  config?: ConfigSource,
  env: NodeJS.ProcessEnv = process.env,
  opts: ResolveOptions = {},
): ConnectionSettings {
  const names = opts.names ?? DYNAMIC_SETTING_NAMES;
  const all = layers(explicit, config, env, names);
  const chosen = all.find((l) => l.values.url);
  const configured = chosen && { value: chosen.values.url!, from: chosen.where("url") };
  let url = configured;
  if (opts.registry !== undefined && !followsConfigured(configured?.value, opts.registry, opts))
    url = { value: opts.registry, from: "the robot's stored registry" };
  if (!url) {
    const missing: Field[] = ["url"];
    for (const f of ["username", "password"] as const) if (!all.some((l) => l.values[f])) missing.push(f);
    throw new HarborSettingsError(missingMessage(missing, names));
  }
  const target = normalizeUrl(url.value, url.from);

  // Credentials go only to the endpoint they were configured for (scheme included).
  const usable = all.filter((l) => sameEndpoint(l.boundUrl?.value, target));
  const stale = new Set<BoundField>(
    (opts.skipExplicit ?? []).flatMap((k) =>
      k === "credentials" ? (["username", "password"] as const) : (["caCert", "insecure"] as const),
    ),
  );
  const pick = (f: BoundField) => {
    // Only the stale fields of the explicit connection are skipped; its other fields still apply.
    const skip = (l: Layer) => l === all[0] && stale.has(f);
    const layer = usable.find((l) => l.values[f] && !skip(l));
    return layer && { value: layer.values[f]!, from: layer.where(f) };
  };
  const username = pick("username");
  const password = pick("password");
  if (!username || !password) {
    const missing = [username ? undefined : "username", password ? undefined : "password"].filter(
      (f): f is Field => f !== undefined,
    );
    const elsewhere = all.filter((l) => !usable.includes(l) && missing.some((f) => l.values[f]));
    if (!elsewhere.length) throw new HarborSettingsError(missingMessage(missing, names));
    throw new HarborSettingsError(
      unboundMessage(target, url.from, missing, elsewhere, names),
      missing.map((f) => `connection.${f}`),
    );
  }
  const insecure = pick("insecure");
  const caCert = pick("caCert");
  return {
    url: target,
    username: username.value,
    password: password.value,
    insecure: insecure ? parseBool(insecure.value, insecure.from) : false,
    ...(caCert ? { caCert: caCert.value } : {}),
  };
}

function missingMessage(missing: readonly Field[], names: SettingNames): string {
  const where = missing.map((f) => {
    const secret = f === "password" ? " (use `pulumi config set --secret`)" : "";
    return `${f}: the resource's connection.${f}, ${names.place(f)}${secret} or environment ${SOURCES[f].env}`;
  });
  return `Missing Harbor connection setting${missing.length > 1 ? "s" : ""} ${missing.join(", ")}. Set ${where.join("; ")}.`;
}

// Credentials exist, but for another registry (or for none named): say which, and never send them.
function unboundMessage(
  target: string,
  from: string,
  missing: Field[],
  elsewhere: Layer[],
  names: SettingNames,
): string {
  const theirs = elsewhere
    .map((l) => {
      const fields = missing.map((f) => l.where(f)).join(" and ");
      if (!l.boundUrl)
        return `${fields} are set with no URL in stack config or the environment, so they belong to no registry`;
      const theirs = redactUrl(l.boundUrl.value);
      return sameRegistry(l.boundUrl.value, target)
        ? `${fields} belong to ${theirs}: the same server under another scheme, and credentials go only to the scheme they are set for`
        : `${fields} belong to ${theirs}, another registry`;
    })
    .join("; ");
  return (
    `No ${missing.join(" or ")} for ${target} (from ${from}): ${theirs}, so they are not sent to ${target}. ` +
    `Set ${missing.map((f) => `connection.${f}`).join(" and ")} on the resource for ${target}, ` +
    `or point ${names.place("url")} (or HARBOR_URL) at it.`
  );
}

/** "true"/"false" (also 1/0, yes/no, on/off) from a setting; throws naming the setting otherwise. */
export function parseBool(raw: string, from: string): boolean {
  const v = raw.trim().toLowerCase();
  if (["true", "1", "yes", "on"].includes(v)) return true;
  if (["false", "0", "no", "off"].includes(v)) return false;
  throw new HarborSettingsError(`${from} must be true or false, got "${raw}"`);
}

/**
 * Accepts `https://host`, `https://host/`, `https://host/api/v2.0[/]` (and a path prefix, and http for
 * local use) and returns `scheme://host[:port][/prefix]`. Credentials in the URL are refused and never
 * echoed. A trailing dot of the host (`harbor.example.com.`, the DNS root) is dropped: the same name,
 * and the spelling certificates, SNI and virtual hosts are written for.
 */
export function normalizeUrl(raw: string, from = "url"): string {
  const problem = urlProblem(raw);
  if (problem) throw new HarborSettingsError(`${from} ${problem}`);
  const u = new URL(raw.trim());
  if (u.hostname.endsWith(".") && !u.hostname.endsWith("..")) u.hostname = u.hostname.slice(0, -1);
  let path = u.pathname.replace(/\/+$/, "");
  if (path.endsWith(API_SUFFIX)) path = path.slice(0, -API_SUFFIX.length);
  return `${u.protocol}//${u.host}${path}`;
}

/** Origin and path prefix of the v2.0 API for a normalised URL, e.g. `/api/v2.0` or `/harbor/api/v2.0`. */
export function apiEndpoint(url: string): { origin: string; basePath: string } {
  const u = new URL(normalizeUrl(url));
  return { origin: u.origin, basePath: `${u.pathname.replace(/\/+$/, "")}${API_SUFFIX}` };
}

/** host[:port] of the registry (default ports omitted), the key of a docker config `auths` entry. */
export function registryHost(url: string): string {
  return new URL(normalizeUrl(url)).host;
}

/**
 * Whether `url` is on `host` (host[:port], as states written before registryUrl recorded it, when a
 * trailing dot of the host was still kept).
 */
export function onHost(url: string, host: string | undefined): boolean {
  return host !== undefined && registryHost(url) === host.replace(/\.(?=(:\d+)?$)/, "");
}

/**
 * True when requests to `url` travel in clear text over the network: http:// to anything but this
 * machine's loopback (localhost, 127.0.0.0/8, ::1), where nothing leaves the host.
 */
export function sendsCleartext(url: string): boolean {
  const u = new URL(normalizeUrl(url));
  if (u.protocol !== "http:") return false;
  const host = u.hostname.replace(/^\[|\]$/g, "");
  return !(host === "localhost" || host.endsWith(".localhost") || /^127\./.test(host) || host === "::1");
}

/** The PEM text of `caCert`, read from a file when it is a path. */
export function loadCaBundle(caCert: string, names: SettingNames = DYNAMIC_SETTING_NAMES): string {
  if (caCert.includes("-----BEGIN")) return caCert;
  let text: string;
  try {
    text = readFileSync(caCert, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new HarborSettingsError(
      `Cannot read the CA bundle "${caCert}" (${names.key("caCert")} / HARBOR_CA_CERT): ${code}`,
    );
  }
  if (!text.includes("-----BEGIN CERTIFICATE-----")) {
    throw new HarborSettingsError(
      `The CA bundle "${caCert}" (${names.key("caCert")} / HARBOR_CA_CERT) has no PEM certificate`,
    );
  }
  return text;
}
