// What docs/robot-account.md (Lifecycle, refresh) promises a refresh costs: one project list and one robot list for system robots,
// plus one robot list per project that holds project-level robots, however many robots there are.
import assert from "node:assert/strict";
import type { HarborEmulator } from "../../../emulator";
import { harborFor } from "../../../provider/harbor";
import { useProviderEmulator } from "../../helpers/provider-emulator";
import { ProviderProcess } from "../../helpers/provider-process";

const proc = new ProviderProcess();
const p = proc.robotAccount;

describe("RobotAccount refresh cost (the documented figures)", () => {
  let emu: HarborEmulator;
  useProviderEmulator((started) => (emu = started), proc, { quickRetries: false });
  beforeEach(() => {
    for (const project of ["apps", "data"]) emu.seedProject(project);
  });

  it("3 requests for system robots plus project robots of one project, 4 with a second project", async () => {
    const make = async (name: string, extra: Record<string, unknown>) => {
      const { inputs } = await p.check({} as never, { name, ...extra } as never);
      return (await p.create(inputs as never)).outs;
    };
    const states = [
      await make("sys1", { permissions: [{ projects: ["app*"], access: ["pull"] }] }),
      await make("sys2", { permissions: [{ scope: "allProjects", access: ["pull"] }] }),
      await make("proj1", { level: "project", permissions: [{ projects: ["apps"], access: ["pull"] }] }),
      await make("proj2", { level: "project", permissions: [{ projects: ["apps"], access: ["push"] }] }),
    ];
    const refreshAll = async () => {
      harborFor(proc.ctx, undefined).client.forgetListings();
      emu.resetCounts();
      for (const s of states) await p.read(String(s.robotId), s as never);
      return emu.requestCount();
    };
    assert.equal(await refreshAll(), 3, "projects, system robots, the robots of project apps");
    states.push(
      await make("proj3", { level: "project", permissions: [{ projects: ["data"], access: ["pull"] }] }),
    );
    assert.equal(await refreshAll(), 4, "one more robot list for project data");
  });
});
