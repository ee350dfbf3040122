// delete: only the robot this resource made, only on the registry it lives on. The robot is looked up
// first (in the robot listing the provider process shares, see client/caching-client.ts; one GET when it is not
// listed): gone counts as deleted, a stranger at the stored id is refused (see identity.ts), a robot
// another stack took over (its owner mark names that stack) is left to it with a warning, so is one a
// create of this process took up (adopted.ts: the old instance of a replacement that keeps the name),
// and a registry the current settings give no credentials for is never replaced by another one.
import { isRegistryUnreachable, unreachableAdvice, withStoredConnection } from "../harbor";
import { readRobot } from "./harbor-robot";
import { strangerReason, takenOverBy } from "./identity";
import type { ProviderContext } from "../context";
import { describeOwner } from "../model/owner-mark";
import { storedOwner, type RobotAccountState } from "./state";

const FORGET =
  "or, to stop managing it and leave Harbor as it is, remove it from the state with `pulumi state delete <URN>` " +
  "(`pulumi stack --show-urns` lists the URNs)";

export async function deleteRobotAccount(ctx: ProviderContext, state: RobotAccountState): Promise<void> {
  const warn = (text: string) => ctx.warnings.warn(text);
  const label = `robot ${state.fullName || state.name} (id ${state.robotId})`;
  try {
    await withStoredConnection(ctx, state, async ({ client, registryUrl }) => {
      if (ctx.memory.adopted.has(registryUrl, state, storedOwner(state))) {
        warn(
          `${label} on ${registryUrl} was not deleted: a create of this resource in this run took it up (it carries ` +
            "this resource's owner mark), so it belongs to the new instance now: a replacement that keeps the robot's " +
            "name and is created first (pulumi up --replace, replaceOnChanges). It is removed from the old instance's " +
            "state only.",
        );
        return;
      }
      const robot = await readRobot(client, state);
      if (!robot) return; // already gone
      const stranger = strangerReason(state, robot);
      if (stranger) {
        throw new Error(
          `refusing to delete ${label} on ${registryUrl}: ${stranger}. It is not the robot this resource created, ` +
            `so nothing was deleted. If the registry moved, point the connection back at the one it was created on; ${FORGET}.`,
        );
      }
      const other = takenOverBy(state, robot);
      if (other) {
        warn(
          `${label} on ${registryUrl} was not deleted: it is managed by Pulumi ${describeOwner(other)} now (its ` +
            "description's owner mark says so: that stack took it over with takeOver), so it is that stack's to " +
            "delete. It is removed from this stack's state only.",
        );
        return;
      }
      await client.deleteRobot(state.robotId);
    });
  } catch (e) {
    if (!isRegistryUnreachable(e)) throw e;
    throw new Error(
      `cannot delete ${label}: it lives on ${e.registry}, and the current settings give no credentials for that ` +
        `registry (${e.message}). ${unreachableAdvice(e, ctx.settings.names)}`,
    );
  }
}
