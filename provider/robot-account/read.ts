// read (refresh): picks up out-of-band edits, prefix renames and newly matching projects, on the
// registry the robot lives on and nowhere else. Only a 404 means the robot is gone; a robot at the
// stored id that is not ours (see identity.ts: a stranger, or one another stack took over) counts as
// gone too, and is never written into the state. Any other error fails the refresh and keeps the
// state. The description read back is the declared one (the owner mark stripped, harbor-robot.ts).
import type { ProviderContext } from "../context";
import { isRegistryUnreachable, withStoredConnection } from "../harbor";
import { harborFacts, matchPatterns, readRobot } from "./harbor-robot";
import { strangerReason, takenOverBy } from "./identity";
import { describeOwner } from "../model/owner-mark";
import { checkStoredSecret } from "./secret-check";
import { storedPatternMatches, withoutLegacy, type RobotAccountState } from "./state";
import { withoutGrants } from "./grants";

export async function readRobotAccount(
  ctx: ProviderContext,
  state: RobotAccountState,
): Promise<RobotAccountState | undefined> {
  const warn = (text: string) => ctx.warnings.warn(text);
  try {
    return await withStoredConnection(ctx, state, async ({ client, registryUrl }) => {
      const robot = await readRobot(client, state);
      if (!robot) return undefined;
      const stranger = strangerReason(state, robot);
      if (stranger) {
        warn(
          `robot ${state.fullName || state.name} is no longer on ${registryUrl}: ${stranger}. It is dropped from the ` +
            `state (that robot was not touched); the next \`pulumi up\` creates ${state.name} again.`,
        );
        return undefined;
      }
      const other = takenOverBy(state, robot);
      if (other) {
        warn(
          `robot ${robot.name} (id ${robot.id}) on ${registryUrl} is managed by Pulumi ${describeOwner(other)} now ` +
            "(its description's owner mark says so: that stack took it over with takeOver). It is dropped from this " +
            "stack's state and left to that stack (Harbor was not touched); while this program still declares it, " +
            "the next `pulumi up` fails on the name conflict.",
        );
        return undefined;
      }
      const { patternMatches: stored, ...rest } = withoutGrants(withoutLegacy(state));
      const patternMatches = await matchPatterns(client, Object.keys(stored ?? {}));
      const refreshed = {
        ...rest,
        ...harborFacts(robot, { durationDays: state.durationDays, creationTime: state.creationTime }),
        ...storedPatternMatches(patternMatches),
        registryUrl,
      };
      // When asked: does the stored secret still log in? Only on this registry (this client's).
      return checkStoredSecret(ctx, client, refreshed);
    });
  } catch (e) {
    if (!isRegistryUnreachable(e)) throw e;
    // Reading another registry would be reading a stranger; forgetting the robot would strand it.
    warn(
      `robot ${state.fullName || state.name} (id ${state.robotId}) lives on ${e.registry}, which the current settings ` +
        `give no credentials for (${e.message}); it was not refreshed and its state is kept as it was.`,
    );
    return state;
  }
}
