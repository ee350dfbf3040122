// Harbor's answer to a failed password login (its core's user lock, for every Basic-auth request that
// is not a valid robot): the name is locked the moment its password is refused, the failing request
// is answered only after the freeze (1.5 s), and while the name is locked every password login of it
// is refused unchecked, the right password too (the caller is anonymous: 401, at once). A robot with
// its valid secret is recognised before this and never refused by it; a wrong or disabled or expired
// robot's login falls through to it like a user's. In memory, as in Harbor (a restart forgets it).

/** Harbor's freeze after a failed login (core/auth, frozenTime). */
export const HARBOR_LOGIN_FREEZE_MS = 1_500;

export class LoginLock {
  private readonly failures = new Map<string, number>();

  /** `freezeMs`: how long a failure is answered after and locks its name (0: no lock, as tests may want). */
  constructor(readonly freezeMs = HARBOR_LOGIN_FREEZE_MS) {}

  /** Whether a password login of `name` is refused unchecked now. */
  isLocked(name: string): boolean {
    const at = this.failures.get(name);
    // A monotonic clock, as Harbor's: the emulator's own clock (setClock) may be frozen or moved.
    return at !== undefined && performance.now() - at <= this.freezeMs;
  }

  /** Records a refused password of `name`. */
  lock(name: string): void {
    if (this.freezeMs > 0) this.failures.set(name, performance.now());
  }

  clear(): void {
    this.failures.clear();
  }
}
