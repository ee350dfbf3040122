// Harbor's version: the one definition, for feature gates at apply (GET /permissions ≥ 2.10, duration
// rules ≥ 2.11, …) and for the release rules are checked against at preview, when the server cannot be
// asked (set with connection.harborVersion, stack config harbor:version or HARBOR_VERSION).
// `GET /systeminfo` returns `harbor_version` (e.g. `v2.15.2-080b0220`) to anyone up to 2.12 and only to
// authenticated callers from 2.13: it names the release but proves no login.

export interface HarborVersion {
  major: number;
  minor: number;
  patch: number;
  /** As given or as Harbor reports it, e.g. `2.15` or `v2.15.2-080b0220`. */
  raw: string;
}

/** The newest release the provider is tested with: the rules preview checks against by default. */
export const DEFAULT_HARBOR_VERSION: HarborVersion = { major: 2, minor: 15, patch: 0, raw: "2.15" };

/** A release as users write it (`2.15`, `v2.15.2`) or as Harbor reports it (`v2.15.2-080b0220`). */
export const HARBOR_VERSION_FORMAT = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:[-+].*)?$/;
/** The rule, in the words of check failures and settings errors. */
export const HARBOR_VERSION_RULE = 'must look like "2.15" or "v2.15.2"';

/** Parses HARBOR_VERSION_FORMAT; undefined when absent or unrecognisable (e.g. a dev build). */
export function parseHarborVersion(raw: string | null | undefined): HarborVersion | undefined {
  const text = (raw ?? "").trim();
  const m = HARBOR_VERSION_FORMAT.exec(text);
  if (!m) return undefined;
  return { major: Number(m[1]), minor: Number(m[2]), patch: Number(m[3] ?? 0), raw: text };
}

/** True when `v` is at least `major.minor[.patch]`; an unknown version is treated as new enough. */
export function atLeast(v: HarborVersion | undefined, major: number, minor: number, patch = 0): boolean {
  if (!v) return true;
  return v.major !== major ? v.major > major : v.minor !== minor ? v.minor > minor : v.patch >= patch;
}

/** `2.15`: the release, as rules and messages name it. */
export function formatVersion(v: Pick<HarborVersion, "major" | "minor">): string {
  return `${v.major}.${v.minor}`;
}

/**
 * Harbor versions already asked for, by URL + user: every resource of a stack asks, and the answer
 * does not change. Clients that share one (a provider context's) ask once between them; a failed
 * lookup is not remembered.
 */
export class VersionMemo {
  private readonly known = new Map<string, Promise<HarborVersion | undefined>>();

  get(key: string, load: () => Promise<HarborVersion | undefined>): Promise<HarborVersion | undefined> {
    let pending = this.known.get(key);
    if (!pending) {
      pending = load();
      this.known.set(key, pending);
      const asked = pending;
      asked.catch(() => {
        if (this.known.get(key) === asked) this.known.delete(key);
      });
    }
    return pending;
  }
}
