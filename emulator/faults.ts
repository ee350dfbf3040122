// Injected failures, for testing client retries and partial failures. Each request takes at most
// one fault: the first still-armed one (in injection order) whose method and route match.

import { routeMatches } from "./routes";

export interface FaultSpec {
  /** e.g. "POST"; undefined = any. */
  method?: string;
  /** "/robots", "/robots/{id}" or the swagger spelling "/robots/{robot_id}"; undefined = any. */
  route?: string;
  /** How many matching requests get the fault (default 1). */
  times?: number;
  kind: "status" | "reset" | "latency" | "apply-then-status" | "apply-then-reset";
  /** For the status kinds (500/502/503/429 …); the body is a Harbor error body. */
  status?: number;
  /** Sets Retry-After on the faulted response. */
  retryAfterSeconds?: number;
  /** For latency: wait this long, then handle the request normally. */
  latencyMs?: number;
}

const KINDS = new Set<FaultSpec["kind"]>([
  "status",
  "reset",
  "latency",
  "apply-then-status",
  "apply-then-reset",
]);

export class Faults {
  private armed: Array<{ spec: FaultSpec; remaining: number }> = [];

  add(spec: FaultSpec): void {
    if (!KINDS.has(spec.kind)) throw new Error(`unknown fault kind "${spec.kind}"`);
    if ((spec.kind === "status" || spec.kind === "apply-then-status") && !spec.status) {
      throw new Error(`fault kind "${spec.kind}" needs a status`);
    }
    this.armed.push({ spec: { ...spec }, remaining: spec.times ?? 1 });
  }

  /** Consume one use of the first fault matching this request, if any. */
  take(method: string, route: string): FaultSpec | undefined {
    const hit = this.armed.find(
      (f) =>
        (f.spec.method === undefined || f.spec.method.toUpperCase() === method) &&
        routeMatches(f.spec.route, route),
    );
    if (!hit) return undefined;
    if (--hit.remaining <= 0) this.armed.splice(this.armed.indexOf(hit), 1);
    return hit.spec;
  }

  clear(): void {
    this.armed = [];
  }
}
