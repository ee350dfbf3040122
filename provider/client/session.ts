// One Harbor web session per transport (per provider process, registry and user), so Harbor checks
// the password once instead of on every request: from 2.15 that check is PBKDF2-SHA256 × 600,000,
// about 100 ms of Harbor's CPU, and Basic authentication pays it per request.
//
// How Harbor does it (measured on v2.10.3 and v2.15.2): POST /c/login is CSRF-checked, so a first
// POST without a token is refused (403) with the token in X-Harbor-CSRF-Token and its
// `_gorilla_csrf` cookie; the same POST with both and the form fields `principal` and `password`
// answers 200 and sets `sid`. Requests carrying `sid` and no Authorization header are the user.
// Because they carry a session, writes need the token; every answer hands out a current one (any of
// them stays valid with the cookie). The session lives `session_timeout` minutes (default 60) after
// its last use; an expired one makes the request anonymous (401) before anything is done.
//
// Harbor's user lock: a refused password, Basic or /c/login, is answered after 1.5 s and locks its
// user name for those 1.5 s, during which every password login of that name is refused at once and
// unchecked, the right password too (measured on v2.10.3 and v2.15.2); a session already made is
// not affected. So a login refused in less than 1.5 s was not a check of our password: another
// client's wrong password (a CI job with a stale one) had locked the name. The login is then made
// once more after the lock (a refused login does not extend it, and a right password makes no new
// lock); refused again, or refused after the full 1.5 s (Harbor checked the password and said no),
// it is not tried again.
//
// Where no session can be had, requests use Basic authentication as before: a robot (Harbor has no
// session for robots; a name with `$` is never a local user, so it is not even tried), an
// OIDC-only Harbor (403 with a redirect), a wrong password (401: the Basic request then reports
// it), a login the lock refused twice, anything unexpected from /c/login, or a session that Harbor
// refuses as soon as it is made (a proxy that drops cookies).
//
// The sid, the CSRF cookie and token are secrets like the password (whose encodings the transport
// has registered): they live in ES private fields and each is registered with the transport's
// Redactor before it is sent, so no error message can show them.
import { setTimeout as sleep } from "node:timers/promises";
import type { Dispatcher } from "undici";
import { ERROR_CODES, hasCode } from "./errors";
import type { Redactor } from "./redaction";

const CSRF_HEADER = "x-harbor-csrf-token";
const CSRF_COOKIE = "_gorilla_csrf";
const SESSION_COOKIE = "sid";
const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
/** Logins that fail on the network or with a 5xx before this process gives sessions up. */
const MAX_TRANSIENT_LOGIN_FAILURES = 3;
/**
 * Harbor's user lock after a refused password (core/auth's frozenTime): it answers a refused
 * password only after this long, so a quicker 401 checked no password.
 */
const HARBOR_USER_LOCK_MS = 1_500;
/** How long a login refused by the lock waits before it is made again: the lock, and a margin. */
export const DEFAULT_LOGIN_LOCK_WAIT_MS = HARBOR_USER_LOCK_MS + 100;

/** One logged-in session; `proven` once Harbor accepted it for a request. */
interface LiveSession {
  readonly sid: string;
  csrfCookie: string;
  proven: boolean;
}

/** How one request authenticates: with the session, or with Basic credentials (the transport's own). */
export type RequestAuth = { kind: "session"; session: LiveSession } | { kind: "basic" };

export interface SessionEndpoint {
  /** e.g. `https://harbor.example.com` */
  origin: string;
  /** Path prefix of Harbor (normally ""): the login is at `${prefix}/c/login`. */
  prefix: string;
  username: string;
  password: string;
  dispatcher: Dispatcher;
  timeoutMs: number;
  headers: Record<string, string>;
  /** The transport's: every value this module sends is registered with it. */
  redactor: Redactor;
  /** Wait before logging in again after a login Harbor's user lock refused (DEFAULT_LOGIN_LOCK_WAIT_MS). */
  lockWaitMs: number;
}

type HeaderValue = string | string[] | undefined;

export class HarborSession {
  readonly #endpoint: SessionEndpoint;
  #live: LiveSession | undefined;
  /** Set when sessions cannot be had here: every request uses Basic from then on. */
  #unavailable: boolean;
  #transientFailures = 0;
  #loggingIn: Promise<void> | undefined;
  /**
   * The CSRF token sent with writes. Every answer masks the token anew, and any of them stays valid
   * with its cookie, so one is kept until Harbor hands out a new cookie or refuses the token: the
   * Redactor then learns one token per cookie, not one per answer.
   */
  #token: string | undefined;

  /** Logins made so far (each is two requests to /c/login), for tests and benchmarks. */
  logins = 0;
  /** Requests this session sent to /c/login. */
  requestCount = 0;

  constructor(endpoint: SessionEndpoint) {
    this.#endpoint = endpoint;
    this.#unavailable = endpoint.username.includes("$");
  }

