// The emulator alone at benchmark sizes: per-request cost of create, of one listing page and of
// delete, with and without a state file, so a slow emulator never passes for a slow provider.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { startEmulator } from "../../emulator";

const ROBOT = {
  level: "system",
  duration: 30,
  permissions: [{ kind: "project", namespace: "*", access: [{ resource: "repository", action: "pull" }] }],
};

async function timePer(n: number, run: (i: number) => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await run(i);
  return Number(process.hrtime.bigint() - start) / 1e6 / n;
}

/** "create 2.1 ms, list 5.0 ms/page (11 pages), delete 1.9 ms" for `count` robots. */
export async function emulatorScale(count: number, withStateFile: boolean): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "phr-emu-scale-"));
  const emu = await startEmulator(withStateFile ? { stateFile: path.join(dir, "state.json") } : {});
  const headers = {
    authorization: `Basic ${Buffer.from(`${emu.admin.username}:${emu.admin.password}`).toString("base64")}`,
    "content-type": "application/json",
  };
  const api = async (method: string, p: string, body?: object) => {
    const res = await fetch(`${emu.url}/api/v2.0${p}`, {
      method,
      headers,
      body: body && JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 300) throw new Error(`${method} ${p}: ${res.status} ${text}`);
    return text;
  };
  try {
    const create = await timePer(count, (i) => api("POST", "/robots", { ...ROBOT, name: `scale-${i}` }));
    const pages = Math.ceil(count / 100);
    const page = await timePer(pages, (i) =>
      api("GET", `/robots?q=Level%3Dsystem&page=${i + 1}&page_size=100`),
    );
    const ids = emu.listRobots().map((r) => r.id);
    const del = await timePer(ids.length, (i) => api("DELETE", `/robots/${ids[i]}`));
    return `create ${create.toFixed(1)} ms, list ${page.toFixed(1)} ms/page (${pages} pages), delete ${del.toFixed(1)} ms`;
  } finally {
    await emu.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
