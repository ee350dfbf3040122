// The robot inventory of one registry: every robot, classified by owner (this stack, another stack,
// unmanaged), expiry, state and level, filtered as asked. Shared by the TypeScript SDK's
// getRobotInventory, the native provider's invoke and the `pulumi-harbor-robots inventory` command.
import type { HarborClient } from "../client/harbor-client";
import { inventoryArgs, type InventoryArgs, type InventoryResult } from "../model/inventory";
import { validate, type CheckFailure } from "../model/validation";
import { inventoryRecord, matches } from "./classify";
import { listRegistryRobots, type ListingProgress } from "./listing";
import { ownerMarks, type OwnerMarks } from "./owner-marks";

export { expiresWithin } from "./classify";
export { importFile, type ImportFile } from "./import-file";
export type { ListingProgress } from "./listing";

export interface InventoryOptions {
  /** Now, in ms (default: this machine's clock). */
  nowMs?: number;
  /** The owner mark reader (default: the one robots are marked with). */
  marks?: OwnerMarks;
  onProgress?: (p: ListingProgress) => void;
}

/** The arguments' problems, each on its argument, naming the rule. */
export function inventoryArgsFailures(args: unknown): CheckFailure[] {
  return validate(inventoryArgs, args, Object.keys(inventoryArgs.shape)).map((f) => ({
    ...f,
    reason: f.reason.replace("is not an input of this resource", "is not an argument of getRobotInventory"),
  }));
}

/** The same as text: "expiringWithinDays: must be at least 0". */
export function inventoryArgsProblems(args: unknown): string[] {
  return inventoryArgsFailures(args).map((f) => `${f.property}: ${f.reason}`);
}

export async function robotInventory(
  client: HarborClient,
  args: InventoryArgs = {},
  opts: InventoryOptions = {},
): Promise<InventoryResult> {
  const problems = inventoryArgsProblems(args);
  if (problems.length) throw new Error(`getRobotInventory: ${problems.join("; ")}`);
  const nowMs = opts.nowMs ?? Date.now();
  const listed = await listRegistryRobots(client, {
    level: args.level,
    project: args.project,
    onProgress: opts.onProgress,
  });
  const ctx = { nowMs, marks: opts.marks ?? ownerMarks, stack: args.stack };
  const robots = listed.map((l) => inventoryRecord(l, ctx)).filter((r) => matches(r, args, nowMs));
  return { registryUrl: client.url, robots };
}
