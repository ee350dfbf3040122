// The Harbor release the provider validates against when it cannot ask the server (check and diff run
// offline, at preview). Set with `connection.harborVersion`, stack config `harbor:version` or the
// environment variable HARBOR_VERSION; the default is the newest release the provider is tested with.
export interface HarborVersion {
  major: number;
  minor: number;
}

export const DEFAULT_HARBOR_VERSION: HarborVersion = { major: 2, minor: 15 };
export const OLDEST_SUPPORTED: HarborVersion = { major: 2, minor: 2 };

/** Parses "2.15", "v2.15.2" or "v2.15.2-080b0220"; undefined when it is not a version. */
export function parseHarborVersion(text: string | undefined): HarborVersion | undefined {
  const m = /^v?(\d+)\.(\d+)(?:\.\d+)?(?:[-+].*)?$/.exec((text ?? "").trim());
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}

export function atLeast(v: HarborVersion, major: number, minor: number): boolean {
  return v.major > major || (v.major === major && v.minor >= minor);
}

export function formatVersion(v: HarborVersion): string {
  return `${v.major}.${v.minor}`;
}
