// An application stack: reads the robot credentials the producer stack publishes. A secret read
// through a StackReference is still a secret here, and so is everything computed from it.
import * as pulumi from "@pulumi/pulumi";

export = async () => {
  const config = new pulumi.Config();
  // "<organization>/<project>/<stack>"; by default the producer stack named like this one.
  const producerStack =
    config.get("producerStack") ?? `organization/cross-stack-producer/${pulumi.getStack()}`;

  const producer = new pulumi.StackReference("producer", { name: producerStack });
  const fullName = producer.requireOutput("robotFullName") as pulumi.Output<string>;
  const secret = producer.requireOutput("robotSecret") as pulumi.Output<string>;

  return {
    robotFullName: fullName,
    pullSecret: secret,
    // An HTTP Basic credential for the registry (e.g. a deploy tool's Authorization header).
    basicAuth: pulumi
      .all([fullName, secret])
      .apply(([user, password]) => Buffer.from(`${user}:${password}`).toString("base64")),
  };
};
