// The RobotAccount provider that Pulumi serializes into the state: a thin shim that loads the
// installed package when the engine runs it. See ./README.md for why.
import type * as pulumi from "@pulumi/pulumi";

const shim: pulumi.dynamic.ResourceProvider = {
  configure: (r) => require("pulumi-harbor-robots/provider").configure(r),
  check: (o, n) => require("pulumi-harbor-robots/provider").robotAccount.check(o, n),
  diff: (i, o, n) => require("pulumi-harbor-robots/provider").robotAccount.diff(i, o, n),
  create: (n) => require("pulumi-harbor-robots/provider").robotAccount.create(n),
  read: (i, p) => require("pulumi-harbor-robots/provider").robotAccount.read(i, p),
  update: (i, o, n) => require("pulumi-harbor-robots/provider").robotAccount.update(i, o, n),
  delete: (i, p) => require("pulumi-harbor-robots/provider").robotAccount.delete(i, p),
};

export = shim;
