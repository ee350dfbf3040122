// What the generated SDK files (sdk/args.ts, sdk/outputs.ts) share: the model's describe() text as
// JSDoc, and the repository's formatting.
import * as prettier from "prettier";
import type { z } from "zod";

// zod 4 keeps a schema's kind and parts in `_zod.def`; only the few kinds the models use matter here.
export interface Def {
  type: string;
  innerType?: z.ZodType;
  element?: z.ZodType;
}
export const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

export function unwrapOptional(s: z.ZodType): { schema: z.ZodType; optional: boolean } {
  const def = defOf(s);
  return def.type === "optional"
    ? { schema: def.innerType!, optional: true }
    : { schema: s, optional: false };
}

/** The first description among the schemas (a field's own, then the schema it wraps). */
export function docOf(...schemas: z.ZodType[]): string | undefined {
  return schemas.map((s) => s.description).find((d) => d !== undefined);
}

/** The text as a JSDoc comment at the given indent, wrapped at 100 columns ("" for no text). */
export function jsdoc(text: string | undefined, indent: string): string {
  if (!text) return "";
  const words = text.replace(/\*\//g, "*\\/").split(/\s+/);
  const lines: string[] = [];
  let line = "";
  for (const w of words) {
    if (line && `${indent} * ${line} ${w}`.length > 100) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.length === 1
    ? `${indent}/** ${lines[0]} */\n`
    : `${indent}/**\n${lines.map((l) => `${indent} * ${l}`).join("\n")}\n${indent} */\n`;
}

/** The TypeScript text formatted as the repository formats the target file (so lint and it agree). */
export async function formatted(target: string, text: string): Promise<string> {
  const options = (await prettier.resolveConfig(target)) ?? {};
  return prettier.format(text, { ...options, filepath: target });
}
