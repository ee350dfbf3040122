// Someone else's robot "ci" (their description and duration, pull on every project), made outside
// Pulumi: the stranger that tests put at our robot's id. Made a minute later on that Harbor's clock,
// so its creation time never equals our robot's (a fast test can create both in one millisecond).
import type { HarborEmulator } from "../../emulator";

export function seedTheirCi(emu: HarborEmulator) {
  const permissions = [
    {
      kind: "project",
      namespace: "*",
      access: [{ resource: "repository", action: "pull", effect: "allow" }],
    },
  ];
  emu.advanceClock(60_000);
  return emu.seedRobot({ name: "ci", description: "theirs", duration: 7, permissions });
}
