// A flaky Harbor: the emulator's seeded fault rate (20 % of requests: 503/500 without forwarding,
// 429 with Retry-After: 1, resets before forwarding, answers lost after the write as 502 or a reset,
// added latency) against the real engine. The declared robots must converge exactly within two
// `pulumi up` runs, with no duplicate and every stored secret logging in, and two `pulumi destroy`
// runs must leave no robot. (`npm run soak` runs the same at N = 100 and prints the figures.)
import assert from "node:assert/strict";
import { runSoak } from "../../scripts/soak";

describe("e2e: soak under a seeded 20 % fault rate", function () {
  this.timeout(600_000);

  for (const seed of [7, 2026]) {
    it(`converges 30 robots in at most 2 ups and destroys them in at most 2 (seed ${seed})`, async () => {
      const f = await runSoak({
        robots: 30,
        faults: { rate: 0.2, seed, latencyMs: 500 },
        ups: 2,
        destroys: 2,
        log: (line) => console.log(`      ${line}`),
      });
      const last = f.ups.at(-1)!;
      assert.equal(last.converged, 30, "every declared robot converged");
      assert.equal(last.duplicates, 0, "no duplicate or stray robot");
      assert.equal(last.secretsThatLogIn, 30, "every stored secret logs in");
      assert.equal(f.destroys.at(-1)!.robotsLeft, 0, "destroy leaves no robot");
      assert.ok(Object.values(f.faultsDrawn).reduce((a, b) => a + (b ?? 0), 0) > 0, "faults were drawn");
    });
  }
});
