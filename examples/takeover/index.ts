// Adopting a robot that already exists in Harbor (made in the UI, by a script or by another tool):
// `takeOver: true` lets this stack manage the robot of that name instead of failing on the conflict.
// The robot keeps its id and is brought to the declared state; it gets a new secret, because Harbor
// never returns the old one (which stops working).
import * as pulumi from "@pulumi/pulumi";
import { RobotAccount } from "pulumi-harbor-robots";

export = async () => {
  const config = new pulumi.Config();

  const robot = new RobotAccount("legacy-ci", {
    // The short name of the existing robot: `legacy-ci` for the login `robot$legacy-ci`.
    name: config.get("name") ?? "legacy-ci",
    description: "CI of team A, now managed by Pulumi",
    duration: 90,
    permissions: [{ projects: ["team-a-*"], access: ["push", "pull"] }],
    takeOver: true,
  });

  return {
    robotFullName: robot.fullName,
    robotId: robot.robotId,
    robotSecret: robot.secret,
    expiresAt: robot.expiresAt,
  };
};
