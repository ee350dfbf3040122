// RobotSettings handlers against a fresh emulator, called as the engine calls them (check, then
// create or update), with the settings Harbor then holds. Call it inside a `describe`: it registers
// that suite's hooks (emulator per suite, reset before each test, stack config pointing at it).
import { clientFor } from "../../../provider/client/harbor-client";
import { resolveConnection } from "../../../provider/client/connection";
import { startEmulator, type HarborEmulator } from "../../../emulator";
import { robotSettingsProvider } from "../../../provider/robot-settings";
import { forgetDeclaredHere } from "../../../provider/robot-settings/declared-here";
import type { RobotSettingsState } from "../../../provider/robot-settings/state";
import { setStackConfig } from "../../../provider/runtime-config";
import { emulatorConfig } from "./stack-config";

export function robotSettingsOnEmulator() {
  let emu: HarborEmulator | undefined;
  before(async () => {
    emu = await startEmulator();
    setStackConfig(emulatorConfig(emu));
  });
  // Each test stands for runs of their own: no record of an earlier test's creates (declared-here.ts).
  beforeEach(() => {
    emu!.reset();
    forgetDeclaredHere();
  });
  after(async () => {
    setStackConfig(undefined);
    await emu?.close();
  });
  const config = () => clientFor(resolveConnection(undefined, emulatorConfig(emu!))).getConfigurations();
  const p = robotSettingsProvider;
  return {
    emu: () => emu!,
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
