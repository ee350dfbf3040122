// The native provider (package `harbor-robots`): the engine's resource calls, by type token, onto
// the very operations the dynamic provider serves (../robot-account, ../robot-settings), so both
// providers share every handler, rule and client. What is native-only lives here: secrets on the
// wire (./wire.ts), import (./import.ts) and the package schema.
import type * as pulumi from "@pulumi/pulumi";
import type * as provider from "@pulumi/pulumi/provider";
import { contextOf, type ContextSource } from "../context";
import { robotAccountOutputs, robotSettingsOutputs } from "../model/outputs";
import { robotAccountInputSchema } from "../model/robot-account";
import { robotSettingsInputSchema } from "../model/robot-settings";
import { secretKeysOf, secretStateKeys } from "../model/secrets";
import { robotAccountProvider } from "../robot-account";
import { credentialOutputs, type CredentialFacts } from "../robot-account/credentials";
import { grantsOf, withoutGrants } from "../robot-account/grants";
import { robotSettingsProvider } from "../robot-settings";
import { configFailures, environmentFailures, type ProviderConfigKey } from "../model/provider-config";
import { ownerFromInput, ownerInput } from "../model/owner-mark";
import { isUnknown } from "../model/unknowns";
import { harborFor } from "../harbor";
import { inventoryArgsFailures, robotInventory } from "../inventory";
import type { InventoryArgs } from "../model/inventory";
import { GET_ROBOT_INVENTORY, NATIVE_SETTING_NAMES } from "./config";
import { importRobotAccount, importRobotSettings, type Imported } from "./import";
import { schemaText } from "./schema";
import { reveal, secretKeys, withSecrets, type PropertyMap } from "./wire";

interface ResourceKind {
  ops: Required<Omit<pulumi.dynamic.ResourceProvider, "configure">>;
  /** Inputs that are secrets whatever the program says (the schema's `secret: true`). */
  secretInputs: readonly string[];
  /** Outputs that are secrets: the credentials, and the stored connection (it holds a password). */
  secretOutputs: readonly string[];
  import(id: string): Promise<Imported<object, object>>;
  /** Has an owner (its mark, and its auto-name), from the URN as the TypeScript SDK sends it: ownerFor. */
  owned: boolean;
  /** The outputs as the schema has them, from the state the handlers return. */
  present?: (state: PropertyMap) => PropertyMap;
}

/**
 * A robot's outputs as the schema promises them to YAML, Python and Go programs, which have no SDK
 * code to derive them (the TypeScript SDK does, in the program): grantedPermissions in full instead
 * of the state's compact `grants`, and the credential outputs. The engine stores these.
 */
function robotOutputs(state: PropertyMap): PropertyMap {
  if (state.robotId === undefined) return state;
  return {
    ...withoutGrants(state),
    grantedPermissions: grantsOf(state),
    ...credentialOutputs(state as CredentialFacts),
  };
}

/** The two resource kinds, their operations on the provider process's context. */
function kindsFor(source: ContextSource): Record<string, ResourceKind> {
  return {
    "harbor-robots:index:RobotAccount": {
      ops: robotAccountProvider(source) as ResourceKind["ops"],
      secretInputs: secretKeysOf(robotAccountInputSchema),
      secretOutputs: secretStateKeys(robotAccountInputSchema, robotAccountOutputs),
      import: (id) => importRobotAccount(contextOf(source), id),
      owned: true,
      present: robotOutputs,
    },
    "harbor-robots:index:RobotSettings": {
      ops: robotSettingsProvider(source) as ResourceKind["ops"],
      secretInputs: secretKeysOf(robotSettingsInputSchema),
      secretOutputs: secretStateKeys(robotSettingsInputSchema, robotSettingsOutputs),
      import: (id) => importRobotSettings(contextOf(source), id),
      owned: false,
    },
  };
}

/** The resource type of a URN (urn:pulumi:stack::project::[parent$]type::name). */
export function typeOf(urn: string): string {
  return urn.split("::")[2]?.split("$").pop() ?? "";
}

function kindIn(kinds: Record<string, ResourceKind>, urn: string): ResourceKind {
  const kind = kinds[typeOf(urn)];
  if (!kind)
    throw new Error(
      `unknown resource type ${typeOf(urn)} (this provider serves ${Object.keys(kinds).join(", ")})`,
    );
  return kind;
}

/**
 * The robot's owner (its owner mark, and what its auto-name is made of; model/owner-mark.ts), as the
 * TypeScript SDK sends it: project, stack and resource name from the URN (urn:pulumi:<stack>::<project>
 * ::<type>::<name>). The engine tells a resource plugin no organization (docs/design.md, "Identity"):
 * it comes from an `owner` the program sent (the TypeScript classes always do; YAML can write
 * ${pulumi.organization}/${pulumi.project}/${pulumi.stack}/<name>), else it is left empty. An `owner`
 * naming another project, stack or name than the URN is a check failure, not an owner.
 */
export function ownerFor(urn: string, given: unknown): { owner?: string; failure?: string } {
  const [head, project, , ...rest] = urn.split("::");
  const stack = head?.split(":").pop();
  const name = rest.join("::");
  if (!name || !project || !stack) return {};
  const fromUrn = { stack: `/${project}/${stack}`, resource: name };
  if (given === undefined || given === null || isUnknown(given)) return { owner: ownerInput(fromUrn) };
  const owner = ownerFromInput(given);
  const [organization, ...projectAndStack] = owner?.stack.split("/") ?? [];
  if (!owner || projectAndStack.join("/") !== `${project}/${stack}` || owner.resource !== name)
    return {
      failure:
        `must be "<organization>/${project}/${stack}/${name}": this resource's project, stack and name, ` +
        `with the organization (the engine does not tell the provider), got ${JSON.stringify(given)}`,
    };
  return { owner: ownerInput({ stack: `${organization}/${project}/${stack}`, resource: name }) };
}

