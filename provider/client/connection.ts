// Where the Harbor connection comes from. Highest precedence first, decided field by field:
// the resource's explicit `connection` argument, stack config (`harbor:*`), the environment (`HARBOR_*`).
import { readFileSync } from "node:fs";
import { HarborSettingsError } from "./errors";

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

/** The per-resource `connection` argument; any field may be left to stack config or the environment. */
export interface ConnectionInput {
  url?: string;
  username?: string;
  password?: string;
  insecure?: boolean | string;
  caCert?: string;
}

/** Stack config, e.g. `new pulumi.Config()` wrapped to take full keys such as `harbor:url`. */
export interface ConfigSource {
  get(key: string): string | undefined;
}

type Field = keyof ConnectionInput;

const SOURCES: Record<Field, { config: string; env: string }> = {
  url: { config: "harbor:url", env: "HARBOR_URL" },
  username: { config: "harbor:username", env: "HARBOR_USERNAME" },
  password: { config: "harbor:password", env: "HARBOR_PASSWORD" },
  insecure: { config: "harbor:insecure", env: "HARBOR_INSECURE" },
  caCert: { config: "harbor:caCert", env: "HARBOR_CA_CERT" },
};

const API_SUFFIX = "/api/v2.0";

/** Resolves every field from the first place that sets it; throws naming each place a missing one can be set. */
export function resolveConnection(
  explicit?: ConnectionInput,
  config?: ConfigSource,
  env: NodeJS.ProcessEnv = process.env,
): ConnectionSettings {
  const pick = (field: Field): { value: string; from: string } | undefined => {
    const fromExplicit = explicit?.[field];
    if (fromExplicit !== undefined && fromExplicit !== "")
      return { value: String(fromExplicit), from: `connection.${field}` };
    const { config: key, env: name } = SOURCES[field];
    const fromConfig = config?.get(key);
    if (fromConfig) return { value: fromConfig, from: `stack config ${key}` };
    const fromEnv = env[name];
    if (fromEnv) return { value: fromEnv, from: `environment ${name}` };
    return undefined;
  };

  const url = pick("url");
  const username = pick("username");
  const password = pick("password");
  const missing = (["url", "username", "password"] as const).filter((f) => !{ url, username, password }[f]);
  if (!url || !username || !password) throw new HarborSettingsError(missingMessage(missing));

  const insecure = pick("insecure");
  const caCert = pick("caCert");
  return {
    url: normalizeUrl(url.value, url.from),
    username: username.value,
    password: password.value,
    insecure: insecure ? parseBool(insecure.value, insecure.from) : false,
    ...(caCert ? { caCert: caCert.value } : {}),
  };
}

function missingMessage(missing: readonly Field[]): string {
  const where = missing.map((f) => {
    const { config, env } = SOURCES[f];
    const secret = f === "password" ? " (use `pulumi config set --secret`)" : "";
    return `${f}: the resource's connection.${f}, stack config ${config}${secret} or environment ${env}`;
  });
  return `Missing Harbor connection setting${missing.length > 1 ? "s" : ""} ${missing.join(", ")}. Set ${where.join("; ")}.`;
}

function parseBool(raw: string, from: string): boolean {
  const v = raw.trim().toLowerCase();
  if (["true", "1", "yes", "on"].includes(v)) return true;
  if (["false", "0", "no", "off"].includes(v)) return false;
  throw new HarborSettingsError(`${from} must be true or false, got "${raw}"`);
}

/**
 * Accepts `https://host`, `https://host/`, `https://host/api/v2.0[/]` (and a path prefix, and http for
 * local use) and returns `scheme://host[:port][/prefix]`. Credentials in the URL are refused, and the URL
 * is then not echoed, since it would print them.
 */
export function normalizeUrl(raw: string, from = "url"): string {
  let u: URL;
  try {
    u = new URL(raw.trim());
  } catch {
    throw new HarborSettingsError(
      `${from} is not a valid URL: "${raw}" (expected e.g. https://harbor.example.com)`,
    );
  }
  if (u.username || u.password) {
    throw new HarborSettingsError(
      `${from} must not contain credentials; set the username and password settings instead`,
    );
  }
  if (u.protocol !== "https:" && u.protocol !== "http:") {
    throw new HarborSettingsError(
      `${from} must start with https:// (or http:// for local use), got "${raw}"`,
    );
  }
  if (u.search || u.hash)
    throw new HarborSettingsError(`${from} must not have a query or fragment, got "${raw}"`);
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

/** The PEM text of `caCert`, read from a file when it is a path. */
export function loadCaBundle(caCert: string): string {
  if (caCert.includes("-----BEGIN")) return caCert;
  let text: string;
  try {
    text = readFileSync(caCert, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? String(e);
    throw new HarborSettingsError(
      `Cannot read the CA bundle "${caCert}" (harbor:caCert / HARBOR_CA_CERT): ${code}`,
    );
  }
  if (!text.includes("-----BEGIN CERTIFICATE-----")) {
    throw new HarborSettingsError(
      `The CA bundle "${caCert}" (harbor:caCert / HARBOR_CA_CERT) has no PEM certificate`,
    );
  }
  return text;
}
