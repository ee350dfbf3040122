// A robot kept valid and honest by a scheduled pipeline that runs `pulumi up --refresh` every day:
// - the refresh proves that the secret in the stack still logs in (verifySecret); a secret refreshed
//   in Harbor's UI or by another tool is re-issued by the same run, and the outputs follow;
// - when the robot's expiry is `renewBeforeDays` away (or past), the run renews it in place: same
//   robot, same secret, valid again for `duration` days from that day.
import * as pulumi from "@pulumi/pulumi";
import { RobotAccount } from "pulumi-harbor-robots";

export = async () => {
  const config = new pulumi.Config();
  const duration = config.getNumber("duration") ?? 30;
  const renewBeforeDays = config.getNumber("renewBeforeDays") ?? 7;

  const robot = new RobotAccount("deployer", {
    name: "deployer",
    description: "Cluster deployments; renewed and verified by the daily pipeline",
    duration,
    renewBeforeDays,
    verifySecret: true,
    permissions: [{ projects: ["team-a-api", "team-a-web"], access: ["pull"] }],
  });

  return {
    robotFullName: robot.fullName,
    robotSecret: robot.secret,
    dockerConfigJson: robot.dockerConfigJson,
    // Moves forward at each renewal (Unix seconds).
    expiresAt: robot.expiresAt,
  };
};
