// Mocha fixture for tests that talk to the Harbor emulator: one emulator per `describe`, reset
// before every test, an admin client ready to use.

import { startEmulator, type EmulatorOptions, type HarborEmulator } from "../../../emulator";
import { HarborTestClient } from "./harbor-http";

export interface EmulatorFixture {
  readonly emulator: HarborEmulator;
  /** Client with the admin's credentials. */
  readonly admin: HarborTestClient;
}

export function useEmulator(opts: EmulatorOptions = {}): EmulatorFixture {
  let emulator: HarborEmulator | undefined;
  let admin: HarborTestClient | undefined;
  before(async () => {
    emulator = await startEmulator(opts);
    admin = new HarborTestClient(emulator.url, emulator.admin);
  });
  beforeEach(() => emulator?.reset());
  after(async () => {
    await emulator?.close();
  });
  const ready = <T>(v: T | undefined): T => {
    if (v === undefined) throw new Error("emulator not started (use inside describe)");
    return v;
  };
  return {
    get emulator() {
      return ready(emulator);
    },
    get admin() {
      return ready(admin);
    },
  };
}

/** A valid system robot body; override what the test is about. */
export function systemRobotBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: "ci",
    description: "CI robot",
    level: "system",
    duration: 30,
    permissions: [{ kind: "project", namespace: "*", access: [{ resource: "repository", action: "pull" }] }],
    ...overrides,
  };
}

/** A valid project robot body for `project`. */
export function projectRobotBody(
  project: string,
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return systemRobotBody({
    level: "project",
    permissions: [
      { kind: "project", namespace: project, access: [{ resource: "repository", action: "pull" }] },
    ],
    ...overrides,
  });
}

/** System robot:create/read/list/delete: what a robot needs to manage robots (2.12+). */
export const ROBOT_ADMIN_ACCESS = ["create", "read", "list", "delete"].map((action) => ({
  resource: "robot",
  action,
}));

/** A robot that may manage system robots pulling from every project (seedRobot permissions). */
export const robotManagerPermissions = () => [
  { kind: "system", namespace: "/", access: ROBOT_ADMIN_ACCESS },
  { kind: "project", namespace: "*", access: [{ resource: "repository", action: "pull" }] },
];

/** The Harbor error body assertion shape. */
export function harborError(code: string, message: string) {
  return { errors: [{ code, message }] };
}
