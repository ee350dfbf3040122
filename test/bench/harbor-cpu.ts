// Harbor's own CPU time when it runs on this machine: the harbor_core process's user + system time
// from /proc/<pid>/stat, read before and after each operation. Harbor's cost per request is mostly
// its password check (PBKDF2 × 600,000 from 2.15), which no client-side figure shows. The process
// is HARBOR_PID when set, else the one listening on the Harbor URL's port (a loopback Harbor only).
// Linux only.
import * as fs from "node:fs";

/** Clock ticks per second of /proc/<pid>/stat times (USER_HZ, 100 on Linux). */
const TICKS_PER_S = 100;

function read(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

/** CPU seconds (user + system) the process has used so far; NaN when it cannot be read. */
export function processCpuS(pid: number): number {
  const stat = read(`/proc/${pid}/stat`);
  // Fields after the ")" that closes the command name: state is the 1st, utime the 12th, stime the 13th.
  const fields = stat?.slice(stat.lastIndexOf(")") + 2).split(" ");
  if (!fields) return Number.NaN;
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_S;
}

/** Socket inodes listening on `port` (IPv4 and IPv6). */
function listeningInodes(port: number): Set<string> {
  const inodes = new Set<string>();
  for (const table of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    for (const line of (read(table) ?? "").split("\n").slice(1)) {
      const cols = line.trim().split(/\s+/);
      const local = cols[1];
      // st 0A = LISTEN; the port is the hex after the colon of local_address.
      if (local && cols[3] === "0A" && parseInt(local.split(":")[1] ?? "", 16) === port && cols[9])
        inodes.add(cols[9]);
    }
  }
  return inodes;
}

/** The process holding a socket that listens on `port`, if this user can see it. */
function pidListeningOn(port: number): number | undefined {
  const inodes = listeningInodes(port);
  if (inodes.size === 0) return undefined;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    let fds: string[];
    try {
      fds = fs.readdirSync(`/proc/${entry}/fd`);
    } catch {
      continue;
    }
    for (const fd of fds) {
      let link: string;
      try {
        link = fs.readlinkSync(`/proc/${entry}/fd/${fd}`);
      } catch {
        continue;
      }
      const m = /^socket:\[(\d+)\]$/.exec(link);
      if (m && inodes.has(m[1] as string)) return Number(entry);
    }
  }
  return undefined;
}

/**
 * Harbor's process for `url`: HARBOR_PID, else the local process listening on its port. Undefined
 * (with the reason) when Harbor is not on this machine or cannot be seen.
 */
export function findHarborProcess(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
): { pid: number; name: string } | { reason: string } {
  const fromEnv = env.HARBOR_PID;
  let pid: number | undefined;
  if (fromEnv) {
    pid = Number(fromEnv);
    if (!Number.isInteger(pid) || pid <= 0) return { reason: `HARBOR_PID=${fromEnv} is not a process id` };
  } else {
    const u = new URL(url);
    if (!/^(127\.|localhost$|\[::1\]$)/.test(u.hostname))
      return { reason: `${u.hostname} is not this machine (set HARBOR_PID for a local Harbor)` };
    const port = Number(u.port || (u.protocol === "https:" ? 443 : 80));
    pid = pidListeningOn(port);
    if (pid === undefined) return { reason: `no process of ours listens on port ${port} (set HARBOR_PID)` };
  }
  if (Number.isNaN(processCpuS(pid))) return { reason: `cannot read /proc/${pid}/stat` };
  const name = (read(`/proc/${pid}/comm`) ?? "?").trim();
  return { pid, name };
}
