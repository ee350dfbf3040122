// pulumi-harbor-robots/native: the same resources as the package's main entry, served by the native
// provider (package `harbor-robots`, plugin pulumi-resource-harbor-robots) instead of the dynamic
// one: importable with `pulumi import`, shared with YAML/Python/Go programs, and the state holds no
// serialized code. Arguments and outputs are the main entry's; the plugin must be on PATH or
// installed with `pulumi plugin install` (README).
import * as pulumi from "@pulumi/pulumi";
import { ROBOT_SECRET_OUTPUTS, robotAccountOutputs, robotSettingsOutputs } from "../provider/model/outputs";
import type { InventoryArgs, InventoryResult } from "../provider/model/inventory";
import { GET_ROBOT_INVENTORY } from "../provider/native/config";
import type { RobotAccountArgs, RobotSettingsArgs } from "./args";
import type { RobotAccountOutputs, RobotSettingsOutputs } from "./outputs";
import { declaredOutputs } from "./input-types";
import { ownerOf, programStack } from "./owner";
import { withoutPromiseStacks } from "./promise-stacks";
import { ROBOT_SECRET_INPUTS, SETTINGS_SECRET_INPUTS, withSecretInputs } from "./secret-inputs";
import { declareProvider, declareSettings, orderedAfterSettings } from "./settings-order";

const PACKAGE = "harbor-robots";
/** Stack config `harbor-robots:url` names the default registry of this package's resources. */
const NATIVE_NAMESPACE = PACKAGE;

/** `harbor-robots:<key>` of the provider; each left out comes from stack config, then HARBOR_*. */
export interface ProviderArgs {
  url?: pulumi.Input<string>;
  username?: pulumi.Input<string>;
  /** Kept as a Pulumi secret. */
  password?: pulumi.Input<string>;
  /** PEM text of a CA bundle, or a path to one. */
  caCert?: pulumi.Input<string>;
  insecure?: pulumi.Input<boolean>;
  /** The Harbor release rules are checked against at preview (default 2.15). */
  harborVersion?: pulumi.Input<string>;
  recoveryWindowHours?: pulumi.Input<number>;
  /** Least-privilege findings fail the preview instead of warning (default false). */
  strict?: pulumi.Input<boolean>;
}

/** One Harbor registry: pass it as `provider` to manage several registries in one program. */
export class Provider extends pulumi.ProviderResource {
  constructor(name: string, args: ProviderArgs = {}, opts?: pulumi.ResourceOptions) {
    const props = {
      ...args,
      password: args.password === undefined ? undefined : pulumi.secret(args.password),
    };
    super(PACKAGE, name, props, opts);
    declareProvider(this, args.url); // robots on it wait for RobotSettings on it (settings-order.ts)
  }
}

// Outputs are declared by merging the interfaces generated from the zod models (sdk/outputs.ts) into
// each class (one list of outputs and their docs, no class fields that could shadow the values the
// engine sets).
/* eslint-disable @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- see above */
export interface RobotAccount extends RobotAccountOutputs {}
/** A Harbor robot account; Harbor shows its secret once and it is kept as a Pulumi secret output. */
export class RobotAccount extends pulumi.CustomResource {
  constructor(name: string, args: RobotAccountArgs, opts?: pulumi.CustomResourceOptions) {
    const secretOutputs = [...new Set([...(opts?.additionalSecretOutputs ?? []), ...ROBOT_SECRET_OUTPUTS])];
    // After the RobotSettings of this program that change its default expiration or its prefix.
    const ordered = orderedAfterSettings(
      args,
      // The owner as the dynamic SDK sends it: the engine tells the provider no organization.
      {
        ...declaredOutputs(robotAccountOutputs),
        ...withSecretInputs(args, ROBOT_SECRET_INPUTS),
        owner: ownerOf(name),
      },
      opts,
      NATIVE_NAMESPACE,
    );
    const restoreStacks = withoutPromiseStacks(); // see promise-stacks.ts: most of the CPU per robot
    try {
      super(`${PACKAGE}:index:RobotAccount`, name, ordered.props, {
        ...ordered.opts,
        additionalSecretOutputs: secretOutputs,
      });
    } finally {
      restoreStacks();
    }
    ordered.bind(this);
  }
}

export interface RobotSettings extends RobotSettingsOutputs {}
/** Harbor's robot name prefix and default robot expiration (only the values given are managed). */
export class RobotSettings extends pulumi.CustomResource {
  constructor(name: string, args: RobotSettingsArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      `${PACKAGE}:index:RobotSettings`,
      name,
      { ...declaredOutputs(robotSettingsOutputs), ...withSecretInputs(args, SETTINGS_SECRET_INPUTS) },
      opts,
    );
    declareSettings(this, args, opts, NATIVE_NAMESPACE);
  }
}

/* eslint-enable @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type */

/**
 * Every robot of the registry the provider is configured for (`opts.provider` for another), through
 * the plugin's invoke harbor-robots:index:getRobotInventory; "this stack" is the running program's
 * unless `stack` names another.
 */
export function getRobotInventory(
  args: InventoryArgs = {},
  opts?: pulumi.InvokeOptions,
): Promise<InventoryResult> {
  return pulumi.runtime.invoke(GET_ROBOT_INVENTORY, { stack: programStack(), ...args }, opts);
}

export type { RobotAccountArgs, RobotSettingsArgs } from "./args";
export type { RobotAccountOutputs, RobotSettingsOutputs } from "./outputs";
export type * from "./inventory-types";
