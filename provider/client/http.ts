// The HTTP layer: one keep-alive undici dispatcher per Harbor, authentication (a Harbor session from
// session.ts, else Basic), timeouts, retries, and the mapping of every failure to a typed error. It
// keeps no cookie jar: Harbor answers every request with a `sid` cookie, and a request that carries
// one is subject to CSRF checks; only the session's own cookies are sent, with the CSRF token.
// undici's `request` never stores or sends cookies on its own.
import { randomUUID } from "node:crypto";
import type { Dispatcher } from "undici";
import { apiEndpoint, loadCaBundle, type ConnectionSettings } from "./connection";
import { DYNAMIC_SETTING_NAMES, type SettingNames } from "./setting-names";
import {
  ERROR_CODES,
  hasCode,
  HarborApiError,
  HarborConnectionError,
  HarborSettingsError,
  OutcomeUnknownError,
  type ApiFailure,
  type NetworkFailure,
  type RequestContext,
} from "./errors";
import { Redactor } from "./redaction";
import {
  DEFAULT_RETRY_POLICY,
  parseRetryAfter,
  retryBaseDelayMs,
  withRetries,
  type RetryPolicy,
} from "./retry";
import { Errors } from "./schemas";
import { DEFAULT_LOGIN_LOCK_WAIT_MS, HarborSession, type RequestAuth } from "./session";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface TransportOptions {
  /** Limit for connecting, for the response headers, and for each gap in the body. Default 30 s. */
  timeoutMs?: number;
  /** Extra attempts for retryable failures (see retry.ts). Default DEFAULT_RETRY_POLICY.retries (6). */
  retries?: number;
  /** First backoff delay, doubled per retry, full jitter. Default 500 ms. */
  retryBaseDelayMs?: number;
  /** Cap of one backoff delay. Default 10 s. */
  retryMaxDelayMs?: number;
  /** Longest Retry-After we are willing to wait for. Default 60 s. */
  maxRetryAfterMs?: number;
  /** Keep-alive connections in the pool. Default 8. */
  connections?: number;
  /** Use this dispatcher instead of our own (tests pass an undici MockAgent). Not closed by the transport. */
  dispatcher?: Dispatcher;
  /**
   * Log in once and send the session instead of Basic credentials (default true): Harbor then
   * checks the password once, not on every request. See session.ts for when Basic is used anyway.
   */
  session?: boolean;
  /**
   * How long a login that Harbor's user lock refused (another client's wrong password for the same
   * user) waits before it is made again. Default DEFAULT_LOGIN_LOCK_WAIT_MS (1.6 s: the lock's 1.5 s
   * and a margin); tests against an emulator without the lock shorten it.
   */
  loginLockWaitMs?: number;
  /** How messages name a setting (a provider context's); default: the dynamic provider's. */
  names?: SettingNames;
}

export interface ApiRequest {
  method: HttpMethod;
  /** Path below `/api/v2.0`, e.g. `/robots/5`. */
  path: string;
  query?: Record<string, string | number | undefined>;
  /** Serialised as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  body: string;
  header(name: string): string | undefined;
  /** For errors raised while decoding the body. */
  context: RequestContext;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const USER_AGENT = "pulumi-harbor-robots";

/**
 * undici is loaded with the first client, not with the package: a provider process that only checks
 * and diffs (a preview) never sends a request, and loading undici cost it ~50 ms of CPU.
 */
function newAgent(connections: number, timeoutMs: number, tls: object): Dispatcher {
  const { EnvHttpProxyAgent } = require("undici") as typeof import("undici");
  return new EnvHttpProxyAgent({ connections, connect: { timeout: timeoutMs, ...tls }, requestTls: tls });
}

export class HarborTransport {
  /** Requests to the API actually sent (each retry counts), for tests and benchmarks. */
  requestCount = 0;
  /**
   * Harbor's clock minus ours, in ms, from the Date header of the latest answer (undefined before
   * one): lets callers compare Harbor's timestamps (creation_time) with moments we measured. Date has
   * whole seconds, so the value is within about ±0.5 s plus the answer's transit time.
   */
  clockOffsetMs: number | undefined;
  readonly baseUrl: string;
  readonly username: string;
  // ES private fields: util.inspect and JSON.stringify do not show them, so logging the client leaks
  // nothing (the dispatcher may hold in-flight request headers, hence private too).
  readonly #authorization: string;
  /** Every credential this transport sends, in every form: messages are scrubbed of them. */
  readonly #redactor = new Redactor();
  readonly #origin: string;
  readonly #basePath: string;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #timeoutMs: number;
  readonly #policy: RetryPolicy;
  readonly #session: HarborSession | undefined;
  readonly #names: SettingNames;

