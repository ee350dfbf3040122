// The RobotSettings provider that Pulumi serializes into the state. See ./README.md for why.
import type * as pulumi from "@pulumi/pulumi";

const shim: pulumi.dynamic.ResourceProvider = {
  configure: (r) => require("pulumi-harbor-robots/provider").configure(r),
  check: (o, n) => require("pulumi-harbor-robots/provider").robotSettings.check(o, n),
  diff: (i, o, n) => require("pulumi-harbor-robots/provider").robotSettings.diff(i, o, n),
  create: (n) => require("pulumi-harbor-robots/provider").robotSettings.create(n),
  read: (i, p) => require("pulumi-harbor-robots/provider").robotSettings.read(i, p),
  update: (i, o, n) => require("pulumi-harbor-robots/provider").robotSettings.update(i, o, n),
  delete: (i, p) => require("pulumi-harbor-robots/provider").robotSettings.delete(i, p),
};

export = shim;
