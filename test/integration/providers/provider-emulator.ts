// Mocha fixture for the provider handlers against one emulator per `describe`: reset before every
// test, a new provider process per test whose stack config (what the dynamic provider's configure
// receives) points at it, and the transport's retries made quick. `started` receives the emulator
// once it runs; the process is returned (its `ctx` and providers are the current test's).
import { startEmulator, type HarborEmulator } from "../../../emulator";
import { ProviderProcess } from "../../helpers/provider-process";
import { emulatorConfig } from "./stack-config";

export function useProviderEmulator(
  started: (emu: HarborEmulator) => void,
  proc: ProviderProcess = new ProviderProcess(),
): ProviderProcess {
  let emu: HarborEmulator | undefined;
  const savedDelay = process.env.HARBOR_RETRY_BASE_DELAY_MS;
  before(async () => {
    process.env.HARBOR_RETRY_BASE_DELAY_MS = "2";
    emu = await startEmulator();
    started(emu);
  });
  beforeEach(async () => {
    emu!.reset();
    await proc.restart(emulatorConfig(emu!));
  });
  after(async () => {
    if (savedDelay === undefined) delete process.env.HARBOR_RETRY_BASE_DELAY_MS;
    else process.env.HARBOR_RETRY_BASE_DELAY_MS = savedDelay;
    await proc.close();
    await emu?.close();
  });
  return proc;
}
