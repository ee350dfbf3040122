// Stack config pointing at an emulator, as the dynamic provider's configure receives it.
import type { HarborEmulator } from "../../emulator";
import type { ConfigSource } from "../../provider/runtime-config";

export function emulatorConfig(emu: HarborEmulator, extra: Record<string, string> = {}): ConfigSource {
  const values: Record<string, string> = {
    "harbor:url": `${emu.url}/api/v2.0/`,
    "harbor:username": emu.admin.username,
    "harbor:password": emu.admin.password,
    ...extra,
  };
  return { get: (key: string) => values[key] };
}
