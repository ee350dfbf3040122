// A project-level robot: lives inside one project (project admins can see and manage it there) and
// logs in as robot$<project>+<name>.
import * as pulumi from "@pulumi/pulumi";
import { RobotAccount } from "pulumi-harbor-robots";

export = async () => {
  const config = new pulumi.Config();
  const project = config.get("project") ?? "team-b-data";

  const robot = new RobotAccount("cleanup", {
    name: "cleanup",
    level: "project",
    description: "Pushes nightly builds and prunes old artifacts",
    duration: 30,
    // Exactly one entry naming exactly one project (no pattern) for project-level robots. Harbor
    // would add pull to push on its own for a project robot; listing it keeps the intent visible.
    permissions: [{ projects: [project], access: ["pull", "push", "delete artifact"] }],
  });

  return {
    robotFullName: robot.fullName,
    robotSecret: robot.secret,
    expiresAt: robot.expiresAt,
    permissions: robot.grantedPermissions,
  };
};
