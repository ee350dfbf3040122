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
