// delete: DELETE; a robot that is already gone counts as deleted.
import { harborFor } from "../harbor";
import { invalidate } from "../lookups";
import type { RobotAccountState } from "./state";

export async function deleteRobotAccount(state: RobotAccountState): Promise<void> {
  const { client } = harborFor(state.connection);
  await client.deleteRobot(state.robotId);
  invalidate(client);
}
