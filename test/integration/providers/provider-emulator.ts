// Mocha fixture for the provider handlers against one emulator per `describe`: reset before every
// test, the stack config (what the dynamic provider's configure receives) pointing at it, and the
// transport's retries made quick. `started` receives the emulator once it runs.
import { startEmulator, type HarborEmulator } from "../../../emulator";
import { closeAllClients } from "../../../provider/client/harbor-client";
import { setStackConfig } from "../../../provider/runtime-config";
import { emulatorConfig } from "./stack-config";

export function useProviderEmulator(started: (emu: HarborEmulator) => void): void {
  let emu: HarborEmulator | undefined;
  const savedDelay = process.env.HARBOR_RETRY_BASE_DELAY_MS;
  before(async () => {
    process.env.HARBOR_RETRY_BASE_DELAY_MS = "2";
    emu = await startEmulator();
    started(emu);
  });
  beforeEach(() => {
    emu!.reset();
    setStackConfig(emulatorConfig(emu!));
  });
  after(async () => {
    setStackConfig(undefined);
    if (savedDelay === undefined) delete process.env.HARBOR_RETRY_BASE_DELAY_MS;
    else process.env.HARBOR_RETRY_BASE_DELAY_MS = savedDelay;
    await closeAllClients();
    await emu?.close();
  });
}
