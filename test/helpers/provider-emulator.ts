// Mocha fixture for the provider handlers against one emulator per `describe`: reset before every
// test, a new provider process per test whose stack config (what the dynamic provider's configure
// receives) points at it, and (unless `quickRetries` is false) the transport's retries made quick.
// `started` receives the emulator once it runs; the process is returned (its `ctx` and providers are
// the current test's). Call it inside a `describe`: it registers that suite's hooks.
import { startEmulator, type EmulatorOptions, type HarborEmulator } from "../../emulator";
import { ProviderProcess } from "./provider-process";
import { emulatorConfig } from "./stack-config";

export interface ProviderEmulatorOptions {
  /** How the emulator is started (a release profile, …). */
  emulator?: EmulatorOptions;
  /** Stack config beside the emulator's URL and admin credentials. */
  config?: Record<string, string>;
  /** HARBOR_RETRY_BASE_DELAY_MS=2 while the suite runs (default true). */
  quickRetries?: boolean;
}

export function useProviderEmulator(
  started: (emu: HarborEmulator) => void,
  proc: ProviderProcess = new ProviderProcess(),
  opts: ProviderEmulatorOptions = {},
): ProviderProcess {
  let emu: HarborEmulator | undefined;
  const quick = opts.quickRetries ?? true;
  const savedDelay = process.env.HARBOR_RETRY_BASE_DELAY_MS;
  before(async () => {
    if (quick) process.env.HARBOR_RETRY_BASE_DELAY_MS = "2";
    emu = await startEmulator(opts.emulator);
    started(emu);
  });
  beforeEach(async () => {
    emu!.reset();
    await proc.restart(emulatorConfig(emu!, opts.config));
  });
  after(async () => {
    if (quick) {
      if (savedDelay === undefined) delete process.env.HARBOR_RETRY_BASE_DELAY_MS;
      else process.env.HARBOR_RETRY_BASE_DELAY_MS = savedDelay;
    }
    await proc.close();
    await emu?.close();
  });
  return proc;
}
