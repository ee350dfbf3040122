// examples/custom-secret under Pulumi's mocks: the random provider's plugin cannot be installed on
// the test machines, so the real engine cannot run it (test/e2e/examples.test.ts runs the others).
// Mocks show what the program asks of the engine: which resources, with which inputs, which of them
// secret, and which outputs the engine is asked to encrypt. They do not apply additionalSecretOutputs
// and never reach a provider, so nothing here is about Harbor's behaviour.
import assert from "node:assert/strict";
import * as pulumi from "@pulumi/pulumi";
import customSecret = require("../../examples/custom-secret");
import { ROBOT_STORED_SECRET_OUTPUTS } from "../../provider/model/outputs";

const ROBOT_TYPE = "pulumi-nodejs:dynamic/harbor:RobotAccount";
const PASSWORD_TYPE = "random:index/randomPassword:RandomPassword";
const SECRET_SIG = { key: "4dabf18193072939515e22adb298388d", value: "1b47061264138c4ac30d75fd1eb44270" };

const MOCK_PASSWORD = "Mocked-Random-Password-0123456789";
const TEST_CREDENTIAL = "Test-Harbor-Password-31337";

/** What the program sent to the resource monitor for one resource. */
interface Registration {
  type: string;
  name: string;
  /** The inputs as serialized for the engine: secrets still wrapped in the secret signature. */
  object: Record<string, unknown>;
  additionalSecretOutputs: string[];
}

interface RegisterResourceRequest {
  getType(): string;
  getName(): string;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
  getAdditionalsecretoutputsList(): string[];
}

function isSecretValue(v: unknown): v is { value: unknown } {
  return (
    typeof v === "object" && v !== null && (v as Record<string, unknown>)[SECRET_SIG.key] === SECRET_SIG.value
  );
}

/** Waits for an output's value (mocks resolve every value, also in a preview). */
function valueOf<T>(o: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => o.apply(resolve));
}

describe("examples/custom-secret under Pulumi mocks", () => {
  const registrations: Registration[] = [];
  let outputs: Record<string, pulumi.Output<unknown>>;
  const savedEnv = process.env.HARBOR_PASSWORD;

  before(async () => {
    // A credential the serialized provider must not capture, from both places it could come from.
    process.env.HARBOR_PASSWORD = TEST_CREDENTIAL;
    pulumi.runtime.setConfig("harbor:password", TEST_CREDENTIAL);
    await pulumi.runtime.setMocks(
      {
        newResource: (args) => {
          const state: Record<string, unknown> = { ...args.inputs };
          if (args.type === PASSWORD_TYPE) state.result = MOCK_PASSWORD;
          if (args.type === ROBOT_TYPE)
            Object.assign(state, {
              robotId: 5,
              fullName: `robot$${String(args.inputs.name)}`,
              registryUrl: "https://harbor.example.com",
            });
          return { id: `${args.name}-id`, state };
        },
        call: (args) => args.inputs,
      },
      "harbor-custom-secret",
      "test",
      false,
    );
    // Record each registration request as the engine would receive it.
    const monitor = pulumi.runtime.getMonitor() as unknown as {
      registerResource(req: RegisterResourceRequest, cb: unknown): unknown;
    };
    const register = monitor.registerResource.bind(monitor);
    monitor.registerResource = (req, cb) => {
      registrations.push({
        type: req.getType(),
        name: req.getName(),
        object: req.getObject()?.toJavaScript() ?? {},
        additionalSecretOutputs: req.getAdditionalsecretoutputsList(),
      });
      return register(req, cb);
    };
    outputs = (await customSecret()) as Record<string, pulumi.Output<unknown>>;
    await valueOf(outputs.robotSecret!);
  });

  after(() => {
    if (savedEnv === undefined) delete process.env.HARBOR_PASSWORD;
    else process.env.HARBOR_PASSWORD = savedEnv;
  });

  const registered = (type: string) => {
    const found = registrations.filter((r) => r.type === type);
    assert.equal(found.length, 1, `expected one ${type}, got ${registrations.map((r) => r.type).join(", ")}`);
    return found[0]!;
  };

  it("asks random for a password that always meets Harbor's secret policy", () => {
    const { object } = registered(PASSWORD_TYPE);
    assert.ok(Number(object.length) >= 8 && Number(object.length) <= 128, "8 to 128 characters");
    for (const min of ["minUpper", "minLower", "minNumeric"])
      assert.ok(Number(object[min]) >= 1, `${min} >= 1`);
    assert.equal(object.special, false);
  });

  it("passes the password's result to the RobotAccount as a secret input", () => {
    const { object, name } = registered(ROBOT_TYPE);
    assert.equal(name, "deployer");
    assert.ok(isSecretValue(object.secret), "the robot's secret input must be a Pulumi secret");
    assert.equal(object.secret.value, MOCK_PASSWORD);
    assert.equal(object.name, "deployer");
    assert.deepEqual(object.permissions, [{ projects: ["team-b-data"], access: ["pull"] }]);
  });

  it("registers the robot as the dynamic harbor:RobotAccount type, asking for its stored secret to be encrypted", () => {
    const { additionalSecretOutputs } = registered(ROBOT_TYPE);
    for (const key of ROBOT_STORED_SECRET_OUTPUTS)
      assert.ok(additionalSecretOutputs.includes(key), `${key} not requested secret`);
  });

  it("serializes a provider that captured no credential and no secret", () => {
    const provider = registered(ROBOT_TYPE).object.__provider;
    assert.equal(typeof provider, "string", "__provider should be the serialized provider's text");
    const text = provider as string;
    assert.ok(text.length > 0);
    for (const needle of [TEST_CREDENTIAL, MOCK_PASSWORD])
      assert.ok(!text.includes(needle), "the provider captured a secret");
  });

  it("exports the robot's name, secret and docker config", async () => {
    assert.deepEqual(Object.keys(outputs).sort(), ["dockerConfigJson", "robotFullName", "robotSecret"]);
    assert.equal(await valueOf(outputs.robotFullName!), "robot$deployer");
    // The mocked robot echoes its inputs, so its secret output is the password; the SDK wrapped it secret.
    assert.equal(await valueOf(outputs.robotSecret!), MOCK_PASSWORD);
    // The SDK derives the docker config from the robot's name, secret and registry, as a secret.
    assert.equal(
      await pulumi.isSecret(outputs.dockerConfigJson!),
      true,
      "the docker config must be a Pulumi secret",
    );
    const auths = JSON.parse(String(await valueOf(outputs.dockerConfigJson!))).auths;
    assert.deepEqual(auths, {
      "harbor.example.com": {
        username: "robot$deployer",
        password: MOCK_PASSWORD,
        auth: Buffer.from(`robot$deployer:${MOCK_PASSWORD}`).toString("base64"),
      },
    });
  });
});
