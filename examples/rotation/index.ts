// Secret rotation on a schedule you control: when the `rotation` config value changes (say, every
// quarter), Harbor issues a new secret and the old one stops working at once.
import * as pulumi from "@pulumi/pulumi";
import { RobotAccount } from "pulumi-harbor-robots";

export = async () => {
  const config = new pulumi.Config();
  const rotation = config.get("rotation") ?? "initial";

  const robot = new RobotAccount("release-pusher", {
    name: "release-pusher",
    description: "Release pipeline; secret rotated every quarter",
    duration: 365,
    rotationTrigger: rotation,
    permissions: [{ projects: ["team-a-api"], access: ["push", "pull"] }],
  });

  return {
    rotation,
    robotFullName: robot.fullName,
    robotSecret: robot.secret,
    // Rotation does not move this: Harbor counts the expiry from the robot's creation.
    expiresAt: robot.expiresAt,
  };
};
