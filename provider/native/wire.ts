// Values on the native provider's wire. The engine sends secrets to a provider that accepts them as
// objects tagged with a signature key, and takes a value as secret only when it comes back tagged the
// same way: the handlers work on plain values, so secrets are revealed on the way in and the secret
// properties are tagged again on the way out (the engine never infers it for a provider that accepts
// secrets).

const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- property maps of any resource
export type PropertyMap = Record<string, any>;

function isSecret(value: unknown): value is { value: unknown } {
  return !!value && typeof value === "object" && (value as PropertyMap)[SIG_KEY] === SECRET_SIG;
}

/** The value with every secret replaced by what it holds. */
export function reveal<T = unknown>(value: unknown): T {
  if (isSecret(value)) return reveal(value.value);
  if (Array.isArray(value)) return value.map((v) => reveal(v)) as T;
  if (value && typeof value === "object")
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reveal(v)])) as T;
  return value as T;
}

/** Top-level keys whose value is, or holds, a secret. */
export function secretKeys(props: PropertyMap | undefined): string[] {
  const holds = (v: unknown): boolean =>
    isSecret(v) || (!!v && typeof v === "object" && Object.values(v).some(holds));
  return Object.entries(props ?? {})
    .filter(([, v]) => holds(v))
    .map(([k]) => k);
}

export function secret(value: unknown): PropertyMap {
  return { [SIG_KEY]: SECRET_SIG, value };
}

/** The map with the given top-level keys tagged secret (those present). */
export function withSecrets(props: PropertyMap, keys: Iterable<string>): PropertyMap {
  const out = { ...props };
  for (const k of keys) if (out[k] !== undefined && !isSecret(out[k])) out[k] = secret(out[k]);
  return out;
}
