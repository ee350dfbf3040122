// Robots that a create of this provider process took up as its own (recovered by this resource's
// owner mark, or taken over), by registry and id. A delete in the same process leaves them.
//
// Why: a replacement that keeps the robot's name and is created first (`pulumi up --replace`,
// `replaceOnChanges`, `replaceWith`: the engine does not ask the provider for delete-first there) POSTs
// while the old robot still exists. Harbor answers 409, the robot found carries this resource's mark
// (the same stack and resource name), and the create finishes it as this resource's. Then the engine
// deletes the old instance, whose state holds the same robot id: without this record that delete
// would remove the robot the new state holds. Nothing in Harbor tells the two instances apart (same
// mark, same id), but the engine runs both steps in one provider process.
//
// What this cannot cover: a run killed between the replacement's create and the old instance's
// delete. The next run deletes the old instance in a new process (see docs/design.md, "The owner mark").
import { registryKey } from "../client/connection";
import { ownerInput, type RobotOwner } from "../model/owner-mark";

/** The robot (registry, id, creation time: ids are never reused) and the resource that took it up. */
const key = (registryUrl: string, id: number, creationTime: string | undefined, owner: RobotOwner) =>
  JSON.stringify([
    registryKey(registryUrl) ?? registryUrl,
    id,
    Date.parse(creationTime ?? ""),
    ownerInput(owner),
  ]);

/** The robots a provider process's creates took up; its context owns one. */
export class AdoptedRobots {
  private readonly adopted = new Set<string>();

  /** A create of this process, for `owner`, took up this robot (it existed before the create). */
  record(
    registryUrl: string,
    robot: { id: number; creation_time?: string },
    owner: RobotOwner | undefined,
  ): void {
    if (owner) this.adopted.add(key(registryUrl, robot.id, robot.creation_time, owner));
  }

  /** Whether a create of this process, for the same resource, took up the robot this state holds. */
  has(
    registryUrl: string,
    state: { robotId: number; creationTime?: string },
    owner: RobotOwner | undefined,
  ): boolean {
    return !!owner && this.adopted.has(key(registryUrl, state.robotId, state.creationTime, owner));
  }
}
