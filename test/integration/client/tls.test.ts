// TLS settings against a local HTTPS server with a throwaway self-signed certificate (made with the
// openssl CLI): rejected by default with a hint, trusted through caCert (file or PEM), or insecure.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { HarborConnectionError } from "../../../provider/client/errors";
import { HarborClient } from "../../../provider/client/harbor-client";
import type { ConnectionSettings } from "../../../provider/client/connection";

describe("client TLS settings (local HTTPS server)", function () {
  let server: Server | undefined;
  let url = "";
  let certFile = "";

  before(async function () {
    const dir = mkdtempSync(join(tmpdir(), "harbor-tls-"));
    certFile = join(dir, "cert.pem");
    const keyFile = join(dir, "key.pem");
    try {
      execFileSync(
        "openssl",
        ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"].concat([
          "-addext",
          "subjectAltName=IP:127.0.0.1",
          "-keyout",
          keyFile,
          "-out",
          certFile,
        ]),
        { stdio: "ignore" },
      );
    } catch (e) {
      console.log(`    (openssl unavailable, cannot make a test certificate: ${String(e)})`);
      this.skip();
    }
    server = createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (_req, res) => {
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
});
