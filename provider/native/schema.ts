// The Pulumi package schema of `harbor-robots` (the native provider's GetSchema, and schema.json),
// built from the zod models the provider validates with: the same rules feed `check`, the SDK's
// types and this document.
import { z } from "zod";
import { robotAccountInputSchema } from "../model/robot-account";
import { robotSettingsInputSchema } from "../model/robot-settings";
import { providerConfig } from "../model/provider-config";
import { robotAccountOutputs, robotSettingsOutputs } from "../model/outputs";
import { markSecrets } from "../model/secrets";
import { inventoryArgs, inventoryResult } from "../model/inventory";
import { GET_ROBOT_INVENTORY, NATIVE_PACKAGE } from "./config";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON Schema in, Pulumi schema out: free-form JSON
type Json = Record<string, any>;
const PKG = NATIVE_PACKAGE;

interface Context {
  types: Json;
}

/**
 * One JSON Schema node (from zod) as a Pulumi PropertySpec; objects become named types. A node of a
 * field the models declare secret carries `secret: true` (jsonSchema marks it, model/secrets.ts).
 */
function toProperty(node: Json, typeName: string, ctx: Context): Json {
  const description = node.description as string | undefined;
  const secret = node.secret === true;
  const withDoc = (spec: Json): Json => ({
    ...(description ? { description } : {}),
    ...spec,
    ...(secret ? { secret: true } : {}),
  });
  // zod writes a nullable scalar as `type: ["string", "null"]`: the SDKs take it as optional X.
  if (Array.isArray(node.type)) {
    const types = (node.type as string[]).filter((t) => t !== "null");
    if (types.length === 1) return toProperty({ ...node, type: types[0] }, typeName, ctx);
  }
  if (node.anyOf || node.oneOf) {
    // A nullable value (zod's .nullable(): X or null) is X, optional in the SDKs (see notRequired).
    const options = ((node.anyOf ?? node.oneOf) as Json[]).filter((o) => o.type !== "null");
    if (options.length === 1)
      return toProperty(
        { ...options[0], ...(description ? { description } : {}), ...(secret ? { secret } : {}) },
        typeName,
        ctx,
      );
    const objects = options.filter((o) => o.type === "object").length;
    return withDoc({
      oneOf: options.map((o, i) => toProperty(o, objects > 1 ? `${typeName}${i}` : typeName, ctx)),
    });
  }
  if (node.const !== undefined)
    return withDoc({ type: typeof node.const === "number" ? "number" : "string", const: node.const });
  if (node.enum) {
    const values = (node.enum as unknown[]).map((v) => JSON.stringify(v)).join(", ");
    return withDoc({
      type: "string",
      description: [description?.replace(/\.?$/, "."), `One of ${values}.`].filter(Boolean).join(" "),
    });
  }
  switch (node.type) {
    case "array":
      // Items are named in the singular: RobotAccountPermission for `permissions`.
      return withDoc({
        type: "array",
        items: toProperty(node.items ?? {}, typeName.replace(/([^s])s$/, "$1"), ctx),
      });
    case "object": {
      if (!node.properties)
        return withDoc({ type: "object", additionalProperties: { $ref: "pulumi.json#/Any" } });
      const token = `${PKG}:index:${typeName}`;
      const required = requiredOf(node);
      ctx.types[token] = {
        type: "object",
        ...(description ? { description } : {}),
        properties: properties(node, typeName, ctx),
        ...(required.length ? { required } : {}),
      };
      return withDoc({ $ref: `#/types/${token}` });
    }
    case "integer":
    case "number":
    case "string":
    case "boolean":
      return withDoc({ type: node.type });
    default:
      return withDoc({ $ref: "pulumi.json#/Any" });
  }
}

/** Required properties, less the nullable ones: the SDKs must let them be absent (null). */
function requiredOf(node: Json): string[] {
  const nullable = (child: Json | undefined) =>
    (Array.isArray(child?.type) && child.type.includes("null")) ||
    ((child?.anyOf ?? child?.oneOf ?? []) as Json[]).some((o) => o.type === "null");
  return ((node.required ?? []) as string[]).filter((k) => !nullable(node.properties?.[k])).sort();
}

