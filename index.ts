// The demo program (Pulumi.yaml at the top of the repository): what a platform team declares.
import * as pulumi from "@pulumi/pulumi";
import { RobotAccount, RobotSettings } from "pulumi-harbor-robots";

export = async () => {
  const config = new pulumi.Config();
  // Left unmanaged unless set: the demo never renames your robots by surprise.
  const namePrefix = config.get("namePrefix");

  const settings = new RobotSettings("robot-settings", {
    defaultExpirationDays: config.getNumber("defaultExpirationDays") ?? 90,
    ...(namePrefix ? { namePrefix } : {}),
  });

  // CI pushes images to every team A project, including team A projects created later
  // (the pattern is expanded again on each refresh).
  const ci = new RobotAccount("ci", {
    name: "demo-ci",
    description: "CI pipelines of team A",
    duration: 30,
    namePrefix: settings.namePrefix,
    permissions: [{ projects: ["team-a-*"], access: ["push", "pull", "create tag"] }],
  });

  // Clusters pull from every project, now and later.
  const puller = new RobotAccount("cluster-puller", {
    name: "demo-cluster-puller",
    description: "Image pulls for every cluster",
    duration: "never",
    namePrefix: settings.namePrefix,
    permissions: [{ scope: "allProjects", access: ["pull"] }],
  });

  // A project-level robot lives inside its project: robot$team-b-data+demo-deployer.
  const deployer = new RobotAccount("deployer", {
    name: "demo-deployer",
    level: "project",
    namePrefix: settings.namePrefix,
    permissions: [{ projects: ["team-b-data"], access: ["pull", "push", "delete artifact"] }],
  });

  const robots = { ci, puller, deployer };
  return {
    robots: Object.fromEntries(
      Object.entries(robots).map(([key, r]) => [
        key,
        { fullName: r.fullName, expiresAt: r.expiresAt, grantedPermissions: r.grantedPermissions },
      ]),
    ),
    ciSecret: ci.secret,
    pullerSecret: puller.secret,
    deployerSecret: deployer.secret,
    pullSecretDockerConfigJson: puller.dockerConfigJson,
    defaultExpirationDays: settings.defaultExpirationDays,
  };
};
