// State per RobotAccount on the native provider (pulumi-harbor-robots/native): no serialized code
// is stored, only fields. Target: ≤ 1.5 KB per robot excluding the secrets' ciphertext.
import { startEmulator } from "../../emulator";
import { createLocalStack, exportStackEncrypted, pathWithPlugin } from "../../scripts/engine";
import { RobotAccount } from "../../sdk/native";
import { stateBytes, stateBytesPerResource } from "./state-size";

const TARGET_BYTES = 1536;

/** One line: bytes per native RobotAccount in the checkpoint, for `count` robots. */
export async function nativeStateLine(count = 10): Promise<string> {
  const emu = await startEmulator();
  for (let i = 0; i < count; i++) emu.seedProject(`team-${i}`);
  const local = await createLocalStack({
    projectName: "bench-native",
    envVars: {
      ...emu.harborEnv(),
      PATH: await pathWithPlugin(),
    },
    program: async () => {
      for (let i = 0; i < count; i++)
        new RobotAccount(`robot-${i}`, {
          name: `bench-${i}`,
          description: "CI pulls for one team",
          duration: 30,
          permissions: [{ projects: [`team-${i}`], access: ["pull", "push"] }],
        });
    },
  });
  try {
    await local.stack.up();
    const exported = await exportStackEncrypted(local.stack);
    const b = stateBytesPerResource(exported, "harbor-robots:index:RobotAccount");
    // Our properties (inputs and outputs) vs the engine's own bookkeeping (URN, stack trace, times…).
    const robots = exported.deployment.resources.filter(
      (r: { type: string }) => r.type === "harbor-robots:index:RobotAccount",
    );
    const props = Math.round(
      robots.reduce(
        (sum: number, r: { inputs: object; outputs: object }) =>
          sum + stateBytes({ inputs: r.inputs, outputs: r.outputs }).rest,
        0,
      ) / robots.length,
    );
    await local.stack.destroy();
    const verdict = b.rest <= TARGET_BYTES ? "meets" : "MISSES";
    return (
      `state bytes per native RobotAccount (${count} robots): ${b.total} total = ${b.provider} serialized provider + ` +
      `${b.ciphertext} ciphertext + ${b.rest} other, of which ${props} our inputs and outputs and ${b.rest - props} the ` +
      `engine's bookkeeping (${verdict} the ≤ ${TARGET_BYTES} target excluding ciphertext)`
    );
  } finally {
    local.cleanup();
    await emu.close();
  }
}

if (require.main === module) {
  nativeStateLine().then(
    (line) => {
      console.log(line);
      process.exit(0);
    },
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
