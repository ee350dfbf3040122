// The handlers' messages name the dynamic provider's settings (`stack config harbor:url`); a native
// provider user sets `harbor-robots:url` (stack config or the provider resource's inputs), and
// `harbor-robots:harborVersion` for `harbor:version`. Messages are reworded on their way out.

const KEYS = "url|username|password|caCert|insecure|recoveryWindowHours|verifySecrets";

export function nativeWording(text: string): string {
  return text
    .replace(/\bstack config harbor:version\b/g, "provider config harbor-robots:harborVersion")
    .replace(/\bharbor:version\b/g, "harbor-robots:harborVersion")
    .replace(new RegExp(`\\bstack config harbor:(${KEYS})\\b`, "g"), "provider config harbor-robots:$1")
    .replace(new RegExp(`\\bharbor:(${KEYS})\\b`, "g"), "harbor-robots:$1");
}

/** The same error with its message reworded (its other fields, e.g. a partial create's id, kept). */
export function withNativeWording(e: unknown): unknown {
  if (e instanceof Error) e.message = nativeWording(e.message);
  return e;
}
