// Harbor's CSRF protection (gorilla/csrf behind Harbor's csrf middleware), as measured on real
// v2.10.3 and v2.15.2:
// - It is skipped for paths under /api/ (and /v2/, /service/) unless the request carries a `sid`
//   cookie; elsewhere (POST /c/login) it always applies.
// - Where it applies, the real token lives in the signed `_gorilla_csrf` cookie (set when the request
//   has no valid one; 12 hours) and every response carries a freshly masked copy of it in
//   `X-Harbor-CSRF-Token`. Any masked copy stays valid as long as the cookie does.
// - A write (POST/PUT/PATCH/DELETE) without the header gets 403 "CSRF token not found in request"
//   (2.10.3's older gorilla/csrf says "CSRF token invalid" here too); with a header that does not
//   unmask to the cookie's token (or without the cookie) 403 "CSRF token invalid". Nothing else of
//   the request is looked at: no session, no credentials, no handler. Only passed requests get
//   `Vary: Cookie`.
// Stateless like gorilla: the cookie carries the token and an HMAC, so nothing grows per client.

import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { cookieValue } from "./cookies";

export const CSRF_COOKIE = "_gorilla_csrf";
export const CSRF_HEADER = "X-Harbor-CSRF-Token";
const TOKEN_BYTES = 32;
const MAX_AGE_S = 43_200;
const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);
const SKIPPED_PREFIXES = ["/v2/", "/api/", "/service/"];

export const CSRF_INVALID = "CSRF token invalid";

export interface CsrfOutcome {
  /** Response headers: the masked token, and the cookie when a new token was made. */
  headers: Record<string, string>;
  /** Set when the request must be refused with 403 and this message. */
  failure?: string;
}

export class Csrf {
  private readonly key = randomBytes(32);

  constructor(
    private readonly now: () => number,
    /** The 403 message for a write without a token (the profile's). */
    private readonly noTokenMessage: string,
  ) {}

  /** Whether the CSRF check runs at all for this request (Harbor's csrfSkipper). */
  applies(path: string, carriesSession: boolean): boolean {
    return carriesSession || !SKIPPED_PREFIXES.some((p) => path.startsWith(p));
  }

  check(method: string, cookieHeader: string | undefined, tokenHeader: string | undefined): CsrfOutcome {
    const headers: Record<string, string> = {};
    let token = this.fromCookie(cookieValue(cookieHeader, CSRF_COOKIE));
    if (!token) {
      token = randomBytes(TOKEN_BYTES);
      headers["Set-Cookie"] = this.cookieFor(token);
    }
    headers[CSRF_HEADER] = mask(token);
    if (!SAFE_METHODS.has(method)) {
      if (!tokenHeader) return { headers, failure: this.noTokenMessage };
      const sent = unmask(tokenHeader);
      if (!(sent !== undefined && sent.length === token.length && timingSafeEqual(sent, token)))
        return { headers, failure: CSRF_INVALID };
    }
    headers.Vary = "Cookie";
    return { headers };
  }

  private sign(text: string): string {
    return createHmac("sha256", this.key).update(text).digest("base64url");
  }

  /** `<issued s>|<token>|<mac>`, base64url, like gorilla's securecookie value. */
  private cookieFor(token: Buffer): string {
    const issued = Math.floor(this.now() / 1000);
    const payload = `${issued}|${token.toString("base64url")}`;
    const value = Buffer.from(`${payload}|${this.sign(payload)}`).toString("base64url");
    const expires = new Date((issued + MAX_AGE_S) * 1000).toUTCString();
    return `${CSRF_COOKIE}=${value}; Path=/; Expires=${expires}; Max-Age=${MAX_AGE_S}; HttpOnly; SameSite=Strict`;
  }

  private fromCookie(value: string | undefined): Buffer | undefined {
    if (!value) return undefined;
    const [issued, token, mac] = Buffer.from(value, "base64url").toString().split("|");
    if (!issued || !token || !mac || this.sign(`${issued}|${token}`) !== mac) return undefined;
    if (Number(issued) + MAX_AGE_S < this.now() / 1000) return undefined;
    const bytes = Buffer.from(token, "base64url");
    return bytes.length === TOKEN_BYTES ? bytes : undefined;
  }
}

/** gorilla's mask: a one-time pad and the token XOR the pad, base64 (88 characters). */
function mask(token: Buffer): string {
  const pad = randomBytes(token.length);
  return Buffer.concat([pad, xor(pad, token)]).toString("base64");
}

function unmask(header: string): Buffer | undefined {
  const raw = Buffer.from(header, "base64");
  if (raw.length !== 2 * TOKEN_BYTES) return undefined;
  return xor(raw.subarray(0, TOKEN_BYTES), raw.subarray(TOKEN_BYTES));
}

function xor(a: Buffer, b: Buffer): Buffer {
  return Buffer.from(a.map((byte, i) => byte ^ (b[i] as number)));
}
