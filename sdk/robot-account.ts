// RobotAccount: a Harbor robot account (system or project level) with its secret kept as a Pulumi
// secret output.
import * as pulumi from "@pulumi/pulumi";
import type { RobotAccountArgs } from "./args";
import type { RobotAccountOutputs } from "./outputs";
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

// The outputs and their docs are the interface generated from the zod model (sdk/outputs.ts),
// merged into the class: `declare`d, so no class field shadows the values the engine sets.
/* eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging, @typescript-eslint/no-empty-object-type -- see above */
export interface RobotAccount extends RobotAccountOutputs {}
/** A Harbor robot account; Harbor shows its secret once and it is kept as a Pulumi secret output. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- see above
export class RobotAccount extends pulumi.dynamic.Resource {
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

  // credentialsJson and dockerConfigJson (documented in sdk/outputs.ts) are derived in the program.
  get credentialsJson(): pulumi.Output<string> {
    return pulumi.secret(this.credentials().apply((c) => c?.credentialsJson as string));
  }

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
