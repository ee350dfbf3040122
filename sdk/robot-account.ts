// RobotAccount: a Harbor robot account (system or project level) with its secret kept as a Pulumi
// secret output.
import * as pulumi from "@pulumi/pulumi";
import type { PermissionEntry } from "../provider/model/robot-account";
import type { RobotAccountArgs } from "./args";
import type { NormalizedPermission } from "../provider/model/permissions";
import { ROBOT_STORED_SECRET_OUTPUTS, robotAccountStoredOutputs } from "../provider/model/outputs";
import {
  credentialOutputs,
  type CredentialFacts,
  type CredentialOutputs,
} from "../provider/robot-account/credentials";
import { grantsOf } from "../provider/robot-account/grants";
import shim = require("../provider/shims/robot-account");
import { declaredOutputs } from "./input-types";
import { withoutPromiseStacks } from "./promise-stacks";
import { ownerOf } from "./owner";
import { ROBOT_SECRET_INPUTS, withSecretInputs } from "./secret-inputs";
import { orderedAfterSettings } from "./settings-order";

export class RobotAccount extends pulumi.dynamic.Resource {
  /** Harbor's numeric robot id. */
  declare readonly robotId: pulumi.Output<number>;
  /** The login name: prefix + name (project robots: prefix + project + "+" + name). */
  declare readonly fullName: pulumi.Output<string>;
  /** The short name sent to Harbor. */
  declare readonly name: pulumi.Output<string>;
  declare readonly level: pulumi.Output<"system" | "project">;
  declare readonly description: pulumi.Output<string>;
  /** The declared duration as given (days or "never"); undefined when the server default was used. */
  declare readonly duration: pulumi.Output<number | "never" | undefined>;
  /**
   * The duration Harbor holds, in days from creation; -1 means never. After a renewal
   * (`renewBeforeDays`) it exceeds the declared duration by the days from creation to the renewal.
   */
  declare readonly durationDays: pulumi.Output<number>;
  /** Unix seconds; -1 means never. Moves forward when `renewBeforeDays` renews the robot. */
  declare readonly expiresAt: pulumi.Output<number>;
  declare readonly disabled: pulumi.Output<boolean>;
  /** The declared permission entries, as given. */
  declare readonly permissions: pulumi.Output<PermissionEntry[]>;
  /** What Harbor grants, normalized (sorted, merged by namespace, patterns expanded). */
  declare readonly grantedPermissions: pulumi.Output<NormalizedPermission[]>;
  declare readonly creationTime: pulumi.Output<string>;
  /** The robot's secret (a Pulumi secret). */
  declare readonly secret: pulumi.Output<string>;
  /** Where the robot lives (normalized URL), for dockerConfigJson; states of 0.1 may have only `registry`. */
  declare private readonly registryUrl: pulumi.Output<string | undefined>;
  declare private readonly registry: pulumi.Output<string | undefined>;
  declare private readonly grants: pulumi.Output<string[] | undefined>;
  private credentialOutputs?: pulumi.Output<CredentialOutputs | undefined>;

  constructor(name: string, args: RobotAccountArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      // Every stored output is declared (undefined), so it exists on the resource even when the
      // matching input is left out (an auto-named robot's `name`). Each costs the program an Output.
      ...declaredOutputs(robotAccountStoredOutputs),
      registryUrl: undefined,
      registry: undefined,
      grantedPermissions: undefined,
      grants: undefined,
      ...withSecretInputs(args, ROBOT_SECRET_INPUTS),
      // Who manages the robot: its owner mark in Harbor, and what an auto-name is made of (check.ts).
      owner: ownerOf(name),
    };
    // After the RobotSettings of this program that change its default expiration or its prefix.
    const ordered = orderedAfterSettings(args, props, opts);
    const secretOutputs = [
      ...new Set([...(opts?.additionalSecretOutputs ?? []), ...ROBOT_STORED_SECRET_OUTPUTS]),
    ];
    const restoreStacks = withoutPromiseStacks(); // see promise-stacks.ts: most of the CPU per robot
    try {
      super(
        shim,
        name,
        ordered.props,
        { ...ordered.opts, additionalSecretOutputs: secretOutputs },
        "harbor",
        "RobotAccount",
      );
    } finally {
      restoreStacks();
    }
    ordered.bind(this);
    // The state holds the grants compactly (provider/robot-account/grants.ts), in full only when
    // the compact form cannot say them: the output reads either, made when first asked for.
    const full = this.grantedPermissions;
    let granted: pulumi.Output<NormalizedPermission[]> | undefined;
    Object.defineProperty(this, "grantedPermissions", {
      enumerable: true,
      get: () =>
        (granted ??= pulumi
          .all([full, this.grants])
          .apply(([f, grants]) => f ?? (grants && grantsOf({ grants })))),
    });
  }

  /** JSON like Harbor's exported credentials file: id, name, secret, creation_time, expires_at (secret). */
  get credentialsJson(): pulumi.Output<string> {
    return pulumi.secret(this.credentials().apply((c) => c?.credentialsJson as string));
  }

  /** `{"auths":{"<registry>":{username,password,auth}}}` for an image pull secret (secret). */
  get dockerConfigJson(): pulumi.Output<string> {
    return pulumi.secret(this.credentials().apply((c) => c?.dockerConfigJson as string));
  }

  /**
   * The credential outputs, derived from the stored facts rather than stored by the provider (see
   * provider/robot-account/credentials.ts), when first asked for: Outputs cost the program CPU, and
   * most robots' credentials are never read. Secrets like `secret`, so exported they stay secret.
   */
  private credentials(): pulumi.Output<CredentialOutputs | undefined> {
    this.credentialOutputs ??= pulumi
      .all([
        this.robotId,
        this.fullName,
        this.secret,
        this.creationTime,
        this.expiresAt,
        this.registryUrl,
        this.registry,
      ])
      .apply(([robotId, fullName, secret, creationTime, expiresAt, registryUrl, registry]) =>
        robotId === undefined || fullName === undefined
          ? undefined // no robot: a mocked engine that returned no outputs
          : credentialOutputs({
              robotId,
              fullName,
              secret,
              creationTime,
              expiresAt,
              registryUrl,
              registry,
            } as CredentialFacts),
      );
    return this.credentialOutputs;
  }
}
