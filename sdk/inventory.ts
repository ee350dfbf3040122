// getRobotInventory: every robot of a Harbor registry, classified (this stack, another stack,
// unmanaged; expired, disabled, expiring), as a data function of a TypeScript program. A dynamic
// provider has no invokes, so it runs here, in the program: the registry comes from `connection`,
// else stack config harbor:*, else HARBOR_*, by the provider's rules (credentials belong to a URL).
// The Harbor client is loaded when the function is first called: a program that never asks for an
// inventory does not pay for loading it.
import * as pulumi from "@pulumi/pulumi";
import type { ConnectionInput } from "../provider/client/connection";
import type { InventoryArgs, InventoryResult } from "../provider/model/inventory";
import { programStack } from "./owner";

export type * from "./inventory-types";

export interface GetRobotInventoryArgs extends InventoryArgs {
  /** Another registry than the stack's (as a RobotAccount's `connection`). */
  connection?: ConnectionInput;
}

/** Stack config as the provider reads it (`harbor:url`, …), from the running program. */
const programConfig = { get: (key: string) => pulumi.runtime.getConfig(key) };

/**
 * Every robot of the registry that passes the filters. "This stack" is the running program's stack
 * unless `stack` names another. Harbor is read at preview too (a data function, not a resource).
 */
export async function getRobotInventory(args: GetRobotInventoryArgs = {}): Promise<InventoryResult> {
  const { resolveConnection } =
    require("../provider/client/connection") as typeof import("../provider/client/connection");
  const { HarborClient } =
    require("../provider/client/harbor-client") as typeof import("../provider/client/harbor-client");
  const { robotInventory } = require("../provider/inventory") as typeof import("../provider/inventory");
  const { cleartextWarning } = require("../provider/cleartext") as typeof import("../provider/cleartext");
  const { connection, ...filters } = args;
  const settings = resolveConnection(connection, programConfig);
  const cleartext = cleartextWarning(settings.url, `the password of '${settings.username}' travels`);
  if (cleartext) void pulumi.log.warn(`getRobotInventory: ${cleartext}`);
  const client = new HarborClient(settings);
  try {
    return await robotInventory(client, { stack: programStack(), ...filters });
  } finally {
    await client.close();
  }
}

/** getRobotInventory with arguments that may be Outputs. */
export function getRobotInventoryOutput(
  args: pulumi.Input<GetRobotInventoryArgs> = {},
): pulumi.Output<InventoryResult> {
  return pulumi.output(args).apply((plain) => getRobotInventory(plain as GetRobotInventoryArgs));
}
