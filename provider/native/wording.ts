// The handlers' messages name the dynamic provider's settings (`stack config harbor:url`); a native
// provider user sets `harbor-robots:url` (stack config or the provider resource's inputs), and
// `harbor-robots:harborVersion` for `harbor:version`. Messages are reworded on their way out.

import { DYNAMIC_KEY } from "./config";

// One rewrite per key of the native config (the table that maps it onto the dynamic provider's key),
// so a new setting cannot be missed here: `stack config harbor:x` first, then a bare `harbor:x`.
const REWRITES: Array<[RegExp, string]> = Object.entries(DYNAMIC_KEY).flatMap(([native, dynamic]) => [
  [new RegExp(`\\bstack config ${dynamic}\\b`, "g"), `provider config harbor-robots:${native}`],
  [new RegExp(`\\b${dynamic}\\b`, "g"), `harbor-robots:${native}`],
]);

export function nativeWording(text: string): string {
  return REWRITES.reduce((out, [pattern, replacement]) => out.replace(pattern, replacement), text);
}

/** The same error with its message reworded (its other fields, e.g. a partial create's id, kept). */
export function withNativeWording(e: unknown): unknown {
  if (e instanceof Error) e.message = nativeWording(e.message);
  return e;
}
