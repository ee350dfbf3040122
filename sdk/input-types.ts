// Pulumi input types derived from the provider's zod models: every field (and every nested value)
// may be a plain value, a promise or an Output.
import type * as pulumi from "@pulumi/pulumi";

export type DeepInput<T> = T extends string | number | boolean | undefined | null
  ? pulumi.Input<T>
  : T extends readonly (infer E)[]
    ? pulumi.Input<DeepInput<E>[]>
    : T extends object
      ? pulumi.Input<{ [K in keyof T]: DeepInput<T[K]> }>
      : pulumi.Input<T>;

export type InputsOf<T> = { [K in keyof T]: DeepInput<T[K]> };

/**
 * Every output of a resource as an undefined property: the engine registers an output only for a
 * property the program passes, so an output without a same-named input must still be named here.
 */
export function declaredOutputs(outputs: { shape: Record<string, unknown> }): Record<string, undefined> {
  return Object.fromEntries(Object.keys(outputs.shape).map((k) => [k, undefined]));
}
