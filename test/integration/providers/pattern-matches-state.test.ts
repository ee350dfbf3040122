// A robot's state stores what its glob patterns matched only when its permissions name a pattern:
// most robots have none, and an empty `patternMatches: {}` cost every one of them 19 bytes of state.
// Growing and dropping patterns across updates, and refreshing a state that still holds `{}` (written
// by an earlier release), must keep the field exactly when it says something.
import assert from "node:assert/strict";
import type { HarborEmulator } from "../../../emulator";
import type { RobotAccountState } from "../../../provider/robot-account/state";
import { useProviderEmulator } from "../../helpers/provider-emulator";
import { ProviderProcess } from "../../helpers/provider-process";

const proc = new ProviderProcess();
const p = proc.robotAccount;

const PLAIN = [{ projects: ["team-a-api"], access: ["pull"] }];
const PATTERN = [{ projects: ["team-a-*"], access: ["pull"] }];
const owner = "acme/platform/prod/matches";

async function checked(news: Record<string, unknown>, olds: object = {}) {
  const result = await p.check(olds as never, { name: "matches", duration: 30, owner, ...news } as never);
  assert.deepEqual(result.failures ?? [], []);
  return result.inputs as never;
}

describe("RobotAccount state: patternMatches only for robots with patterns", function () {
  this.timeout(60_000);
  let emu: HarborEmulator;
  useProviderEmulator((started) => (emu = started), proc);
  beforeEach(() => {
    emu.seedProject("team-a-api");
    emu.seedProject("team-a-web");
  });

  it("a robot without patterns stores none; one with patterns stores what they matched", async () => {
    const plain = (await p.create(await checked({ permissions: PLAIN }))).outs as RobotAccountState;
    assert.equal("patternMatches" in plain, false);
    await p.delete(String(plain.robotId), plain as never);

    const globbed = (await p.create(await checked({ permissions: PATTERN }))).outs as RobotAccountState;
    assert.deepEqual(globbed.patternMatches, { "team-a-*": ["team-a-api", "team-a-web"] });
  });

  it("an update that drops the last pattern drops the field; one that adds a pattern stores it", async () => {
    const created = await p.create(await checked({ permissions: PATTERN }));
    const olds = created.outs as RobotAccountState;
    const dropped = (await p.update!(created.id, olds as never, await checked({ permissions: PLAIN }, olds)))
      .outs as RobotAccountState;
    assert.equal("patternMatches" in dropped, false);
    const added = (
      await p.update!(created.id, dropped as never, await checked({ permissions: PATTERN }, dropped))
    ).outs as RobotAccountState;
    assert.deepEqual(added.patternMatches, { "team-a-*": ["team-a-api", "team-a-web"] });
  });

  it("a refresh of a state that holds an empty patternMatches (an earlier release) drops it", async () => {
    const created = await p.create(await checked({ permissions: PLAIN }));
    const legacy = { ...(created.outs as RobotAccountState), patternMatches: {} };
    const read = await p.read!(created.id, legacy as never);
    assert.equal("patternMatches" in (read.props as object), false);
  });
});
