// The one retry mechanism, apart from any request: how many attempts, which failures are tried
// again, and the waits of a policy without jitter (create's), as create relies on them.
import assert from "node:assert/strict";
import { retrying, type Backoff } from "../../../provider/client/retry";

const exact = (attempts: number, baseDelayMs: number, maxDelayMs: number): Backoff => ({
  attempts,
  baseDelayMs,
  maxDelayMs,
  jitter: "none",
});

describe("client/retry: retrying()", () => {
  it("numbers the attempts, stops at the first success, and throws the last failure when they are used up", async () => {
    const seen: number[] = [];
    const result = await retrying(
      async (n) => {
        seen.push(n);
        if (n < 3) throw new Error(`failure ${n}`);
        return "made";
      },
      exact(5, 0, 0),
      () => true,
    );
    assert.equal(result, "made");
    assert.deepEqual(seen, [1, 2, 3]);
    await assert.rejects(
      retrying(
        async (n) => Promise.reject(new Error(`failure ${n}`)),
        exact(4, 0, 0),
        () => true,
      ),
      /failure 4/,
    );
  });

  it("gives up at once on a failure the policy does not retry", async () => {
    let calls = 0;
    await assert.rejects(
      retrying(
        async () => {
          calls++;
          throw new Error("for good");
        },
        exact(7, 0, 0),
        (e) => !(e as Error).message.includes("for good"),
      ),
      /for good/,
    );
    assert.equal(calls, 1);
  });

  it("without jitter waits the base delay, then twice as long each time, at most the cap", async () => {
    // The waits as asked of setTimeout (recorded, not waited for): no test of speed, the schedule itself.
    const waits: number[] = [];
    const realSetTimeout = globalThis.setTimeout;
    globalThis.setTimeout = ((fn: () => void, ms?: number) => {
      waits.push(ms ?? 0);
      return realSetTimeout(fn, 0);
    }) as typeof setTimeout;
    try {
      await assert.rejects(
        retrying(
          async () => Promise.reject(new Error("again")),
          exact(7, 250, 4000),
          () => true,
        ),
        /again/,
      );
    } finally {
      globalThis.setTimeout = realSetTimeout;
    }
    assert.deepEqual(waits, [250, 500, 1000, 2000, 4000, 4000]);
  });
});
