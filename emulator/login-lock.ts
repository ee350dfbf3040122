// Harbor's user lock after a refused password (its core's auth.Login, shared by Basic requests and
// POST /c/login, measured on 2.15.2 and 2.10.3): the name is locked the moment its password is
// refused, and while it is locked every password login of that name, Basic or /c/login, is refused
// unchecked, the right password too. A login refused by the lock does not extend it. In memory, as in
// Harbor (a restart forgets it). password-checks.ts applies it.

/** Harbor's freeze after a failed login (core/auth, frozenTime). */
export const HARBOR_LOGIN_FREEZE_MS = 1_500;

export class LoginLock {
  private readonly failures = new Map<string, number>();

  /** `freezeMs`: how long a refusal locks its name (0: no lock, as tests may want). */
  constructor(readonly freezeMs = HARBOR_LOGIN_FREEZE_MS) {}

  /** Whether a password login of `name` is refused unchecked now. */
  isLocked(name: string): boolean {
    const at = this.failures.get(name);
    // A monotonic clock, as Harbor's: the emulator's own clock (setClock) may be frozen or moved.
    // Strictly less: the refused request is answered after the freeze, and its name is free then.
    return at !== undefined && performance.now() - at < this.freezeMs;
  }

  /** Records a refused password of `name`. */
  lock(name: string): void {
    if (this.freezeMs > 0) this.failures.set(name, performance.now());
  }

  clear(): void {
    this.failures.clear();
  }
}
