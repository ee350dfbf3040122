// An emulator reached over this machine's network, not loopback: over http:// the password then
// travels in clear text on the network, and the provider and the inventory command warn.
import * as os from "node:os";
import { startEmulator, type EmulatorOptions, type HarborEmulator } from "../../emulator";

/** An IPv4 address of this machine that is not loopback, or undefined when it has none. */
export function nonLoopbackAddress(): string | undefined {
  for (const addresses of Object.values(os.networkInterfaces()))
    for (const a of addresses ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  return undefined;
}

/** An emulator on that address; without one, the test is skipped, saying why. */
export async function emulatorOnNetwork(
  test: Mocha.Context,
  opts: EmulatorOptions = {},
): Promise<HarborEmulator> {
  const host = nonLoopbackAddress();
  if (!host) {
    console.log("      skipped: this machine has no IPv4 address besides loopback to serve the emulator on");
    test.skip();
  }
  return startEmulator({ ...opts, host });
}
