// RobotSettings handlers against a fresh emulator, called as the engine calls them (check, then
// create or update), with the settings Harbor then holds. Call it inside a `describe`: it registers
// that suite's hooks (emulator per suite, reset before each test, stack config pointing at it).
import { ClientPool } from "../../../provider/client/client-pool";
import { resolveConnection } from "../../../provider/client/connection";
import { startEmulator, type HarborEmulator } from "../../../emulator";
import type { RobotSettingsState } from "../../../provider/robot-settings/state";
import { ProviderProcess } from "../../helpers/provider-process";
import { emulatorConfig } from "../../helpers/stack-config";

export function robotSettingsOnEmulator() {
  let emu: HarborEmulator | undefined;
  const proc = new ProviderProcess();
  // The test's own client, to look at Harbor beside the provider.
  const harborClients = new ClientPool();
  before(async () => {
    emu = await startEmulator();
  });
  // Each test stands for runs of their own: a new provider process, with no record of an earlier
  // test's creates (declared-here.ts).
  beforeEach(async () => {
    emu!.reset();
    await proc.restart(emulatorConfig(emu!));
  });
  after(async () => {
    await proc.close();
    await harborClients.close();
    await emu?.close();
  });
  const config = () =>
    harborClients.clientFor(resolveConnection(undefined, emulatorConfig(emu!))).getConfigurations();
  const p = proc.robotSettings;
  return {
    emu: () => emu!,
    /** The provider process of the current test. */
    proc,
    prefix: async () => (await config()).robot_name_prefix?.value,
    days: async () => (await config()).robot_token_duration?.value,
    /** `pulumi up` of one RobotSettings: create without a state, else update. */
    async up(olds: RobotSettingsState | undefined, inputs: Record<string, unknown>) {
      const checked = (await p.check((olds ?? {}) as never, inputs as never)).inputs as never;
      if (!olds) return (await p.create(checked)).outs as RobotSettingsState;
      return (await p.update("id", olds as never, checked)).outs as RobotSettingsState;
    },
  };
}
