// Typed failures of the Harbor client. Every message is meant for the person running `pulumi up`:
// what went wrong, which setting to look at, and the request id to find the request in Harbor's logs.
// Messages never carry a request body or a credential: the text is composed here from the method, the
// path, Harbor's own error message and the user name, then scrubbed of every credential the client
// sent, in every form it sent it (redaction.ts).
// Every error has a stable `code` (as undici's errors do), e.g. HARBOR_ERR_API; callers test codes,
// never class names or message text, so two loaded copies of this module still understand each other.
import { STATUS_CODES } from "node:http";
import { adviceFor, PROJECT_NOT_FOUND } from "./failure-advice";
import type { SettingNames } from "./setting-names";
import { redact, type Redactor } from "./redaction";

export { redact };

/** What a request was, for composing messages. Not stored on the error (it holds secrets to scrub). */
export interface RequestContext {
  method: string;
  /** Path as sent, without the query string, e.g. `/api/v2.0/robots/5`. */
  path: string;
  /** Harbor's echo of our `X-Request-Id` when it answered, else the id we sent. */
  requestId: string;
  /** The Harbor URL the user configured (normalised, no credentials). */
  baseUrl: string;
  username: string;
  /** Knows every credential the client sent (the password, the Basic token, robot secrets). */
  redactor: Redactor;
  /** How the advice names a setting (the provider context's, handed to the client). */
  names: SettingNames;
}

/** The stable `code` of each kind of error. */
export const ERROR_CODES = {
  api: "HARBOR_ERR_API",
  connection: "HARBOR_ERR_CONNECTION",
  outcomeUnknown: "HARBOR_ERR_OUTCOME_UNKNOWN",
  response: "HARBOR_ERR_RESPONSE",
  settings: "HARBOR_ERR_SETTINGS",
} as const;

/** Common shape of every client error: where it happened and how to trace it. */
export abstract class HarborError extends Error {
  abstract readonly code: string;
  readonly method: string;
  readonly path: string;
  readonly requestId: string;
  /** How many times the request was sent before giving up (1 when it was not retried). */
  attempts = 1;
  private readonly text: string;

  protected constructor(ctx: RequestContext, text: string, cause?: unknown) {
    const scrubbed = ctx.redactor.scrub(text);
    super(withRequestId(scrubbed, ctx.requestId), cause === undefined ? undefined : { cause });
    this.name = new.target.name;
    this.method = ctx.method;
    this.path = ctx.path;
    this.requestId = ctx.requestId;
    this.text = scrubbed;
  }

  /** Called by the retry loop once it gives up, so the message says the failure was persistent. */
  noteAttempts(attempts: number): void {
    this.attempts = attempts;
    if (attempts > 1)
      this.message = withRequestId(`${this.text}; gave up after ${attempts} attempts`, this.requestId);
  }
}

/** Harbor answered with a non-2xx status. */
export class HarborApiError extends HarborError {
  readonly code = ERROR_CODES.api;
  readonly status: number;
  /** Harbor's error code, e.g. `NOT_FOUND`, `UNAUTHORIZED`, `UNPROCESSABLE_ENTITY`. */
  readonly harborCode: string | undefined;
  /** Harbor's own message (scrubbed), e.g. `robot 5 not found`. */
  readonly harborMessage: string | undefined;
  /** For 429: how long Harbor asked us to wait (from `Retry-After`), in milliseconds. */
  readonly retryAfterMs: number | undefined;

  constructor(ctx: RequestContext, failure: ApiFailure) {
    super(ctx, describeApiFailure(ctx, failure));
    this.status = failure.status;
    this.harborCode = failure.code;
    this.harborMessage = failure.message === undefined ? undefined : ctx.redactor.scrub(failure.message);
    this.retryAfterMs = failure.retryAfterMs;
  }
}

/** The request did not complete: DNS, refused/reset connection, TLS, timeout. */
export class HarborConnectionError extends HarborError {
  readonly code = ERROR_CODES.connection;
  /** The underlying error code, e.g. `ECONNREFUSED`, `UND_ERR_HEADERS_TIMEOUT`, `DEPTH_ZERO_SELF_SIGNED_CERT`. */
  readonly networkCode: string;
  /** False when the request certainly never reached Harbor (connect failures); true when it may have. */
  readonly maybeSent: boolean;
  /** Whether repeating the request can help (a refused connection can; a bad certificate cannot). */
  readonly transient: boolean;

  constructor(ctx: RequestContext, failure: NetworkFailure, cause?: unknown) {
    const hint = failure.hint ? ` — ${failure.hint}` : "";
    super(
      ctx,
      `Could not complete ${ctx.method} ${ctx.path} at ${ctx.baseUrl}: ${failure.what}${hint}`,
      cause,
    );
    this.networkCode = failure.code;
    this.maybeSent = failure.maybeSent;
    this.transient = failure.transient;
  }
}

/**
 * A POST (create) may or may not have been applied: the connection broke after the request was sent,
 * or Harbor/a proxy answered 5xx. Repeating it blindly could create a duplicate, so the caller must
 * look the object up (e.g. list robots by name) before deciding what to do.
 */
export class OutcomeUnknownError extends HarborError {
  readonly code = ERROR_CODES.outcomeUnknown;
  override readonly cause: HarborApiError | HarborConnectionError;

