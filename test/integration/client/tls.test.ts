// TLS settings against a local HTTPS server with a throwaway self-signed certificate (made with the
// openssl CLI): rejected by default with a hint, trusted through caCert (file or PEM), or insecure.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createServer as createHttpServer } from "node:http";
import { createServer, type Server } from "node:https";
import { connect as netConnect, type AddressInfo } from "node:net";
import { HarborConnectionError } from "../../../provider/client/errors";
import { HarborClient } from "../../../provider/client/harbor-client";
import type { ConnectionSettings } from "../../../provider/client/connection";
import { withStoredConnection, type HarborTarget } from "../../../provider/harbor";
import { selfSigned } from "../../helpers/forwarder";
import { ProviderProcess } from "../../helpers/provider-process";

const proc = new ProviderProcess();

describe("client TLS settings (local HTTPS server)", function () {
  let server: Server | undefined;
  let url = "";
  let certFile = "";

  before(async function () {
    const made = selfSigned();
    if (typeof made === "string") {
      console.log(`    (${made})`);
      this.skip();
    }
    certFile = made.certFile;
    server = createServer({ key: made.key, cert: made.cert }, (_req, res) => {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ harbor_version: "v2.15.2-080b0220" }));
    });
    await new Promise<void>((resolve) => server?.listen(0, "127.0.0.1", resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server?.close());

  async function systemInfo(over: Partial<ConnectionSettings>) {
    const c = new HarborClient(
      { url, username: "admin", password: "Adm1n-Passw0rd", insecure: false, ...over },
      { retries: 0 },
    );
    try {
      return await c.systemInfo();
    } finally {
      await c.close();
    }
  }

  it("rejects an untrusted certificate and says how to trust it", async () => {
    await assert.rejects(systemInfo({}), (e: unknown) => {
      assert.ok(e instanceof HarborConnectionError);
      assert.equal(e.transient, false);
      assert.match(e.message, /TLS failed \(.+\) — trust Harbor's CA with harbor:caCert/);
      return true;
    });
  });

  it("trusts a CA bundle given as a file path or as PEM text", async () => {
    assert.equal((await systemInfo({ caCert: certFile })).harbor_version, "v2.15.2-080b0220");
    assert.equal(
      (await systemInfo({ caCert: readFileSync(certFile, "utf8") })).harbor_version,
      "v2.15.2-080b0220",
    );
  });

  it("skips verification when insecure is set", async () => {
    assert.equal((await systemInfo({ insecure: true })).harbor_version, "v2.15.2-080b0220");
  });

  describe("a CA stored with a resource that no longer verifies Harbor (refresh, destroy)", () => {
    let staleCa = "";
    before(function () {
      const made = selfSigned("old-ca");
      if (typeof made === "string") this.skip();
      staleCa = made.certFile;
    });
    afterEach(() => proc.configure(undefined));
    const stored = () => ({
      registry: new URL(url).host,
      registryUrl: url,
      connection: { url, username: "admin", password: "Adm1n-Passw0rd", caCert: staleCa },
    });
    const info = ({ client }: HarborTarget) => client.systemInfo();

    it("falls back to the stack's CA for the same registry", async () => {
      proc.configure({ get: (k: string) => ({ "harbor:url": url, "harbor:caCert": certFile })[k] });
      assert.equal((await withStoredConnection(proc.ctx, stored(), info)).harbor_version, "v2.15.2-080b0220");
    });

    it("without a fresher CA configured, the TLS failure stands", async () => {
      await assert.rejects(withStoredConnection(proc.ctx, stored(), info), /TLS failed/);
    });
  });

  describe("behind a proxy from HTTPS_PROXY / NO_PROXY", () => {
    let proxy: ReturnType<typeof createHttpServer> | undefined;
    let tunnels: string[] = [];
    const saved = { ...process.env };
    before(async () => {
      // A minimal forward proxy: answers CONNECT host:port by piping to it, and records the target.
      proxy = createHttpServer((_req, res) => res.writeHead(405).end());
      proxy.on("connect", (req, client, head) => {
        tunnels.push(req.url ?? "");
        const [host, port] = (req.url ?? "").split(":");
        const upstream = netConnect(Number(port), host, () => {
          client.write("HTTP/1.1 200 Connection Established\r\n\r\n");
          upstream.write(head);
          upstream.pipe(client);
          client.pipe(upstream);
        });
        upstream.on("error", () => client.destroy());
        client.on("error", () => upstream.destroy());
      });
      await new Promise<void>((resolve) => proxy?.listen(0, "127.0.0.1", resolve));
    });
    beforeEach(() => {
      tunnels = [];
      for (const k of ["HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy", "NO_PROXY", "no_proxy"])
        delete process.env[k];
      process.env.HTTPS_PROXY = `http://127.0.0.1:${(proxy!.address() as AddressInfo).port}`;
    });
    afterEach(() => {
      for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
      Object.assign(process.env, saved);
    });
    after(() => proxy?.close());

    it("tunnels through HTTPS_PROXY, with caCert still verifying Harbor's certificate", async () => {
      assert.equal((await systemInfo({ caCert: certFile })).harbor_version, "v2.15.2-080b0220");
      // Every tunnel goes to Harbor (the login and the request may open one each: undici opens a
      // second connection for a request that follows the first one at once).
      assert.deepEqual([...new Set(tunnels)], [new URL(url).host]);
      await assert.rejects(systemInfo({}), /TLS failed/, "an untrusted certificate is still refused");
    });

    it("goes direct for hosts in NO_PROXY", async () => {
      process.env.NO_PROXY = "127.0.0.1";
      assert.equal((await systemInfo({ insecure: true })).harbor_version, "v2.15.2-080b0220");
      assert.deepEqual(tunnels, []);
    });
  });
});
