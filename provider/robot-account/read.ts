// read (refresh): picks up out-of-band edits, prefix renames and newly matching projects. Only a 404
// means the robot is gone; any other error fails the refresh and keeps the state.
import { harborFor } from "../harbor";
import { harborFacts, matchPatterns, readRobot } from "./harbor-robot";
import { withCredentials, type RobotAccountState } from "./state";

export async function readRobotAccount(state: RobotAccountState): Promise<RobotAccountState | undefined> {
  const { client, registry } = harborFor(state.connection);
  const robot = await readRobot(client, state);
  if (!robot) return undefined;
  const patternMatches = await matchPatterns(client, Object.keys(state.patternMatches ?? {}));
  return withCredentials({
    ...state,
    ...harborFacts(robot, { durationDays: state.durationDays, creationTime: state.creationTime }),
    patternMatches,
    registry,
  });
}
