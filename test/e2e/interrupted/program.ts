// The stack of the interrupted-run tests, shared by the process that gets killed and the one that
// recovers (a CI job that died and the next one): the same declared robots in both. The e2e test
// names them k0…k11 on project "apps"; the acceptance test gives them its run's unique names.
import type { PulumiFn } from "@pulumi/pulumi/automation";
import { RobotAccount } from "../../../sdk";

export interface InterruptedStack {
  /** Robot i is named `<robotPrefix><i>`. */
  robotPrefix: string;
  /** The project every robot may pull from and push to. */
  project: string;
}

export const E2E_STACK: InterruptedStack = { robotPrefix: "k", project: "apps" };
export const CHOSEN = "Chosen-Secret-7";

export const robotNames = (s: InterruptedStack) =>
  Array.from({ length: 12 }, (_, i) => `${s.robotPrefix}${i}`);
/** The one robot declared disabled. */
export const disabledRobot = (s: InterruptedStack) => `${s.robotPrefix}1`;
/** Every third robot has a chosen secret. */
export const hasChosenSecret = (s: InterruptedStack, name: string) => robotNames(s).indexOf(name) % 3 === 0;

/** The stack's program: every third robot with a chosen secret, one disabled. */
export function programOf(s: InterruptedStack): PulumiFn {
  return async () => {
    for (const name of robotNames(s)) {
      new RobotAccount(name, {
        name,
        description: `robot ${name}`,
        duration: 30,
        ...(hasChosenSecret(s, name) ? { secret: CHOSEN } : {}),
        ...(name === disabledRobot(s) ? { disabled: true } : {}),
        permissions: [{ projects: [s.project], access: ["pull", "push"] }],
      });
    }
  };
}

/** The stack named by INTERRUPTED_ROBOT_PREFIX and INTERRUPTED_PROJECT (run-up.js), else the e2e one. */
export function stackFromEnv(env: NodeJS.ProcessEnv = process.env): InterruptedStack {
  return {
    robotPrefix: env.INTERRUPTED_ROBOT_PREFIX || E2E_STACK.robotPrefix,
    project: env.INTERRUPTED_PROJECT || E2E_STACK.project,
  };
}

export function stackEnv(s: InterruptedStack): Record<string, string> {
  return { INTERRUPTED_ROBOT_PREFIX: s.robotPrefix, INTERRUPTED_PROJECT: s.project };
}
