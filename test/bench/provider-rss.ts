// Peak RSS of the dynamic provider processes this benchmark's engines start. The engine spawns the
// provider (node …/dynamic-provider) itself, so it is found in /proc among this process's descendants
// and its kernel-kept high-water mark (VmHWM) is sampled until the operation ends. Linux only.
import * as fs from "node:fs";

const SAMPLE_MS = 250;

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined; // the process ended meanwhile
  }
}

function parentOf(pid: number): number | undefined {
  const m = /^PPid:\s+(\d+)/m.exec(read(`/proc/${pid}/status`) ?? "");
  return m ? Number(m[1]) : undefined;
}

function descendsFromUs(pid: number): boolean {
  for (let p: number | undefined = pid, hops = 0; p && p > 1 && hops < 16; hops++) {
    if (p === process.pid) return true;
    p = parentOf(p);
  }
  return false;
}

/** The dynamic provider processes started (indirectly) by this process. */
function providerPids(): number[] {
  return fs
    .readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter(
      (pid) => (read(`/proc/${pid}/cmdline`) ?? "").includes("dynamic-provider") && descendsFromUs(pid),
    );
}

/** The kernel's high-water mark of a process's resident memory, in KiB; undefined once it ended. */
function vmHwm(pid: number): number | undefined {
  const m = /^VmHWM:\s+(\d+) kB/m.exec(read(`/proc/${pid}/status`) ?? "");
  return m ? Number(m[1]) : undefined;
}

export const rssSupported = fs.existsSync("/proc/self/status");

/**
 * Runs `op` while sampling; returns its result and the highest provider peak seen, in MiB (undefined
 * where /proc is missing or no provider process lived long enough to be seen).
 */
export async function withProviderPeak<T>(op: () => Promise<T>): Promise<[T, number | undefined]> {
  if (!rssSupported) return [await op(), undefined];
  let peakKiB = 0;
  // Scanning /proc runs in this process, beside the program and the emulator: once the provider is
  // found, read only its own status file until it ends.
  let known: number[] = [];
  const sample = () => {
    const alive = known.map((pid) => [pid, vmHwm(pid)] as const).filter(([, kib]) => kib !== undefined);
    if (alive.length === 0) known = providerPids();
    for (const [, kib] of alive) peakKiB = Math.max(peakKiB, kib!);
    if (alive.length === 0) for (const pid of known) peakKiB = Math.max(peakKiB, vmHwm(pid) ?? 0);
  };
  const timer = setInterval(sample, SAMPLE_MS);
  try {
    const result = await op();
    return [result, peakKiB > 0 ? peakKiB / 1024 : undefined];
  } finally {
    clearInterval(timer);
  }
}
