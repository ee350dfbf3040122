// Validates emulator responses against the official Harbor swagger (2.0) definitions with ajv.
// The swagger file is reference data outside the repository: ../shared/harbor/swagger.yaml from the
// repo root, or $HARBOR_SWAGGER.

import Ajv, { type ValidateFunction } from "ajv";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import yaml from "js-yaml";

type Json = Record<string, unknown>;

const REPO_ROOT = path.resolve(__dirname, "../../../..");

/** Where the swagger file is expected, and whether it is there. */
export function locateSwagger(): { file: string; exists: boolean } {
  const file = process.env.HARBOR_SWAGGER ?? path.resolve(REPO_ROOT, "../shared/harbor/swagger.yaml");
  return { file, exists: existsSync(file) };
}

const DOC_ID = "harbor-swagger";

/**
 * Swagger 2.0 schema → JSON schema for ajv: refs point into the combined document, `x-nullable`
 * (and Harbor's `x-isnullable`) allow null, and objects reject properties the definition does not
 * name — go-swagger models never emit extra fields, so an extra field is an emulator bug.
 */
function convert(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(convert);
  if (node === null || typeof node !== "object") return node;
  const src = node as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(src)) {
    if (k === "$ref" && typeof v === "string") out.$ref = v.startsWith("#/") ? `${DOC_ID}${v}` : v;
    else if (k === "properties" && v && typeof v === "object") {
      out.properties = Object.fromEntries(Object.entries(v as Json).map(([name, s]) => [name, convert(s)]));
    } else if (!k.startsWith("x-") && k !== "example") out[k] = convert(v);
  }
  if (out.properties && out.additionalProperties === undefined) out.additionalProperties = false;
  // Go marshals a nil slice as null, so a go-swagger array may be null whatever the definition says
  // (real Harbor: a project's current_user_role_ids for a caller who is no member).
  if (out.type === "array") out.type = ["array", "null"];
  if (src["x-nullable"] === true || src["x-isnullable"] === true) {
    if (typeof out.type === "string") out.type = [out.type, "null"];
    else if (out.$ref) return { anyOf: [{ $ref: out.$ref }, { type: "null" }] };
  }
  return out;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function collectFormats(node: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(node)) node.forEach((n) => collectFormats(n, found));
  else if (node && typeof node === "object") {
    for (const [k, v] of Object.entries(node as Json)) {
      if (k === "format" && typeof v === "string") found.add(v);
      else collectFormats(v, found);
    }
  }
  return found;
}

export interface ResponseToCheck {
  method: string;
  swaggerPath: string | undefined;
  status: number;
  body: unknown;
}

export class SwaggerValidator {
  private readonly ajv: Ajv;
  private readonly doc: Json;
  private readonly cache = new Map<string, ValidateFunction>();

  constructor(file: string) {
    this.doc = yaml.load(readFileSync(file, "utf8")) as Json;
    this.ajv = new Ajv({ strict: false, allErrors: true });
    for (const format of collectFormats(this.doc.definitions)) {
      if (format === "date-time") this.ajv.addFormat(format, DATE_TIME);
      else if (/^u?int\d*$/.test(format))
        this.ajv.addFormat(format, { type: "number", validate: Number.isInteger });
      else this.ajv.addFormat(format, true);
    }
    this.ajv.addSchema({ $id: DOC_ID, definitions: convert(this.doc.definitions) });
  }

  /** True if the swagger document declares this operation. */
  hasOperation(method: string, swaggerPath: string): boolean {
    return Boolean(this.operation(method, swaggerPath));
  }

  private operation(method: string, swaggerPath: string | undefined): Json | undefined {
    const paths = this.doc.paths as Record<string, Json>;
    return swaggerPath ? (paths[swaggerPath]?.[method.toLowerCase()] as Json | undefined) : undefined;
  }

  /** The declared response, following `$ref: '#/responses/…'`. */
  private declaredResponse(r: ResponseToCheck): Json | undefined {
    const responses = this.operation(r.method, r.swaggerPath)?.responses as Record<string, Json> | undefined;
    let declared = responses?.[String(r.status)];
    const ref = declared?.$ref;
    if (typeof ref === "string")
      declared = (this.doc.responses as Record<string, Json>)[ref.replace("#/responses/", "")];
    return declared;
  }

  private compiled(key: string, schema: unknown): ValidateFunction {
    let fn = this.cache.get(key);
    if (!fn) this.cache.set(key, (fn = this.ajv.compile(convert(schema) as Json)));
    return fn;
  }

  /**
   * Problems with one response ([] = conforms). Error statuses are checked against `Errors` even
   * where the swagger leaves them undeclared or without a schema: Harbor always sends that body.
   */
  validate(r: ResponseToCheck): string[] {
    const declared = this.declaredResponse(r);
    const where = `${r.method} ${r.swaggerPath ?? "(no route)"} ${r.status}`;
    let schema: unknown = declared?.schema;
    if (r.status >= 400) schema = { $ref: "#/definitions/Errors" };
    else if (!declared) return [`${where}: status not declared in the swagger`];
    if (schema === undefined)
      return r.body === undefined ? [] : [`${where}: body sent where the swagger declares none`];
    if (r.body === undefined) return [`${where}: empty body where the swagger declares a schema`];
    const fn = this.compiled(JSON.stringify(schema), schema);
    if (fn(r.body)) return [];
    return (fn.errors ?? []).map(
      (e) => `${where}: ${e.instancePath || "/"} ${e.message} ${JSON.stringify(e.params)}`,
    );
  }
}
