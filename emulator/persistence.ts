// --state-file: load once at start, write after changes. Writes go to a temporary file that is
// renamed over the real one, so a crash never leaves half a file behind. Changes are coalesced (at
// most one write per WRITE_DELAY_MS, and one on close): writing the whole state after every change
// made N robot writes cost O(N²) (22 ms per create at 1000 robots, against 3 ms without a file).

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

const WRITE_DELAY_MS = 50;

/** Saves `state` to `file` shortly after changes; `flush` writes what is pending now (on close). */
export function coalescingStateWriter(state: State, file: string): { changed(): void; flush(): void } {
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer === undefined) return;
    clearTimeout(timer);
    timer = undefined;
    saveStateFile(state, file);
  };
  return {
    changed() {
      timer ??= setTimeout(flush, WRITE_DELAY_MS);
    },
    flush,
  };
}