/**
 * Outputs as the schema has them, with the kind's secret outputs tagged, and every key that came in
 * as a secret.
 */
function outputs(kind: ResourceKind, outs: PropertyMap, ...secretSources: (PropertyMap | undefined)[]) {
  const all = kind.present ? kind.present(outs) : outs;
  return withSecrets(all, [...kind.secretOutputs, ...secretSources.flatMap(secretKeys)]);
}

/** A partial-create error (the robot exists): its properties are outputs, so they are tagged too. */
function withTaggedProperties(e: unknown, kind: ResourceKind, news: PropertyMap): unknown {
  const err = e as { properties?: PropertyMap };
  if (err && typeof err === "object" && err.properties) err.properties = outputs(kind, err.properties, news);
  return e;
}

/** CheckConfig, which @pulumi/pulumi's Provider interface lacks (main.ts serves it). */
export interface CheckConfig {
  checkConfig(urn: string, olds: PropertyMap, news: PropertyMap): Promise<provider.CheckResult>;
}

export function nativeProvider(version: string, source: ContextSource): provider.Provider & CheckConfig {
  const kinds = kindsFor(source);
  const kindOf = (urn: string) => kindIn(kinds, urn);
  return {
    version,
    getSchema: async () => schemaText(),

    /**
     * The provider's configuration (stack config `harbor-robots:*`, or an explicit provider's inputs)
     * and the `HARBOR_*` environment variables it falls back to, against the same rules as the
     * dynamic provider's settings, at preview: a bad value fails here, naming the key or the variable
     * and the rule, instead of when an operation reads it.
     */
    async checkConfig(_urn: string, _olds: PropertyMap, news: PropertyMap) {
      const failures = [
        ...configFailures(reveal<PropertyMap>(news), (key) =>
          NATIVE_SETTING_NAMES.key(key as ProviderConfigKey),
        ),
        // The HARBOR_* fallbacks too: the same variables as the dynamic provider's, the same rules.
        ...environmentFailures(contextOf(source).settings.env),
      ];
      // No property: the engine would print the value it names, e.g. a URL with a password in it. The
      // reason names the key (and the value, where that is safe) itself.
      return { inputs: news, failures: failures.map((f) => ({ property: "", reason: f.reason })) };
    },

    async check(urn, olds, news) {
      const kind = kindOf(urn);
      const revealed = reveal<PropertyMap>(news);
      const owned = kind.owned ? ownerFor(urn, revealed.owner) : {};
      const result = await kind.ops.check(reveal(olds), {
        ...revealed,
        ...(owned.owner !== undefined ? { owner: owned.owner } : {}),
      });
      const inputs = result.inputs && withSecrets(result.inputs, [...kind.secretInputs, ...secretKeys(news)]);
      const failures = [
        ...(result.failures ?? []),
        ...(owned.failure ? [{ property: "owner", reason: owned.failure }] : []),
      ];
      return { inputs, failures };
    },

    async diff(id, urn, olds, news) {
      return kindOf(urn).ops.diff(id, reveal(olds), reveal(news));
    },

    async create(urn, news) {
      const kind = kindOf(urn);
      try {
        const { id, outs } = await kind.ops.create(reveal(news));
        return { id, outs: outputs(kind, outs, news) };
      } catch (e) {
        throw withTaggedProperties(e, kind, news);
      }
    },

    async read(id, urn, props) {
      const kind = kindOf(urn);
      if (!props || Object.keys(props).length === 0) {
        // No state: `pulumi import` (or a `get`). Rebuild state and inputs from Harbor.
        try {
          const { state, inputs } = await kind.import(id);
          return {
            id,
            props: outputs(kind, state as PropertyMap),
            inputs: withSecrets(inputs as PropertyMap, kind.secretInputs),
          };
        } finally {
          await contextOf(source).warnings.flush();
        }
      }
      const result = await kind.ops.read(id, reveal(props));
      // No id: gone (or a stranger at the id); the engine drops the resource from the state.
      if (!result.id) return { props: {} };
      // The declared inputs with Harbor's current values, so a preview after refresh names the drift.
      const inputs =
        result.inputs && withSecrets(result.inputs, [...kind.secretInputs, ...secretKeys(props)]);
      return {
        id: result.id,
        props: outputs(kind, result.props ?? {}, props),
        ...(inputs ? { inputs } : {}),
      };
    },

    async update(id, urn, olds, news) {
      const kind = kindOf(urn);
      try {
        const { outs } = await kind.ops.update(id, reveal(olds), reveal(news));
        return { outs: outputs(kind, outs ?? {}, news, olds) };
      } catch (e) {
        throw withTaggedProperties(e, kind, news); // a half-applied update records what is in force
      }
    },

    async delete(id, urn, props) {
      await kindOf(urn).ops.delete(id, reveal(props));
    },

    /** getRobotInventory, on the registry this provider is configured for (its url, else HARBOR_URL). */
    async invoke(token, inputs) {
      if (token !== GET_ROBOT_INVENTORY)
        throw new Error(`unknown function ${token} (this provider serves ${GET_ROBOT_INVENTORY})`);
      const args = reveal<PropertyMap>(inputs ?? {});
      const failures = inventoryArgsFailures(args);
      if (failures.length) return { outputs: {}, failures };
      try {
        return {
          outputs: await robotInventory(
            harborFor(contextOf(source), undefined).client,
            args as InventoryArgs,
          ),
        };
      } finally {
        await contextOf(source).warnings.flush();
      }
    },
  };
}
