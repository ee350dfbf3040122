// Harbor's session + CSRF behaviour (notes §5.3): every response without a session cookie sets
// `sid`; a request that carries `sid` is a "session" request, and session writes need the CSRF token
// (header X-Harbor-CSRF-Token, handed out on session responses). So a client that keeps cookies
// fails its first write with 403 "CSRF token not found in request" (gorilla/csrf's words; a token
// that does not match: "CSRF token invalid"); a cookie-less client never notices.

import { randomBytes } from "node:crypto";

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

export interface SessionOutcome {
  /** Headers to add to the response. */
  headers: Record<string, string>;
  /** Why the request must be refused with 403, when it must. */
  rejected?: "CSRF token not found in request" | "CSRF token invalid";
}

function cookieValue(cookieHeader: string | undefined, name: string): string | undefined {
  for (const part of (cookieHeader ?? "").split(";")) {
    const [k, ...v] = part.trim().split("=");
    if (k === name) return v.join("=");
  }
  return undefined;
}

export class Sessions {
  private tokens = new Map<string, string>();

  check(method: string, cookieHeader: string | undefined, tokenHeader: string | undefined): SessionOutcome {
    const sid = cookieValue(cookieHeader, "sid");
    if (!sid) {
      const fresh = randomBytes(16).toString("hex");
      return { headers: { "Set-Cookie": `sid=${fresh}; Path=/; HttpOnly` } };
    }
    let token = this.tokens.get(sid);
    if (!token) this.tokens.set(sid, (token = randomBytes(24).toString("base64url")));
    const headers = { "X-Harbor-CSRF-Token": token };
    if (!WRITE_METHODS.has(method) || tokenHeader === token) return { headers };
    return { headers, rejected: tokenHeader ? "CSRF token invalid" : "CSRF token not found in request" };
  }

  clear(): void {
    this.tokens.clear();
  }
}
