// An IPv4 address of this machine that is not loopback: an emulator bound to it is reached over
// http:// to a host that is not loopback, where the password travels in clear text on the network
// and the provider and the inventory command warn. Undefined when the machine has none.
import * as os from "node:os";

export function nonLoopbackAddress(): string | undefined {
  for (const addresses of Object.values(os.networkInterfaces()))
    for (const a of addresses ?? []) if (a.family === "IPv4" && !a.internal) return a.address;
  return undefined;
}
