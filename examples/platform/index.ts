// A platform team's Harbor robots: the robot settings, a CI robot that pushes to team A's projects,
// and a pull-only robot for the clusters, whose docker config becomes an image pull secret.
import * as pulumi from "@pulumi/pulumi";
import { RobotAccount, RobotSettings } from "pulumi-harbor-robots";

export = async () => {
  const config = new pulumi.Config();

  const settings = new RobotSettings("robot-settings", {
    // Robots created without a `duration` expire after this many days (Harbor's default is 30).
    defaultExpirationDays: config.getNumber("defaultExpirationDays") ?? 90,
    // Left out (the default), the prefix is not managed: Harbor's current one ("robot$" unless
    // changed) is only reported. Setting it renames every robot in Harbor at once.
    namePrefix: config.get("namePrefix"),
  });

  // Pushes to every project named team-a-*, including ones created later (picked up on refresh).
  // System robots get no implicit pull, so "pull" is listed next to "push".
  const ci = new RobotAccount("team-a-ci", {
    name: "team-a-ci",
    description: "CI pipeline of team A: pushes and tags images",
    namePrefix: settings.namePrefix,
    permissions: [{ projects: ["team-a-*"], access: ["push", "pull", "create tag"] }],
  });

  // Pulls from every project, present and future.
  const puller = new RobotAccount("cluster-puller", {
    name: "cluster-puller",
    description: "Kubernetes clusters: pull images from every project",
    namePrefix: settings.namePrefix,
    permissions: [{ scope: "allProjects", access: ["pull"] }],
  });

  return {
    namePrefix: settings.namePrefix,
    defaultExpirationDays: settings.defaultExpirationDays,
    ciRobot: ci.fullName,
    ciSecret: ci.secret,
    ciExpiresAt: ci.expiresAt,
    ciProjects: ci.grantedPermissions.apply((ps) => ps.map((p) => p.namespace)),
    pullerRobot: puller.fullName,
    // The content of a kubernetes.io/dockerconfigjson Secret (`.dockerconfigjson`).
    pullerDockerConfigJson: puller.dockerConfigJson,
  };
};
