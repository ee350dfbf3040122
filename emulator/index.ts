// Entry point: start a Harbor API emulator in-process (tests, demo) — see README.md.

import type { AddressInfo } from "node:net";
import type { EmulatorOptions, HarborEmulator } from "./api";
import { RequestCounters } from "./counters";
import { Csrf } from "./csrf";
import { Faults } from "./faults";
import { EmulatorHarness } from "./harness";
import { coalescingStateWriter, loadStateFile, saveStateFile } from "./persistence";
import { profileFor } from "./profiles";
import { PasswordChecks } from "./password-checks";
import { createHarborServer } from "./server";
import { Sessions } from "./sessions";
import { State } from "./state";

export type {
  ConfigOverrides,
  EmulatedRobot,
  EmulatorOptions,
  FaultRate,
  FaultSpec,
  HarborEmulator,
  HarborVersionProfile,
  PasswordCheckKind,
  SeedPermission,
  SeedRobot,
  RateFaultKind,
} from "./api";
export { RATE_FAULT_KINDS } from "./faults";
export { recordedResponses, type RecordedResponse } from "./recorder";
export { API_BASE } from "./server";

export async function startEmulator(opts: EmulatorOptions = {}): Promise<HarborEmulator> {
  const profile = profileFor(opts.version);
  const admin = { username: opts.adminUser ?? "admin", password: opts.adminPassword ?? "Harbor12345" };
  const state = new State(admin);
  const stateFile = opts.stateFile;
  let flushState = () => {};
  if (stateFile) {
    loadStateFile(state, stateFile);
    saveStateFile(state, stateFile);
    const writer = coalescingStateWriter(state, stateFile);
    state.onChange = writer.changed;
    flushState = writer.flush;
  }
  const parts = {
    state,
    profile,
    faults: new Faults(),
    counters: new RequestCounters(),
    // Harbor reads session_timeout (minutes) at every use; 0 or less falls back to beego's hour.
    sessions: new Sessions(
      () => state.now(),
      () => (Number(state.config.session_timeout) > 0 ? Number(state.config.session_timeout) : 60) * 60_000,
    ),
    csrf: new Csrf(() => state.now(), profile.csrfNoTokenMessage),
    passwordChecks: new PasswordChecks({ costMs: opts.passwordCheckMs, freezeMs: opts.loginFreezeMs }),
  };
  if (opts.faultRate) parts.faults.setRate(opts.faultRate);
  const server = createHarborServer(parts);
  const host = opts.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
  return new EmulatorHarness({ ...parts, server, url, admin, flushState });
}
