// Which fields hold credentials, declared once on the zod models: the schema's `secret: true`, the
// SDKs' secret inputs and additionalSecretOutputs, and the native provider's wire tagging all read
// it here, so no list of secret fields is kept in step by hand.
import { z } from "zod";

/** The schemas whose values are Pulumi secrets wherever they appear. */
const secretSchemas = z.registry<undefined>();

/** Declares the field a secret (input or output): returns the same schema, registered. */
export function secretField<T extends z.ZodType>(schema: T): T {
  secretSchemas.add(schema);
  return schema;
}

/** Whether the schema, or the schema it wraps (optional, nullable, default), was declared secret. */
export function isSecretField(schema: z.ZodType): boolean {
  for (let s: z.ZodType | undefined = schema; s; s = innerOf(s)) if (secretSchemas.has(s)) return true;
  return false;
}

function innerOf(schema: z.ZodType): z.ZodType | undefined {
  return (schema as unknown as { _zod: { def: { innerType?: z.ZodType } } })._zod.def.innerType;
}

/** The top-level keys of an object model whose values are secrets, in the model's order. */
export function secretKeysOf(model: { shape: Record<string, z.ZodType> }): string[] {
  return Object.entries(model.shape)
    .filter(([, field]) => isSecretField(field))
    .map(([key]) => key);
}

/**
 * z.toJSONSchema's `override` hook that marks the JSON Schema of every secret field `secret: true`
 * (nested ones too: the connection's password), as the Pulumi package schema spells it.
 */
export function markSecrets(ctx: { zodSchema: unknown; jsonSchema: Record<string, unknown> }): void {
  if (isSecretField(ctx.zodSchema as z.ZodType)) ctx.jsonSchema.secret = true;
}

/**
 * The keys of a resource's state that hold secrets: its secret outputs, and its secret inputs, which
 * stay secrets where the state echoes them (a robot's connection holds a password).
 */
export function secretStateKeys(
  inputs: { shape: Record<string, z.ZodType> },
  outputs: { shape: Record<string, z.ZodType> },
): string[] {
  return [...new Set([...secretKeysOf(outputs), ...secretKeysOf(inputs)])];
}
