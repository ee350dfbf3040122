// A loopback forwarder in front of the emulator, for what the emulator alone cannot show: one port
// that speaks both http and https (the same server under two schemes, as `http://H` and `https://H`
// are one Harbor behind a redirecting proxy), counting requests by scheme, and a gateway that answers
// some requests itself (e.g. a 4xx page echoing the request's headers and body).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import {
  createServer as createHttpServer,
  request,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import { createServer as createNetServer, type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface SelfSigned {
  certFile: string;
  cert: Buffer;
  key: Buffer;
}

/** A throwaway certificate for 127.0.0.1 and localhost (openssl CLI); a string says why there is none. */
export function selfSigned(cn = "127.0.0.1"): SelfSigned | string {
  const dir = mkdtempSync(join(tmpdir(), "harbor-tls-"));
  const certFile = join(dir, "cert.pem");
  const keyFile = join(dir, "key.pem");
  try {
    execFileSync(
      "openssl",
      ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", `/CN=${cn}`].concat([
        "-addext",
        "subjectAltName=IP:127.0.0.1,DNS:localhost",
        "-keyout",
        keyFile,
        "-out",
        certFile,
      ]),
      { stdio: "ignore" },
    );
  } catch (e) {
    return `openssl unavailable, cannot make a test certificate: ${String(e)}`;
  }
  return { certFile, cert: readFileSync(certFile), key: readFileSync(keyFile) };
}

/** What the gateway answers itself; undefined lets the request through to the target. */
export type GatewayAnswer = (
  req: IncomingMessage,
  body: string,
) => { status: number; body: string } | undefined;

export interface Forwarder {
  port: number;
  /** Requests received, by the scheme they came in on. */
  counts: { http: number; https: number };
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1, serving http and (with `tls`) https on the same port, and forwards every
 * request to `target` (`http://127.0.0.1:<port>`) unless `answer` answers it.
 */
export async function startForwarder(
  target: string,
  opts: { tls?: SelfSigned; answer?: GatewayAnswer } = {},
): Promise<Forwarder> {
  const counts = { http: 0, https: 0 };
  const upstream = new URL(target);
  const handle = (scheme: "http" | "https") => (req: IncomingMessage, res: ServerResponse) => {
    counts[scheme]++;
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const own = opts.answer?.(req, body.toString("utf8"));
      if (own) {
        res.writeHead(own.status, { "content-type": "text/plain" }).end(own.body);
        return;
      }
      const out = request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: req.method,
          path: req.url,
          headers: { ...req.headers, host: upstream.host },
        },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      out.on("error", () => res.writeHead(502).end());
      out.end(body);
    });
  };
  const plain = createHttpServer(handle("http"));
  const secure = opts.tls
    ? createHttpsServer({ cert: opts.tls.cert, key: opts.tls.key }, handle("https"))
    : undefined;
  // The first byte of a TLS connection is a handshake record (0x16); anything else is plain HTTP.
  const sockets = new Set<Socket>();
  const front = createNetServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.once("readable", () => {
      const first = socket.read(1) as Buffer | null;
      if (!first) return;
      socket.unshift(first);
      (first[0] === 0x16 && secure ? secure : plain).emit("connection", socket);
    });
  });
  await new Promise<void>((resolve) => front.listen(0, "127.0.0.1", resolve));
  return {
    port: (front.address() as AddressInfo).port,
    counts,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => front.close(() => resolve()));
    },
  };
}