function properties(node: Json, owner: string, ctx: Context): Json {
  const out: Json = {};
  for (const [key, child] of Object.entries(node.properties as Json)) {
    out[key] = toProperty(child as Json, `${owner}${key[0]!.toUpperCase()}${key.slice(1)}`, ctx);
  }
  return out;
}

function jsonSchema(schema: z.ZodType, io: "input" | "output"): Json {
  return z.toJSONSchema(schema, { io, unrepresentable: "any", override: markSecrets }) as Json;
}

function resource(
  name: string,
  description: string,
  inputs: z.ZodType,
  outputs: z.ZodType,
  ctx: Context,
): Json {
  const inSchema = jsonSchema(inputs, "input");
  const outSchema = jsonSchema(outputs, "output");
  return {
    description,
    inputProperties: properties(inSchema, `${name}`, ctx),
    requiredInputs: [...(inSchema.required ?? [])].sort(),
    properties: properties(outSchema, `${name}Output`, ctx),
    required: [...(outSchema.required ?? [])].sort(),
  };
}

/**
 * Provider configuration (`harbor-robots:<key>` in stack config, or an explicit provider's inputs),
 * from the rules CheckConfig applies. `harborVersion`, not `version`: the engine reserves a
 * provider's `version` for the plugin version.
 */
function providerConfigSpec(ctx: Context): Json {
  return properties(jsonSchema(providerConfig, "input"), "Provider", ctx);
}

/** The function spec of getRobotInventory: its arguments and its result, from the inventory model. */
function inventoryFunction(ctx: Context): Json {
  const inSchema = jsonSchema(inventoryArgs, "input");
  const outSchema = jsonSchema(inventoryResult, "output");
  return {
    description:
      "Every robot of the registry (system and project level), classified: owner (the stack and resource its owner mark names, " +
      "or none), this stack / another stack / unmanaged, expiry and days left, disabled, creator (Harbor 2.12+), permissions; " +
      "filtered by owner class, expiry window, level and project. Reads Harbor at preview too.",
    inputs: { properties: properties(inSchema, "GetRobotInventory", ctx) },
    outputs: {
      properties: properties(outSchema, "Inventory", ctx),
      required: requiredOf(outSchema),
    },
  };
}

export function buildSchema(): Json {
  const ctx: Context = { types: {} };
  const { autoNameBase: _internal, autoNameScope: _scope, ...accountShape } = robotAccountInputSchema.shape;
  const accountInputs = z.object(accountShape).strict();
  const resources = {
    [`${PKG}:index:RobotAccount`]: resource(
      "RobotAccount",
      "A Harbor robot account (system or project level). Harbor shows the secret once; it is kept as a Pulumi " +
        "secret output. Import by robot id: Harbor never returns a secret, so the next update issues a new one.",
      accountInputs,
      robotAccountOutputs,
      ctx,
    ),
    [`${PKG}:index:RobotSettings`]: resource(
      "RobotSettings",
      "Harbor's robot name prefix and default robot expiration. Only the values given are managed. Import by " +
        "registry (URL or host).",
      robotSettingsInputSchema,
      robotSettingsOutputs,
      ctx,
    ),
  };
  const functions = { [GET_ROBOT_INVENTORY]: inventoryFunction(ctx) };
  return {
    name: PKG,
    displayName: "Harbor robot accounts",
    description:
      "Harbor robot accounts and robot settings: secrets kept as Pulumi secrets, preview-time validation.",
    keywords: ["pulumi", "harbor", "robot", "category/infrastructure"],
    license: "Apache-2.0",
    meta: { moduleFormat: "(.*)" },
    config: { variables: providerConfigSpec(ctx) },
    provider: {
      description:
        "One Harbor registry. Several provider resources manage several registries in one program.",
      inputProperties: providerConfigSpec(ctx),
      properties: {},
    },
    types: Object.fromEntries(Object.entries(ctx.types).sort(([a], [b]) => a.localeCompare(b))),
    resources,
    functions,
    language: {
      nodejs: { packageName: "pulumi-harbor-robots" },
      python: { packageName: "pulumi_harbor_robots" },
      go: { importBasePath: "example.com/pulumi-harbor-robots/sdk/go/harborrobots" },
      csharp: { rootNamespace: "HarborRobots", packageReferences: { Pulumi: "3.*" } },
    },
  };
}

export function schemaText(): string {
  return `${JSON.stringify(buildSchema(), null, 2)}\n`;
}
