// When a failed request may be sent again, and how long to wait first.
//
// GET, PUT, DELETE and PATCH are safe to repeat, so they are retried on 500/502/503/504, 429, resets
// and timeouts: PUT replaces the whole robot, DELETE of a deleted robot is a 404 we count as done, a
// PATCH with a chosen secret sets the same secret again, and a generating PATCH (no secret in the
// body) only issues a newer secret: the last one we receive is the one in force, and the one we keep.
// POST (create) is repeated only when Harbor certainly did not process it: 429, or a connection that
// was never made. Any other failure of a POST surfaces as OutcomeUnknownError (raised by the
// transport), which create settles by reading Harbor, never by posting blindly.
import { backOff } from "exponential-backoff";
import { z } from "zod";
import { HarborApiError, HarborConnectionError, HarborError } from "./errors";

export interface RetryPolicy {
  /** Extra attempts after the first one. */
  retries: number;
  /** First backoff delay; doubles on each retry, with full jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited for: the 429 is reported instead. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  // 7 attempts: a request that fails 1 time in 5 on its own fails 7 times in a row once in 78,000.
  retries: 6,
  baseDelayMs: 500,
  maxDelayMs: 10_000,
  maxRetryAfterMs: 60_000,
};

const RETRY_DELAY_RULE = "must be a whole number of milliseconds ≥ 0";
/** The first backoff delay a user may set (HARBOR_RETRY_BASE_DELAY_MS): the rule for the reader and for check. */
export const retryBaseDelayMs = z
  .number({ error: RETRY_DELAY_RULE })
  .int(RETRY_DELAY_RULE)
  .min(0, RETRY_DELAY_RULE)
  .describe("First retry backoff in ms, doubled per retry (default 500)");

const REPEATABLE = new Set(["GET", "PUT", "DELETE", "PATCH"]);
// 500 included: Harbor answers it for database hiccups and lost backend connections as well; a
// deterministic 500 (an over-long field) is caught by `check` before any request is sent.
const TRANSIENT_STATUS = new Set([500, 502, 503, 504]);

/** Whether a failure of `method` may be retried, and the minimum wait Harbor asked for (Retry-After). */
export function retryDecision(
  method: string,
  e: unknown,
  policy: RetryPolicy,
): { retry: boolean; waitMs?: number } {
  if (e instanceof HarborApiError && e.status === 429) {
    const waitMs = e.retryAfterMs ?? 0;
    return { retry: waitMs <= policy.maxRetryAfterMs, waitMs };
  }
  if (e instanceof HarborConnectionError && !e.maybeSent) return { retry: e.transient };
  if (!REPEATABLE.has(method)) return { retry: false };
  if (e instanceof HarborApiError) return { retry: TRANSIENT_STATUS.has(e.status) };
  if (e instanceof HarborConnectionError) return { retry: e.transient };
  return { retry: false };
}

/** Parses Retry-After (delay seconds or an HTTP-date) into milliseconds from `now`. */
export function parseRetryAfter(value: string | undefined, now = Date.now()): number | undefined {
  if (value === undefined || value.trim() === "") return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * When to try again: `attempts` in all, waiting `baseDelayMs` before the second, twice as long before
 * each next one, at most `maxDelayMs`. With full jitter each wait is drawn between 0 and that (many
 * clients failing together do not come back together); without, it is exactly that.
 */
export interface Backoff {
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  jitter: "full" | "none";
}

/**
 * The one retry mechanism: runs `attempt` (numbered from 1) until it succeeds, `shouldRetry` refuses
 * its failure (which may first wait, e.g. for a Retry-After), or the attempts are used up; the last
 * failure is thrown. The waits come from exponential-backoff. The transport retries each request
 * with it (withRetries); create retries its POST and its settling look-ups with it, each with a
 * policy of its own.
 */
export async function retrying<T>(
  attempt: (n: number) => Promise<T>,
  backoff: Backoff,
  shouldRetry: (e: unknown, n: number) => boolean | Promise<boolean>,
): Promise<T> {
  let n = 0;
  return backOff(() => attempt(++n), {
    numOfAttempts: backoff.attempts,
    startingDelay: backoff.baseDelayMs,
    timeMultiple: 2,
    maxDelay: backoff.maxDelayMs,
    jitter: backoff.jitter,
    // The library asks even after the last attempt; do not wait for nothing then.
    retry: async (e: unknown, done: number) => done < backoff.attempts && (await shouldRetry(e, done)),
  });
}

/**
 * A request of `method` under the transport's policy: retried when retryDecision allows it, with full
 * jitter and a Retry-After wait on top. The error thrown records how many attempts were made.
 */
export async function withRetries<T>(
  method: string,
  policy: RetryPolicy,
  attempt: () => Promise<T>,
): Promise<T> {
  let attempts = 0;
  try {
    return await retrying(
      (n) => {
        attempts = n;
        return attempt();
      },
      {
        attempts: policy.retries + 1,
        baseDelayMs: policy.baseDelayMs,
        maxDelayMs: policy.maxDelayMs,
        jitter: "full",
      },
      async (e) => {
        const decision = retryDecision(method, e, policy);
        if (decision.retry && decision.waitMs) await sleep(decision.waitMs);
        return decision.retry;
      },
    );
  } catch (e) {
    if (e instanceof HarborError) e.noteAttempts(attempts);
    throw e;
  }
}