  constructor(ctx: RequestContext, cause: HarborApiError | HarborConnectionError) {
    super(
      ctx,
      `${ctx.method} ${ctx.path} may or may not have been applied by Harbor (${stripRequestId(cause.message)}); ` +
        "it was not repeated, to avoid creating a duplicate",
      cause,
    );
    this.cause = cause;
  }
}

/** Harbor answered 2xx but the body is not what the API promises (wrong URL, proxy page, new Harbor). */
export class HarborResponseError extends HarborError {
  readonly code = ERROR_CODES.response;
  readonly status: number;

  constructor(ctx: RequestContext, status: number, problem: string) {
    super(
      ctx,
      `Harbor returned an unexpected response to ${ctx.method} ${ctx.path} (HTTP ${status}): ${problem}`,
    );
    this.status = status;
  }
}

/** A connection setting is missing or invalid (no request was made). */
export class HarborSettingsError extends Error {
  readonly code = ERROR_CODES.settings;
  /**
   * @param fields the resource inputs that would fix it (e.g. `connection.password`), when a resource's
   *   own connection is what is wrong or incomplete: check reports those at preview.
   */
  constructor(
    message: string,
    readonly fields: readonly string[] = [],
  ) {
    super(message);
    this.name = "HarborSettingsError";
  }
}

/** A non-2xx answer, decoded from Harbor's `{"errors":[{code,message}]}` body when there is one. */
export interface ApiFailure {
  status: number;
  code?: string;
  message?: string;
  retryAfterMs?: number;
  /** `Location` of a 3xx answer (Harbor behind a redirect, usually http → https). */
  location?: string;
}

/** A transport failure, already classified by the caller (see http.ts). */
export interface NetworkFailure {
  code: string;
  what: string;
  hint?: string;
  maybeSent: boolean;
  transient: boolean;
}

/** Whether `e` carries the stable `code`: works across two loaded copies of this module. */
export function hasCode(e: unknown, code: string): boolean {
  return typeof e === "object" && e !== null && (e as { code?: unknown }).code === code;
}

function isApiError(e: unknown): e is HarborApiError {
  return hasCode(e, ERROR_CODES.api);
}

/** Harbor answered 401: the credentials were rejected. */
export function isUnauthorized(e: unknown): boolean {
  return isApiError(e) && e.status === 401;
}

/** Harbor answered 404 (robot/project gone, or deleted concurrently). */
export function isNotFound(e: unknown): boolean {
  return isApiError(e) && e.status === 404;
}

/** Harbor answered 404 about a project named in a robot's permissions (not about the robot). */
export function isProjectNotFound(e: unknown): boolean {
  return isNotFound(e) && PROJECT_NOT_FOUND.test((e as HarborApiError).harborMessage ?? "");
}

/** Harbor answered 400: it refused the request's content (validation, or a name it no longer holds). */
export function isBadRequest(e: unknown): boolean {
  return isApiError(e) && e.status === 400;
}

/** Harbor answered 403: the caller is authenticated but not allowed (e.g. not a system administrator). */
export function isForbidden(e: unknown): boolean {
  return isApiError(e) && e.status === 403;
}

/** Harbor answered 409 (e.g. a robot with that name already exists). */
export function isConflict(e: unknown): boolean {
  return isApiError(e) && e.status === 409;
}

/** A write that failed in a way that leaves its effect unknown: a 5xx, or a connection lost after sending. */
export function mayHaveBeenApplied(e: unknown): boolean {
  if (isApiError(e)) return e.status >= 500;
  return hasCode(e, ERROR_CODES.connection) && (e as { maybeSent?: unknown }).maybeSent === true;
}

/** A create whose result is unknown: look the object up before doing anything else. */
export function isOutcomeUnknown(e: unknown): e is OutcomeUnknownError {
  return hasCode(e, ERROR_CODES.outcomeUnknown);
}

function withRequestId(text: string, requestId: string): string {
  return `${text} (request id ${requestId})`;
}

function stripRequestId(message: string): string {
  return message.replace(/ \(request id [^)]*\)$/, "");
}

/** Composes the message of an HTTP failure: what happened (status, code, Harbor's text) — what to do. */
function describeApiFailure(ctx: RequestContext, f: ApiFailure): string {
  const { what, hint } = adviceFor({ ...ctx, failure: f });
  // Without Harbor's body (a proxy answered), use the status text the way Harbor spells codes.
  const code = f.code ?? (STATUS_CODES[f.status] ?? "HTTP ERROR").toUpperCase().replace(/[^A-Z]+/g, "_");
  const detail = f.message && !isRedundant(f.message, what, f.code, ctx.username) ? `: ${f.message}` : "";
  return `${what} (${f.status} ${code}${detail})${hint ? ` — ${hint}` : ""}`;
}

// Harbor's message often repeats the code ("unauthorized"), the user name (403 in the system scope)
// or what we already said ("robot 5 not found"); printing it again only adds noise.
function isRedundant(message: string, what: string, code: string | undefined, username: string): boolean {
  const m = message.trim().toLowerCase();
  return (
    m === "" ||
    m === code?.toLowerCase().replace(/_/g, " ") ||
    m === username.toLowerCase() ||
    what.toLowerCase().includes(m) ||
    PROJECT_NOT_FOUND.test(message.trim())
  );
}
