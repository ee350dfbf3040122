// The stack of the interrupted-run test, shared by the process that gets killed and the one that
// recovers (a CI job that died and the next one): the same declared robots in both.
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { RobotAccount } from "../../../sdk";

export const ROBOTS = Array.from({ length: 12 }, (_, i) => `k${i}`);
export const CHOSEN = "Chosen-Secret-7";

/** Every third robot has a chosen secret, k1 starts disabled. */
export const program: PulumiFn = async () => {
  ROBOTS.forEach((name, i) => {
    new RobotAccount(name, {
      name,
      description: `robot ${name}`,
      duration: 30,
      ...(i % 3 === 0 ? { secret: CHOSEN } : {}),
      ...(name === "k1" ? { disabled: true } : {}),
      permissions: [{ projects: ["apps"], access: ["pull", "push"] }],
    });
  });
};
