// The robot inventory at scale on the emulator: requests by kind and time for N robots (prints
// figures, asserts nothing). Part of `npm run bench`; alone: `npm run -s build && node
// dist/test/bench/inventory.js` (BENCH_INVENTORY_N=1000,5000 for other sizes).
import { startEmulator } from "../../emulator";
import { HarborClient, PAGE_SIZE } from "../../provider/client/harbor-client";
import { robotInventory } from "../../provider/inventory";

interface Shape {
  label: string;
  system: number;
  projects: number;
  /** Project robots per project. */
  perProject: number;
}

/**
 * N robots as system robots beside 10 projects without robots, and half of them spread over 5
 * projects (each Harbor also has `library`, a project more to walk).
 */
export function inventoryShapes(n: number): Shape[] {
  return [
    { label: `${n} system robots, 10 projects`, system: n, projects: 10, perProject: 0 },
    {
      label: `${n / 2} system + ${n / 2} project robots in 5 projects`,
      system: n / 2,
      projects: 5,
      perProject: n / 10,
    },
  ];
}

/** "N robots …: 10 robot pages + 1 project page + 11 project listings + 2 login = 24 requests, 1 password check, 0.14 s". */
export async function inventoryLine(shape: Shape): Promise<string> {
  const emu = await startEmulator();
  const client = new HarborClient({ url: emu.url, ...emu.admin, insecure: false });
  try {
    for (let i = 0; i < shape.system; i++) emu.seedRobot({ name: `sys-${i}`, duration: 30 });
    for (let p = 0; p < shape.projects; p++) {
      emu.seedProject(`project-${p}`);
      for (let i = 0; i < shape.perProject; i++)
        emu.seedRobot({ name: `robot-${i}`, project: `project-${p}`, duration: 30 });
    }
    emu.resetCounts();
    const start = process.hrtime.bigint();
    const { robots } = await robotInventory(client);
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const systemPages = Math.max(1, Math.ceil(shape.system / PAGE_SIZE));
    const robotLists = emu.requestCount("GET", "/robots");
    const projectLists = emu.requestCount("GET", "/projects");
    const logins = emu.requestCount("POST", "/c/login");
    return (
      `inventory, ${shape.label}: ${robots.length} listed with ${robotLists} robot-list requests ` +
      `(${systemPages} system pages + ${robotLists - systemPages} for the projects' robots) + ${projectLists} ` +
      `project-list + ${logins} login = ${emu.requestCount()} requests, ` +
      `${emu.passwordCheckCount()} password check, ${seconds.toFixed(2)} s`
    );
  } finally {
    await client.close();
    await emu.close();
  }
}

async function main(): Promise<void> {
  const sizes = (process.env.BENCH_INVENTORY_N ?? "1000").split(",").map(Number);
  for (const n of sizes) for (const shape of inventoryShapes(n)) console.log(await inventoryLine(shape));
}

if (require.main === module)
  main().then(
    () => process.exit(0),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
