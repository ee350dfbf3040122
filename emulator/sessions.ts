// Harbor's web sessions (beego sessions in Redis), as measured on real v2.10.3 and v2.15.2:
// - A request without a known `sid` cookie gets a new one on its response
//   (`Set-Cookie: sid=<32 hex>; Path=/; HttpOnly`): an empty, anonymous session.
// - POST /c/login puts the user in a session under a new sid; a request carrying it and no valid
//   Basic credentials is that user.
// - A session lives `session_timeout` minutes (a setting, default 60) after its last use: every
//   request renews it. An expired or unknown sid is just no session: the request is anonymous (401
//   on protected endpoints) and its response sets a new sid.
// Anonymous sids are not stored: they carry an HMAC, so recognising one of ours costs no memory.

import { createHmac, randomBytes } from "node:crypto";

export const SESSION_COOKIE = "sid";

interface LiveSession {
  userId: number;
  lastUsedMs: number;
}

export class Sessions {
  private readonly key = randomBytes(32);
  private readonly live = new Map<string, LiveSession>();

  constructor(
    private readonly now: () => number,
    /** Harbor's session_timeout in milliseconds, read at each use (it can change at run time). */
    private readonly timeoutMs: () => number,
  ) {}

  /** The session `sid` names: its user (the session is renewed) and whether Harbor knows the sid at all. */
  resolve(sid: string | undefined): { userId?: number; known: boolean } {
    if (!sid) return { known: false };
    const session = this.live.get(sid);
    if (session) {
      if (this.expired(session)) {
        this.live.delete(sid);
        return { known: false };
      }
      session.lastUsedMs = this.now();
      return { userId: session.userId, known: true };
    }
    return { known: this.isAnonymous(sid) };
  }

  /** A new empty session, as beego makes for a request without one. */
  anonymous(): string {
    const nonce = randomBytes(8).toString("hex");
    return nonce + this.mac(nonce);
  }

  /** A logged-in session under a new sid (Harbor regenerates the sid at login). */
  login(userId: number): string {
    for (const [sid, s] of this.live) if (this.expired(s)) this.live.delete(sid);
    const sid = randomBytes(16).toString("hex");
    this.live.set(sid, { userId, lastUsedMs: this.now() });
    return sid;
  }

  logout(sid: string | undefined): void {
    if (sid) this.live.delete(sid);
  }

  /** Logged-in sessions that have not expired. */
  count(): number {
    return [...this.live.values()].filter((s) => !this.expired(s)).length;
  }

  /** Ends every logged-in session, or every one but those of `keepUserId`. */
  clear(keepUserId?: number): void {
    for (const [sid, s] of this.live) if (s.userId !== keepUserId) this.live.delete(sid);
  }

  private expired(s: LiveSession): boolean {
    return this.now() - s.lastUsedMs > this.timeoutMs();
  }

  private mac(nonce: string): string {
    return createHmac("sha256", this.key).update(nonce).digest("hex").slice(0, 16);
  }

  private isAnonymous(sid: string): boolean {
    return /^[0-9a-f]{32}$/.test(sid) && this.mac(sid.slice(0, 16)) === sid.slice(16);
  }
}

export const sessionCookie = (sid: string) => `${SESSION_COOKIE}=${sid}; Path=/; HttpOnly`;
