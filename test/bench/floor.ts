// The engine's floor: a dynamic resource whose provider does nothing (create echoes its inputs, read
// returns the state, delete forgets). Given the same inputs as the robots, in the same engine setup,
// its times are what any dynamic resource pays the engine; RobotAccount is measured against them.
import * as pulumi from "@pulumi/pulumi";

// No closures: the serialized provider stays as small as a dynamic provider can be.
const noop: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: String(inputs.name), outs: inputs };
  },
  async read(id, props) {
    return { id, props };
  },
  async delete() {},
};

export class FloorResource extends pulumi.dynamic.Resource {
  constructor(name: string, args: Record<string, unknown>, opts?: pulumi.CustomResourceOptions) {
    super(noop, name, args, opts, "bench", "Floor");
  }
}

// The floor with RobotAccount's state shape (BENCH_SHAPE=1): the same no-op provider, but create
// returns outputs shaped and sized like a robot's (Harbor's facts, granted permissions, pattern
// matches, the registry URL, the secret). What it costs over the floor is the engine's price of
// that state shape; what RobotAccount costs over it is our provider's own work and Harbor's.
const shaped: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    const outs = {
      ...inputs,
      robotId: 1,
      fullName: `robot$${inputs.name}`,
      level: "system",
      disabled: false,
      durationDays: 30,
      expiresAt: 1798523446,
      creationTime: new Date().toISOString(),
      grants: ["* repository:pull", "library repository:pull repository:push"],
      patternMatches: { "library*": ["library"] },
      registryUrl: "http://127.0.0.1:44889",
      inputKeys: ["description"],
      secret: "s".repeat(32),
    };
    return { id: String(inputs.name), outs };
  },
  async read(id, props) {
    return { id, props };
  },
  async delete() {},
};

export class ShapeResource extends pulumi.dynamic.Resource {
  constructor(name: string, args: Record<string, unknown>) {
    super(shaped, name, args, { additionalSecretOutputs: ["secret"] }, "bench", "Shape");
  }
}