  /** The authentication of the next request: the session (logging in first when needed), else Basic. */
  async auth(): Promise<RequestAuth> {
    while (!this.#unavailable && !this.#live) {
      this.#loggingIn ??= this.#logIn().finally(() => (this.#loggingIn = undefined));
      const failuresBefore = this.#transientFailures;
      await this.#loggingIn;
      // A transient failure: this request goes with Basic; a later one tries to log in again.
      if (!this.#live && this.#transientFailures > failuresBefore) return { kind: "basic" };
    }
    return this.#live ? { kind: "session", session: this.#live } : { kind: "basic" };
  }

  /** The headers that carry `auth` (the transport adds Basic credentials when it is not a session). */
  headers(auth: RequestAuth, method: string): Record<string, string> {
    if (auth.kind !== "session") return {};
    const { sid, csrfCookie } = auth.session;
    return {
      cookie: `${SESSION_COOKIE}=${sid}; ${CSRF_COOKIE}=${csrfCookie}`,
      ...(WRITES.has(method) && this.#token ? { [CSRF_HEADER]: this.#token } : {}),
    };
  }

  /**
   * Takes a renewed CSRF cookie and its token from an answer to a session request, and the token
   * of a CSRF refusal (the request is then sent again with it).
   */
  observe(auth: RequestAuth, status: number, header: (name: string) => HeaderValue): void {
    if (auth.kind !== "session") return;
    const cookie = cookieFrom(header("set-cookie"), CSRF_COOKIE);
    if (cookie) auth.session.csrfCookie = this.#endpoint.redactor.secret(cookie);
    const token = firstOf(header(CSRF_HEADER));
    if (token && (cookie || status === 403 || !this.#token))
      this.#token = this.#endpoint.redactor.secret(token);
    if (status >= 200 && status < 300) auth.session.proven = true;
  }

  /**
   * Whether `error` means Harbor refused the session rather than the request, so the request can be
   * sent again (with a new session, a fresh CSRF token, or Basic). Both refusals happen before Harbor
   * does anything (CSRF is checked first, then who is calling), so repeating is safe for every
   * method, a POST included. 401: the session expired or was ended; a session Harbor never accepted
   * means sessions do not work here (a proxy dropping cookies), and Basic takes over. 403 CSRF: the
   * answer brought a new CSRF cookie (the old one expired after 12 hours) or sessions do not work.
   */
  refused(auth: RequestAuth, error: unknown, csrfCookieSent: string | undefined): boolean {
    if (auth.kind !== "session" || !hasCode(error, ERROR_CODES.api)) return false;
    const { status, harborMessage } = error as { status: number; harborMessage?: string };
    const session = auth.session;
    if (status === 401) {
      if (!session.proven) this.#unavailable = true;
      if (this.#live === session) this.#live = undefined;
      return true;
    }
    if (status === 403 && /csrf/i.test(harborMessage ?? "")) {
      if (session.csrfCookie === csrfCookieSent) this.#unavailable = true;
      return true;
    }
    return false;
  }

  async #logIn(): Promise<void> {
    const { redactor } = this.#endpoint;
    try {
      // 1. Harbor refuses a login without a CSRF token and hands one out with its cookie.
      const first = await this.#post({});
      if (first.status >= 500 || first.status === 429) return this.#transientFailure();
      const token = firstOf(first.headers[CSRF_HEADER]);
      const csrfCookie = cookieFrom(first.headers["set-cookie"], CSRF_COOKIE);
      if (first.status !== 403 || !token || !csrfCookie) return this.#giveUp();
      redactor.secret(token);
      redactor.secret(csrfCookie);
      // 2. The form, with the token and its cookie; once more after Harbor's user lock if the lock
      //    refused it (see the top of this file).
      const { username, password, lockWaitMs } = this.#endpoint;
      const form = () =>
        this.#post(
          {
            cookie: `${CSRF_COOKIE}=${csrfCookie}`,
            [CSRF_HEADER]: token,
            "content-type": "application/x-www-form-urlencoded",
          },
          new URLSearchParams({ principal: username, password }).toString(),
        );
      const sentAt = performance.now();
      let res = await form();
      if (res.status === 401 && performance.now() - sentAt < HARBOR_USER_LOCK_MS) {
        await sleep(lockWaitMs);
        res = await form();
      }
      if (res.status >= 500 || res.status === 429) return this.#transientFailure();
      // The answer sets sid twice (a new empty session, then the logged-in one): the last counts.
      const sid = cookieFrom(res.headers["set-cookie"], SESSION_COOKIE);
      if (res.status !== 200 || !sid) return this.#giveUp();
      this.#token = token;
      this.#live = { sid: redactor.secret(sid), csrfCookie, proven: false };
      this.logins++;
    } catch {
      // Network failures: the request itself will meet them with Basic and report them.
      this.#transientFailure();
    }
  }

  async #post(
    headers: Record<string, string>,
    body?: string,
  ): Promise<{ status: number; headers: Record<string, HeaderValue> }> {
    const { origin, prefix, dispatcher, timeoutMs } = this.#endpoint;
    this.requestCount++;
    const res = await dispatcher.request({
      origin,
      path: `${prefix}/c/login`,
      method: "POST",
      headers: { ...this.#endpoint.headers, ...headers },
      body,
      headersTimeout: timeoutMs,
      bodyTimeout: timeoutMs,
    });
    await res.body.dump();
    return { status: res.statusCode, headers: res.headers };
  }

  #transientFailure(): void {
    if (++this.#transientFailures >= MAX_TRANSIENT_LOGIN_FAILURES) this.#unavailable = true;
  }

  #giveUp(): void {
    this.#unavailable = true;
  }
}

function firstOf(value: HeaderValue): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** The value of the last `name` cookie an answer sets, if any (an empty value clears it: undefined). */
function cookieFrom(setCookie: HeaderValue, name: string): string | undefined {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  let value: string | undefined;
  for (const c of all) {
    const pair = c.split(";")[0] ?? "";
    const eq = pair.indexOf("=");
    if (eq > 0 && pair.slice(0, eq).trim() === name) value = pair.slice(eq + 1).trim() || undefined;
  }
  return value;
}
