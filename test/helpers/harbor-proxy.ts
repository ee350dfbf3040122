// A loopback forwarder in front of a real Harbor, for what such a Harbor cannot do by itself: count
// the requests it gets (the benchmark: robot and project ids or names become {id}), hold requests
// before passing them on (the acceptance test of an interrupted `up`: creates still in flight when the
// engine is killed, as the emulator's latency faults make them in e2e), and let a test act on Harbor
// just before a request reaches it (the session test: log the provider's session out, or lock its
// user, at a chosen request). A held request is passed on whatever happened to its sender
// meanwhile, as a request already on its way to Harbor would be.
// It adds one local hop to every request. TLS to Harbor honours HARBOR_INSECURE and HARBOR_CA_CERT
// like the provider.
import * as fs from "node:fs";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, request } from "undici";

export interface HarborProxy {
  url: string;
  /** "POST /robots" → requests received since the last reset. */
  counts(): Map<string, number>;
  /** "POST /robots 201" → Harbor's answers since the last reset (whether or not the sender got them). */
  answers(): Map<string, number>;
  /** Password checks Harbor made since the last reset: requests with Basic credentials, and logins. */
  checks(): { basic: number; login: number };
  reset(): void;
  /** From now on, hold each request this long before passing it on (0: not at all). */
  hold(holdMs: HoldMs | undefined): void;
  /** From now on, await this before passing each request on (after its hold). */
  beforeForward(hook: BeforeForward | undefined): void;
  /** Resolves once no request is on its way to Harbor or back (held or hooked ones are not). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** How long to hold a request, given its method, route and how many of those came before it. */
export type HoldMs = (method: string, route: string, n: number) => number;

/** What a test does before a request goes on to Harbor (its headers: e.g. the session cookie). */
export type BeforeForward = (req: {
  method: string;
  route: string;
  n: number;
  headers: IncomingMessage["headers"];
}) => unknown;

/** "/api/v2.0/robots/42" → "/robots/{id}"; "/api/v2.0/projects/library" → "/projects/{id}". */
function routeOf(pathname: string): string {
  const path = pathname.replace(/^\/api\/v2\.0/, "");
  return path.replace(/^\/(robots|projects)\/[^/]+/, "/$1/{id}");
}

async function bodyOf(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const bump = (m: Map<string, number>, key: string) => m.set(key, (m.get(key) ?? 0) + 1);

export async function startHarborProxy(target: string, opts: { holdMs?: HoldMs } = {}): Promise<HarborProxy> {
  const base = new URL(target.replace(/\/api\/v2\.0\/?$/, "").replace(/\/$/, ""));
  const ca = process.env.HARBOR_CA_CERT;
  const dispatcher = new Agent({
    connect: {
      rejectUnauthorized: !/^(1|true|yes)$/i.test(process.env.HARBOR_INSECURE ?? ""),
      ...(ca ? { ca: ca.includes("-----BEGIN") ? ca : fs.readFileSync(ca, "utf8") } : {}),
    },
  });
  const counts = new Map<string, number>();
  const answers = new Map<string, number>();
  const checks = { basic: 0, login: 0 };
  let holdMs = opts.holdMs;
  let beforeForward: BeforeForward | undefined;
  let inFlight = 0;
  const server: Server = createServer(async (req, res) => {
    const url = new URL(req.url ?? "/", base);
    const route = routeOf(url.pathname);
    const key = `${req.method} ${route}`;
    const n = counts.get(key) ?? 0;
    counts.set(key, n + 1);
    // A Basic header costs Harbor a password check; so does a login that sends the form (the first
    // POST /c/login, which only fetches the CSRF token, sends none).
    if (/^Basic /i.test(req.headers.authorization ?? "")) checks.basic++;
    const form = (req.headers["content-type"] ?? "").startsWith("application/x-www-form-urlencoded");
    if (req.method === "POST" && url.pathname.endsWith("/c/login") && form) checks.login++;
    let forwarded = false;
    try {
      const hasBody = req.method !== "GET" && req.method !== "HEAD";
      // Read first, then hold: a held request must reach Harbor even if its sender is gone by then.
      const body = hasBody ? await bodyOf(req) : undefined;
      const held = holdMs?.(req.method ?? "GET", route, n) ?? 0;
      if (held > 0) await new Promise((resolve) => setTimeout(resolve, held));
      await beforeForward?.({ method: req.method ?? "GET", route, n, headers: req.headers });
      inFlight++;
      forwarded = true;
      const upstream = await request(
        new URL(`${base.pathname.replace(/\/$/, "")}${url.pathname}${url.search}`, base),
        {
          method: req.method as "GET",
          headers: { ...req.headers, host: base.host },
          ...(body ? { body } : {}),
          dispatcher,
        },
      );
      bump(answers, `${key} ${upstream.statusCode}`);
      const out: Record<string, string | string[]> = {};
      for (const [k, v] of Object.entries(upstream.headers))
        if (v !== undefined && k !== "transfer-encoding" && k !== "connection") out[k] = v;
      res.writeHead(upstream.statusCode, out);
      for await (const chunk of upstream.body) res.write(chunk);
      res.end();
    } catch {
      res.destroy(); // the provider sees a reset, as it would from Harbor
    } finally {
      if (forwarded) inFlight--;
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => new Map(counts),
    answers: () => new Map(answers),
    checks: () => ({ ...checks }),
    reset: () => {
      counts.clear();
      answers.clear();
      checks.basic = checks.login = 0;
    },
    hold: (next) => void (holdMs = next),
    beforeForward: (hook) => void (beforeForward = hook),
    idle: async () => {
      while (inFlight > 0) await new Promise((resolve) => setTimeout(resolve, 10));
    },
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dispatcher.close();
    },
  };
}
