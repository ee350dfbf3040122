// The one place the emulator checks a password, as Harbor's auth.Login does for every request with
// Basic credentials (after its robot generator) and for every POST /c/login alike:
// - while the name is locked (login-lock.ts), the login is refused unchecked: no check, no cost, no
//   wait (401 at once, the right password too);
// - otherwise one check is made: counted (Basic and login apart) and costed. From 2.15 Harbor hashes
//   passwords with PBKDF2-SHA256 × 600,000, about 100 ms of CPU per check on a 2-core machine; the
//   emulator's own hashes are cheap, so `costMs` burns CPU per check to show what Harbor would
//   spend, and the counts let tests assert how many checks a client caused;
// - a refused password locks its name and is answered only after the freeze (1.5 s).
// A robot with its valid secret is recognised before the lock (Harbor's robot generator runs first):
// it is one check, never refused by the lock. A request authenticated from a session checks nothing.

import { setTimeout as sleep } from "node:timers/promises";
import { HARBOR_LOGIN_FREEZE_MS, LoginLock } from "./login-lock";

export type PasswordCheckKind = "basic" | "login";

export interface PasswordCheckOptions {
  /** CPU milliseconds burned per check (default 0). */
  costMs?: number;
  /** Harbor's wait after a refused password and its lock of the name (default 1500; 0: neither). */
  freezeMs?: number;
}

export class PasswordChecks {
  private readonly counts: Record<PasswordCheckKind, number> = { basic: 0, login: 0 };
  private readonly costMs: number;
  private readonly lock: LoginLock;

  constructor(opts: PasswordCheckOptions = {}) {
    this.costMs = validMs(opts.costMs, "password check cost", 0);
    this.lock = new LoginLock(validMs(opts.freezeMs, "login freeze", HARBOR_LOGIN_FREEZE_MS));
  }

  /**
   * One password login of `name`: `verify` checks the password (the user, or undefined when it is
   * refused). `recognise`, checked first and outside the lock, is Harbor's robot generator (a robot
   * and its valid secret). Resolves with who logged in, or undefined (anonymous).
   */
  async check<T>(
    kind: PasswordCheckKind,
    name: string,
    verify: () => T | undefined,
    recognise?: () => T | undefined,
  ): Promise<T | undefined> {
    const robot = recognise?.();
    if (robot !== undefined) {
      this.checked(kind);
      return robot;
    }
    if (this.lock.isLocked(name)) return undefined;
    this.checked(kind);
    const result = verify();
    if (result === undefined && this.lock.freezeMs > 0) {
      this.lock.lock(name);
      await sleep(this.lock.freezeMs);
    }
    return result;
  }

  count(kind?: PasswordCheckKind): number {
    return kind ? this.counts[kind] : this.counts.basic + this.counts.login;
  }

  /** Forgets the counts (not the locks). */
  reset(): void {
    this.counts.basic = 0;
    this.counts.login = 0;
  }

  /** Lifts every lock, as a restart of Harbor does. */
  unlockAll(): void {
    this.lock.clear();
  }

  private checked(kind: PasswordCheckKind): void {
    this.counts[kind]++;
    burnCpu(this.costMs);
  }
}

function validMs(ms: number | undefined, what: string, fallback: number): number {
  if (ms === undefined) return fallback;
  if (!(Number.isFinite(ms) && ms >= 0))
    throw new Error(`${what} must be a number of milliseconds ≥ 0, got ${ms}`);
  return ms;
}

/**
 * Keeps this thread busy for `ms`, as hashing would: the emulator handles one request at a time, so
 * checks queue behind each other like on a Harbor with one core.
 */
function burnCpu(ms: number): void {
  if (ms <= 0) return;
  const end = performance.now() + ms;
  while (performance.now() < end) {
    // spin
  }
}
