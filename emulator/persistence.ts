// --state-file: load once at start, write after every change. Writes go to a temporary file that is
// renamed over the real one, so a crash never leaves half a file behind.

import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import type { Snapshot, State } from "./state";

const FORMAT = 1;

export function loadStateFile(state: State, file: string): boolean {
  if (!existsSync(file)) return false;
  const data = JSON.parse(readFileSync(file, "utf8")) as { format?: number; state?: Snapshot };
  if (data.format !== FORMAT || !data.state)
    throw new Error(`${file} is not a Harbor emulator state file (format ${FORMAT})`);
  state.restore(data.state);
  return true;
}

export function saveStateFile(state: State, file: string): void {
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify({ format: FORMAT, state: state.snapshot() }, null, 2), { mode: 0o600 });
  renameSync(tmp, file);
}
