// A stored RobotAccount state for offline tests (diff, renewal): a system robot pulling from every
// project; override what the test is about.
import type { RobotAccountState } from "../../provider/robot-account/state";

export function robotState(over: Partial<RobotAccountState> = {}): RobotAccountState {
  return {
    robotId: 7,
    name: "ci",
    fullName: "robot$ci",
    level: "system",
    description: "",
    durationDays: 30,
    expiresAt: 0,
    creationTime: "2026-11-01T00:00:00.000Z",
    disabled: false,
    grantedPermissions: [
      {
        kind: "project",
        namespace: "*",
        access: [{ resource: "repository", action: "pull", effect: "allow" }],
      },
    ],
    permissions: [{ scope: "allProjects", access: ["pull"] }],

    registryUrl: "https://a.example.com",
    secret: "s",
    ...over,
  };
}
