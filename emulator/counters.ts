// Per-instance request counters for tests that assert how often a client called (retries, caching).
// Kept as one count per method and route, not a log of requests: an emulator serving a long demo
// or a 1000-robot benchmark must not grow with every request.

import { routeMatches } from "./routes";

export class RequestCounters {
  /** "METHOD route" → requests; `route` is a swagger path, or the raw path when none matched. */
  private seen = new Map<string, { method: string; route: string; count: number }>();

  record(method: string, route: string): void {
    const key = `${method} ${route}`;
    const entry = this.seen.get(key);
    if (entry) entry.count++;
    else this.seen.set(key, { method, route, count: 1 });
  }

  count(method?: string, route?: string): number {
    let total = 0;
    for (const s of this.seen.values())
      if ((method === undefined || s.method === method.toUpperCase()) && routeMatches(route, s.route))
        total += s.count;
    return total;
  }

  reset(): void {
    this.seen.clear();
  }
}
