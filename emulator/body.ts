// Request bodies are bound the way go-swagger binds them into Go structs: unknown fields are ignored,
// null leaves the zero value (here: undefined), and a wrong JSON type fails the whole request with
// 422 UNPROCESSABLE_ENTITY (a composite validation error), as does a missing body.

import { unprocessable } from "./errors";

export type Shape =
  | "string"
  | "int"
  | "bool"
  | { map: "string" }
  | { array: Shape }
  | { struct: string; fields: Record<string, Shape> };

export type StructShape = Extract<Shape, { struct: string }>;

function goType(shape: Shape): string {
  if (shape === "int") return "int64";
  if (typeof shape === "string") return shape;
  if ("map" in shape) return "map[string]string";
  if ("array" in shape)
    return `[]${typeof shape.array === "object" && "struct" in shape.array ? "*" : ""}${goType(shape.array)}`;
  return `models.${shape.struct}`;
}

function jsonType(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (typeof value === "object") return "object";
  return typeof value === "boolean" ? "bool" : typeof value;
}

class BindError extends Error {}

function bind(value: unknown, shape: Shape, field: string): unknown {
  if (value === null || value === undefined) return undefined;
  const fail = (what = jsonType(value)): never => {
    throw new BindError(
      `json: cannot unmarshal ${what} into Go struct field ${field} of type ${goType(shape)}`,
    );
  };
  if (shape === "string") return typeof value === "string" ? value : fail();
  if (shape === "bool") return typeof value === "boolean" ? value : fail();
  if (shape === "int") {
    if (typeof value !== "number") return fail();
    return Number.isInteger(value) ? value : fail(`number ${value}`);
  }
  if ("array" in shape) {
    if (!Array.isArray(value)) return fail();
    return value.map((v) => bind(v, shape.array, field));
  }
  if (typeof value !== "object" || Array.isArray(value)) return fail();
  const obj = value as Record<string, unknown>;
  if ("map" in shape)
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, bind(v, "string", `${field}.${k}`)]));
  const out: Record<string, unknown> = {};
  for (const [name, sub] of Object.entries(shape.fields)) {
    const bound = bind(obj[name], sub, `${field}.${name}`);
    if (bound !== undefined) out[name] = bound;
  }
  return out;
}

/**
 * Parse and bind a JSON body. `param` is the swagger body parameter name (used in messages);
 * the struct's Go name prefixes field paths the way encoding/json reports them.
 */
export function bindBody(raw: Buffer, param: string, shape: StructShape): Record<string, unknown> {
  const text = raw.toString("utf8");
  if (text.trim() === "") throw unprocessable(`${param} in body is required`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw unprocessable(`parsing ${param} body from "" failed, because ${(e as Error).message}`);
  }
  if (parsed === null) throw unprocessable(`${param} in body is required`);
  if (typeof parsed !== "object" || Array.isArray(parsed)) {
    throw unprocessable(
      `parsing ${param} body from "" failed, because json: cannot unmarshal ${jsonType(parsed)} into Go value of type models.${shape.struct}`,
    );
  }
  try {
    const bound = bind(parsed, shape, shape.struct) as Record<string, unknown>;
    return bound;
  } catch (e) {
    if (e instanceof BindError)
      throw unprocessable(`parsing ${param} body from "" failed, because ${e.message}`);
    throw e;
  }
}
