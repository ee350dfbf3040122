// Per-instance request counters for tests that assert how often a client called (retries, caching).

import { routeMatches } from "./routes";

export class RequestCounters {
  private seen: Array<{ method: string; route: string }> = [];

  /** `route` is the swagger path of the matched operation, or the raw path when none matched. */
  record(method: string, route: string): void {
    this.seen.push({ method, route });
  }

  count(method?: string, route?: string): number {
    return this.seen.filter(
      (s) => (method === undefined || s.method === method.toUpperCase()) && routeMatches(route, s.route),
    ).length;
  }

  reset(): void {
    this.seen = [];
  }
}
