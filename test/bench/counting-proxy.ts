// Against a real Harbor the benchmark cannot ask the server how often it was called, so the robots
// talk to it through this loopback forwarder, which counts requests by method and route (robot and
// project ids or names become {id}). It adds one local hop to every request; the README says so.
// TLS to Harbor honours HARBOR_INSECURE and HARBOR_CA_CERT like the provider.
import * as fs from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Agent, request } from "undici";

export interface CountingProxy {
  url: string;
  /** "POST /robots" → requests since the last reset. */
  counts(): Map<string, number>;
  reset(): void;
  close(): Promise<void>;
}

/** "/api/v2.0/robots/42" → "/robots/{id}"; "/api/v2.0/projects/library" → "/projects/{id}". */
function routeOf(pathname: string): string {
  const path = pathname.replace(/^\/api\/v2\.0/, "");
  return path.replace(/^\/(robots|projects)\/[^/]+/, "/$1/{id}");
}

export async function startCountingProxy(target: string): Promise<CountingProxy> {
  const base = new URL(target.replace(/\/api\/v2\.0\/?$/, "").replace(/\/$/, ""));
  const ca = process.env.HARBOR_CA_CERT;
  const dispatcher = new Agent({
    connect: {
      rejectUnauthorized: !/^(1|true|yes)$/i.test(process.env.HARBOR_INSECURE ?? ""),
      ...(ca ? { ca: ca.includes("-----BEGIN") ? ca : fs.readFileSync(ca, "utf8") } : {}),
    },
  });
  const counts = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? "/", base);
    const key = `${req.method} ${routeOf(url.pathname)}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    const headers = { ...req.headers, host: base.host };
    const hasBody = req.method !== "GET" && req.method !== "HEAD";
    request(new URL(`${base.pathname.replace(/\/$/, "")}${url.pathname}${url.search}`, base), {
      method: req.method as "GET",
      headers,
      ...(hasBody ? { body: req } : {}),
      dispatcher,
    }).then(
      async (upstream) => {
        const out: Record<string, string | string[]> = {};
        for (const [k, v] of Object.entries(upstream.headers))
          if (v !== undefined && k !== "transfer-encoding" && k !== "connection") out[k] = v;
        res.writeHead(upstream.statusCode, out);
        for await (const chunk of upstream.body) res.write(chunk);
        res.end();
      },
      () => res.destroy(), // the provider sees a reset, as it would from Harbor
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts: () => new Map(counts),
    reset: () => counts.clear(),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dispatcher.close();
    },
  };
}