  constructor(settings: ConnectionSettings, options: TransportOptions = {}) {
    ({ origin: this.#origin, basePath: this.#basePath } = apiEndpoint(settings.url));
    this.baseUrl = settings.url;
    this.username = settings.username;
    this.#authorization = this.#redactor.basicAuthorization(settings.username, settings.password);
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.#names = options.names ?? DYNAMIC_SETTING_NAMES;
    this.#policy = {
      retries: options.retries ?? DEFAULT_RETRY_POLICY.retries,
      baseDelayMs: options.retryBaseDelayMs ?? envDelay() ?? DEFAULT_RETRY_POLICY.baseDelayMs,
      maxDelayMs: options.retryMaxDelayMs ?? DEFAULT_RETRY_POLICY.maxDelayMs,
      maxRetryAfterMs: options.maxRetryAfterMs ?? DEFAULT_RETRY_POLICY.maxRetryAfterMs,
    };
    this.#ownsDispatcher = options.dispatcher === undefined;
    // EnvHttpProxyAgent: HTTPS_PROXY / HTTP_PROXY / NO_PROXY (any case) as users expect of a CLI tool,
    // else a plain keep-alive pool per origin. Harbor's TLS settings go to both paths: `connect` when
    // connecting directly, `requestTls` for the TLS session tunnelled through a proxy.
    const tls = {
      rejectUnauthorized: !settings.insecure,
      ...(settings.caCert ? { ca: loadCaBundle(settings.caCert, this.#names) } : {}),
    };
    this.#dispatcher = options.dispatcher ?? newAgent(options.connections ?? 8, this.#timeoutMs, tls);
    this.#session =
      options.session === false
        ? undefined
        : new HarborSession({
            origin: this.#origin,
            prefix: this.#basePath.replace(/\/api\/v2\.0$/, ""),
            username: settings.username,
            password: settings.password,
            dispatcher: this.#dispatcher,
            timeoutMs: this.#timeoutMs,
            headers: { "user-agent": USER_AGENT },
            redactor: this.#redactor,
            lockWaitMs: options.loginLockWaitMs ?? DEFAULT_LOGIN_LOCK_WAIT_MS,
          });
  }

  /** Logins to Harbor's session so far (0 when every request used Basic). */
  get loginCount(): number {
    return this.#session?.logins ?? 0;
  }

  /** Sends `req`, retrying what is safe to retry; resolves with a 2xx response or throws a typed error. */
  send(req: ApiRequest): Promise<ApiResponse> {
    // One id for all attempts of a logical request, so Harbor's logs show them together.
    const requestId = randomUUID();
    return withRetries(req.method, this.#policy, () => this.#authenticated(req, requestId));
  }

  /**
   * One attempt of `req`, with the session when there is one. A session Harbor refuses (expired, a
   * stale CSRF cookie) is replaced and the request sent again, at most twice (the last time with
   * Basic when sessions turned out not to work): Harbor refuses those before doing anything.
   */
  async #authenticated(req: ApiRequest, requestId: string): Promise<ApiResponse> {
    for (let attempt = 0; ; attempt++) {
      const auth: RequestAuth = this.#session ? await this.#session.auth() : { kind: "basic" };
      const csrfCookieSent = auth.kind === "session" ? auth.session.csrfCookie : undefined;
      try {
        return await this.#once(req, requestId, auth);
      } catch (e) {
        if (attempt < 2 && this.#session?.refused(auth, e, csrfCookieSent)) continue;
        throw e;
      }
    }
  }

  async close(): Promise<void> {
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  /**
   * The same Harbor over the same connections, with other credentials (a robot proving its secret):
   * requests can only go to this transport's origin, so those credentials reach no other host. The
   * pool stays this transport's (closing the result does not close it).
   */
  as(username: string, password: string, retries = this.#policy.retries): HarborTransport {
    // Basic, never a session: a robot has none, and a secret check must check the secret itself.
    return new HarborTransport(
      { url: this.baseUrl, username, password, insecure: false },
      {
        timeoutMs: this.#timeoutMs,
        retries,
        retryBaseDelayMs: this.#policy.baseDelayMs,
        retryMaxDelayMs: this.#policy.maxDelayMs,
        maxRetryAfterMs: this.#policy.maxRetryAfterMs,
        dispatcher: this.#dispatcher,
        session: false,
        names: this.#names,
      },
    );
  }

  #noteClock(date: string | undefined): void {
    const at = date ? Date.parse(date) : Number.NaN;
    // +500: the server's time was somewhere within the second the header names.
    if (!Number.isNaN(at)) this.clockOffsetMs = at + 500 - Date.now();
  }

  async #once(req: ApiRequest, requestId: string, auth: RequestAuth): Promise<ApiResponse> {
    const path = this.#basePath + req.path;
    const ctx: RequestContext = {
      method: req.method,
      path,
      requestId,
      baseUrl: this.baseUrl,
      username: this.username,
      redactor: this.#redactor,
      names: this.#names,
    };
    for (const secret of bodySecrets(req.body)) this.#redactor.secret(secret);
    const headers: Record<string, string> = {
      ...(auth.kind === "basic"
        ? { authorization: this.#authorization }
        : this.#session?.headers(auth, req.method)),
      accept: "application/json",
      "user-agent": USER_AGENT,
      "x-request-id": requestId,
      ...(req.body === undefined ? {} : { "content-type": "application/json" }),
      ...req.headers,
    };
    this.requestCount++;
    let res: Dispatcher.ResponseData;
    let body: string;
    try {
      res = await this.#dispatcher.request({
        origin: this.#origin,
        path: path + queryString(req.query),
        method: req.method,
        headers,
        body: req.body === undefined ? undefined : JSON.stringify(req.body),
        headersTimeout: this.#timeoutMs,
        bodyTimeout: this.#timeoutMs,
      });
      body = await res.body.text();
    } catch (e) {
      const error = new HarborConnectionError(ctx, classifyNetworkError(e, this.#timeoutMs, this.#names), e);
      if (req.method === "POST" && error.maybeSent) throw new OutcomeUnknownError(ctx, error);
      throw error;
    }

    const header = (name: string) => firstHeader(res.headers[name]);
    this.#session?.observe(auth, res.statusCode, (name) => res.headers[name]);
    this.#noteClock(header("date"));
    const answered: RequestContext = { ...ctx, requestId: header("x-request-id") || requestId };
    if (res.statusCode >= 200 && res.statusCode < 300) {
      return { status: res.statusCode, body, header, context: answered };
    }
    const error = new HarborApiError(
      answered,
      apiFailure(res.statusCode, this.#redactor.scrub(body), header),
    );
    // Harbor (or a proxy) may have created the object before failing: the caller must look it up.
    if (req.method === "POST" && res.statusCode >= 500) throw new OutcomeUnknownError(answered, error);
    throw error;
  }
}

/**
 * HARBOR_RETRY_BASE_DELAY_MS: a shorter first backoff (tests against a faulty emulator, a fast LAN).
 * A value that is not a whole number ≥ 0 fails here, before any request (and check reports it at
 * preview), rather than being ignored for the default.
 */
function envDelay(): number | undefined {
  const raw = process.env.HARBOR_RETRY_BASE_DELAY_MS;
  if (raw === undefined || raw.trim() === "") return undefined;
  const parsed = retryBaseDelayMs.safeParse(Number(raw));
  if (parsed.success) return parsed.data;
  const rule = parsed.error.issues[0]?.message;
  throw new HarborSettingsError(`environment HARBOR_RETRY_BASE_DELAY_MS ${rule}, got ${JSON.stringify(raw)}`);
}

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function queryString(query: ApiRequest["query"]): string {
  if (!query) return "";
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined) params.append(key, String(value));
  return params.size ? `?${params.toString()}` : "";
}

/** A robot secret we send (PATCH, PUT) must not come back in a message either: it is registered. */
function bodySecrets(body: unknown): string[] {
  const secret = (body as { secret?: unknown } | undefined)?.secret;
  return typeof secret === "string" ? [secret] : [];
}

/**
 * Decodes Harbor's `{"errors":[…]}`; falls back to a short plain-text body (never an HTML error page).
 * `body` comes scrubbed: cutting it short first could leave the start of a credential.
 */
function apiFailure(status: number, body: string, header: (name: string) => string | undefined): ApiFailure {
  const failure: ApiFailure = {
    status,
    retryAfterMs: status === 429 ? parseRetryAfter(header("retry-after")) : undefined,
    location: header("location"),
  };
  try {
    const errors = Errors.parse(JSON.parse(body)).errors;
    if (errors.length) {
      failure.code = errors[0]?.code;
      failure.message =
        errors
          .map((e) => e.message ?? "")
          .filter(Boolean)
          .join("; ") || undefined;
      return failure;
    }
  } catch {
    // Not Harbor's error shape; see below.
  }
  const text = body.trim();
  if (text && !text.startsWith("<")) failure.message = text.length > 200 ? `${text.slice(0, 200)}…` : text;
  return failure;
}

const TLS_CODE = /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ERR_TLS|ERR_SSL|EPROTO/;

/** The request failed on Harbor's certificate (untrusted, expired, wrong host): a CA/insecure matter. */
export function isTlsFailure(e: unknown): boolean {
  const network = (e as { code?: unknown; networkCode?: unknown } | null)?.networkCode;
  return hasCode(e, ERROR_CODES.connection) && TLS_CODE.test(String(network));
}
const tlsHint = (names: SettingNames) =>
  `trust Harbor's CA with ${names.key("caCert")} / HARBOR_CA_CERT (PEM text or file), or set ${names.key("insecure")} / ` +
  "HARBOR_INSECURE to true for a self-signed test registry";

/** Whether a transport error can be retried, and whether the request may have reached Harbor. */
export function classifyNetworkError(
  e: unknown,
  timeoutMs: number,
  names: SettingNames = DYNAMIC_SETTING_NAMES,
): NetworkFailure {
  const code = String((e as { code?: unknown })?.code ?? "UNKNOWN");
  const notSent = (what: string, transient: boolean, hint?: string): NetworkFailure => ({
    code,
    what,
    hint,
    maybeSent: false,
    transient,
  });
  const maybeSent = (what: string): NetworkFailure => ({ code, what, maybeSent: true, transient: true });
  switch (code) {
    case "ECONNREFUSED":
      return notSent(
        "connection refused (ECONNREFUSED)",
        true,
        `is Harbor running and ${names.key("url")} right?`,
      );
    case "ENOTFOUND":
      return notSent("host not found (ENOTFOUND)", false, `check ${names.key("url")} / HARBOR_URL`);
    case "EAI_AGAIN":
    case "EHOSTUNREACH":
    case "ENETUNREACH":
    case "ETIMEDOUT":
      return notSent(`host unreachable (${code})`, true);
    case "UND_ERR_CONNECT_TIMEOUT":
      return notSent(`no connection within ${timeoutMs} ms (${code})`, true);
    case "UND_ERR_HEADERS_TIMEOUT":
    case "UND_ERR_BODY_TIMEOUT":
      return maybeSent(`no response within ${timeoutMs} ms (${code})`);
    case "ECONNRESET":
    case "EPIPE":
    case "ECONNABORTED":
    case "UND_ERR_SOCKET":
    case "UND_ERR_CLOSED":
    case "UND_ERR_RES_CONTENT_LENGTH_MISMATCH":
      return maybeSent(`the connection was closed before the response was complete (${code})`);
  }
  if (TLS_CODE.test(code)) return notSent(`TLS failed (${code})`, false, tlsHint(names));
  const message = e instanceof Error ? e.message : String(e);
  return { code, what: `${message} (${code})`, maybeSent: true, transient: false };
}
