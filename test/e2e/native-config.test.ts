// The native provider's CheckConfig through the real CLI: a bad provider configuration (stack config
// `harbor-robots:*` for the default provider, or an explicit provider resource's inputs, and the
// HARBOR_* variables it falls back to) fails `pulumi preview` with the key and the rule, before any
// request reaches Harbor.
import assert from "node:assert/strict";
import { startEmulator, type HarborEmulator } from "../../emulator";
import { cliProject, type CliProject } from "./cli";

const program = (providerInputs?: string) => `name: native-config
runtime: yaml
resources:
${
  providerInputs
    ? `  registry:
    type: pulumi:providers:harbor-robots
    properties:
${providerInputs}
`
    : ""
}  ci:
    type: harbor-robots:RobotAccount
    properties:
      name: ci
      duration: 10
      permissions:
        - scope: allProjects
          access: [pull]
${providerInputs ? "    options:\n      provider: ${registry}\n" : ""}`;

describe("native provider: CheckConfig at preview, through the pulumi CLI", function () {
  let emu: HarborEmulator;
  let p: CliProject;

  const previewFails = async (env: Record<string, string> = {}): Promise<string> => {
    try {
      await p.pulumi(["preview"], { env });
    } catch (e) {
      return (e as Error).message;
    }
    assert.fail("the preview should have failed");
  };

  before(async function () {
    emu = await startEmulator();
    p = await cliProject({ HARBOR_URL: "", HARBOR_USERNAME: "", HARBOR_PASSWORD: "" });
    p.writeProgram(program());
    await p.pulumi(["stack", "init", "dev"]);
    await p.pulumi(["config", "set", "harbor-robots:url", emu.url]);
    await p.pulumi(["config", "set", "harbor-robots:username", emu.admin.username]);
    await p.pulumi(["config", "set", "--secret", "harbor-robots:password", emu.admin.password]);
  });
  after(async () => {
    p?.cleanup();
    await emu?.close();
  });

  it("previews a good configuration", async () => {
    await p.pulumi(["config", "set", "harbor-robots:recoveryWindowHours", "48"]);
    await p.pulumi(["config", "set", "harbor-robots:insecure", "false"]);
    await p.pulumi(["preview"]);
  });

  it("names the key and the rule of each bad stack config value, with no Harbor request", async () => {
    await p.pulumi(["config", "set-all", "--plaintext", "harbor-robots:recoveryWindowHours=-3"]);
    await p.pulumi(["config", "set", "harbor-robots:insecure", "maybe"]);
    await p.pulumi(["config", "set", "harbor-robots:harborVersion", "1.9"]);
    emu.resetCounts();
    const message = await previewFails();
    assert.match(
      message,
      /harbor-robots:recoveryWindowHours must be a number of hours ≥ 0 \(0 turns recovery off\), got "-3"/,
    );
    assert.match(message, /harbor-robots:insecure must be true or false, not text \(a string\), got "maybe"/);
    assert.match(message, /harbor-robots:harborVersion must be 2\.2 or later/);
    assert.equal(emu.requestCount(), 0, "refused before anything was sent");
    for (const key of ["recoveryWindowHours", "insecure", "harborVersion"])
      await p.pulumi(["config", "rm", `harbor-robots:${key}`]);
  });

  it("names a bad HARBOR_* fallback the same way, with no Harbor request", async () => {
    emu.resetCounts();
    const message = await previewFails({
      HARBOR_RECOVERY_WINDOW_HOURS: "off",
      HARBOR_VERIFY_SECRETS: "maybe",
    });
    assert.match(
      message,
      /environment HARBOR_RECOVERY_WINDOW_HOURS must be a number of hours ≥ 0 \(0 turns recovery off\), got "off"/,
    );
    assert.match(message, /environment HARBOR_VERIFY_SECRETS must be true or false.*got "maybe"/);
    assert.equal(emu.requestCount(), 0, "refused before anything was sent");
  });

  it("refuses a malformed URL without echoing credentials", async () => {
    await p.pulumi(["config", "set", "harbor-robots:url", "ftp://admin:hunter2@harbor.example.com"]);
    const message = await previewFails();
    assert.match(message, /harbor-robots:url must be an https:\/\/ URL \(or http:\/\/ for local use\)/);
    assert.ok(!message.includes("hunter2"), "the password in the URL is never shown");
    await p.pulumi(["config", "set", "harbor-robots:url", emu.url]);
  });

  it("checks an explicit provider resource's inputs the same way", async () => {
    p.writeProgram(
      program(`      url: ${emu.url}
      username: admin
      recoveryWindowHours: -1
      harborVersion: latest`),
    );
    const message = await previewFails();
    assert.match(message, /harbor-robots:recoveryWindowHours must be a number of hours ≥ 0.*got -1/);
    assert.match(message, /harbor-robots:harborVersion must look like "2\.15" or "v2\.15\.2", got "latest"/);
  });
});
