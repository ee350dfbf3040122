// The `owner` input every RobotAccount sends: the stack and resource that manage the robot, which the
// provider writes into the robot's description as its owner mark (provider/model/owner-mark.ts). A
// provider learns neither from the engine (the dynamic provider gets no URN, and no provider gets the
// organization), so the program says it.
import * as pulumi from "@pulumi/pulumi";
import { ownerInput } from "../provider/model/owner-mark";

/**
 * "<organization>/<project>/<stack>" of the running program, the stack an owner mark names. Under
 * mocks set without an organization it is left empty: the project and stack still tell stacks apart.
 */
export function programStack(): string {
  let organization = "";
  try {
    organization = pulumi.getOrganization();
  } catch {
    // pulumi.runtime.setMocks without an organization.
  }
  return `${organization}/${pulumi.getProject()}/${pulumi.getStack()}`;
}

/** "<organization>/<project>/<stack>/<resource name>": the owner input of a robot of this program. */
export function ownerOf(resourceName: string): string {
  return ownerInput({ stack: programStack(), resource: resourceName });
}
