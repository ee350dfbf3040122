// The platform stack: owns a pull robot for team A's projects and publishes its credentials as stack
// outputs (the secret stays a Pulumi secret) for application stacks to read.
import { RobotAccount } from "pulumi-harbor-robots";

export = async () => {
  const robot = new RobotAccount("team-a-puller", {
    name: "team-a-puller",
    description: "Read access to team A's images, shared with team A's application stacks",
    permissions: [{ projects: ["team-a-*"], access: ["pull"] }],
  });

  return {
    robotFullName: robot.fullName,
    robotSecret: robot.secret,
  };
};
