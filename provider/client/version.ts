// Harbor's version, for feature gates (GET /permissions ≥ 2.10, duration rules ≥ 2.11, …).
// `GET /systeminfo` returns `harbor_version` (e.g. `v2.15.2-080b0220`) only to authenticated callers.

export interface HarborVersion {
  major: number;
  minor: number;
  patch: number;
  /** As Harbor reports it, e.g. `v2.15.2-080b0220`. */
  raw: string;
}

/** Parses `vMAJOR.MINOR.PATCH[-commit]`; undefined when absent or unrecognisable (e.g. a dev build). */
export function parseHarborVersion(raw: string | null | undefined): HarborVersion | undefined {
  const m = raw ? /^v(\d+)\.(\d+)\.(\d+)/.exec(raw) : null;
  if (!raw || !m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3]), raw };
}

/** True when `v` is at least `major.minor[.patch]`; an unknown version is treated as new enough. */
export function atLeast(v: HarborVersion | undefined, major: number, minor: number, patch = 0): boolean {
  if (!v) return true;
  return v.major !== major ? v.major > major : v.minor !== minor ? v.minor > minor : v.patch >= patch;
}

// One lookup per process per Harbor URL + user: every resource of a stack asks, the answer does not change.
const memo = new Map<string, Promise<HarborVersion | undefined>>();

/** Returns the memoised version for `key`, loading it once; a failed load is not remembered. */
export function memoizedVersion(
  key: string,
  load: () => Promise<HarborVersion | undefined>,
): Promise<HarborVersion | undefined> {
  let pending = memo.get(key);
  if (!pending) {
    pending = load();
    memo.set(key, pending);
    pending.catch(() => memo.delete(key));
  }
  return pending;
}

/** Forgets every memoised version (tests). */
export function forgetVersions(): void {
  memo.clear();
}
