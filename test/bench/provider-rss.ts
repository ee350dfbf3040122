// Peak RSS of the dynamic provider processes this benchmark's engines start. The engine spawns the
// provider (node …/dynamic-provider) itself, so it is found in /proc among this process's descendants
// and its kernel-kept high-water mark (VmHWM) is sampled until the operation ends. Linux only.
import * as fs from "node:fs";

const SAMPLE_MS = 200;

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

/** VmHWM in KiB of each dynamic provider process started (indirectly) by this process. */
function providerPeaks(): Map<number, number> {
  const peaks = new Map<number, number>();
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const cmdline = read(`/proc/${pid}/cmdline`) ?? "";
    if (!cmdline.includes("dynamic-provider") || !descendsFromUs(pid)) continue;
    const m = /^VmHWM:\s+(\d+) kB/m.exec(read(`/proc/${pid}/status`) ?? "");
    if (m) peaks.set(pid, Number(m[1]));
  }
  return peaks;
}

export const rssSupported = fs.existsSync("/proc/self/status");

/**
 * Runs `op` while sampling; returns its result and the highest provider peak seen, in MiB (undefined
 * where /proc is missing or no provider process lived long enough to be seen).
 */
export async function withProviderPeak<T>(op: () => Promise<T>): Promise<[T, number | undefined]> {
  if (!rssSupported) return [await op(), undefined];
  let peakKiB = 0;
  const sample = () => {
    for (const kib of providerPeaks().values()) peakKiB = Math.max(peakKiB, kib);
  };
  const timer = setInterval(sample, SAMPLE_MS);
  try {
    const result = await op();
    return [result, peakKiB > 0 ? peakKiB / 1024 : undefined];
  } finally {
    clearInterval(timer);
  }
}
