import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  apiEndpoint,
  loadCaBundle,
  normalizeUrl,
  registryHost,
  resolveConnection,
} from "../../../provider/client/connection";
import { HarborSettingsError } from "../../../provider/client/errors";

const config = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("client/connection", () => {
  describe("resolveConnection precedence", () => {
    const env = {
      HARBOR_URL: "https://env.example.com",
      HARBOR_USERNAME: "env-user",
      HARBOR_PASSWORD: "env-pass",
      HARBOR_INSECURE: "true",
      HARBOR_CA_CERT: "/env/ca.pem",
    };

    it("takes every field from the environment when nothing else is set", () => {
      assert.deepEqual(resolveConnection(undefined, undefined, env), {
        url: "https://env.example.com",
        username: "env-user",
        password: "env-pass",
        insecure: true,
        caCert: "/env/ca.pem",
      });
    });

    it("prefers stack config over the environment, field by field, for the same registry", () => {
      const s = resolveConnection(
        undefined,
        config({ "harbor:url": "https://env.example.com/api/v2.0", "harbor:insecure": "false" }),
        env,
      );
      assert.equal(s.url, "https://env.example.com");
      assert.equal(s.insecure, false);
      assert.equal(s.username, "env-user");
      assert.equal(s.password, "env-pass");
    });

    it("never sends the environment's credentials to the other registry stack config names", () => {
      assert.throws(
        () => resolveConnection(undefined, config({ "harbor:url": "https://cfg.example.com" }), env),
        (e: unknown) => {
          assert.ok(e instanceof HarborSettingsError);
          assert.match(e.message, /No username or password for https:\/\/cfg\.example\.com/);
          assert.match(
            e.message,
            /environment HARBOR_USERNAME and environment HARBOR_PASSWORD belong to https:\/\/env\.example\.com/,
          );
          assert.ok(!e.message.includes("env-pass"));
          return true;
        },
      );
    });

    it("prefers the explicit connection over config and environment, field by field", () => {
      const s = resolveConnection(
        { username: "explicit-user", insecure: false },
        config({ "harbor:username": "cfg-user", "harbor:password": "cfg-pass" }),
        env,
      );
      assert.equal(s.username, "explicit-user");
      assert.equal(s.password, "cfg-pass");
      assert.equal(s.url, "https://env.example.com");
      assert.equal(s.insecure, false);
      assert.equal(s.caCert, "/env/ca.pem");
    });

    it("treats empty strings as unset", () => {
      const s = resolveConnection({ url: "" }, config({ "harbor:url": "" }), env);
      assert.equal(s.url, "https://env.example.com");
    });

    it("defaults insecure to false and leaves caCert out", () => {
      const s = resolveConnection({ url: "https://h", username: "u", password: "p" }, undefined, {});
      assert.equal(s.insecure, false);
      assert.equal("caCert" in s, false);
    });

    it("names every place a missing setting can be set", () => {
      assert.throws(
        () => resolveConnection({ username: "u" }, undefined, {}),
        (e: unknown) => {
          assert.ok(e instanceof HarborSettingsError);
          assert.match(e.message, /Missing Harbor connection settings url, password\./);
          assert.match(
            e.message,
            /url: the resource's connection\.url, stack config harbor:url or environment HARBOR_URL/,
          );
          assert.match(
            e.message,
            /connection\.password, stack config harbor:password \(use `pulumi config set --secret`\)/,
          );
          assert.match(e.message, /environment HARBOR_PASSWORD/);
          assert.doesNotMatch(e.message, /username:/);
          return true;
        },
      );
    });

    it("rejects an insecure value that is not a boolean, saying where it came from", () => {
      assert.throws(
        () => resolveConnection(undefined, config({ "harbor:insecure": "maybe" }), env),
        /stack config harbor:insecure must be true or false, got "maybe"/,
      );
    });
  });

  describe("URLs", () => {
    for (const raw of [
      "https://harbor.example.com",
      "https://harbor.example.com/",
      "https://harbor.example.com/api/v2.0",
      "https://harbor.example.com/api/v2.0/",
    ]) {
      it(`normalises ${raw}`, () => {
        assert.equal(normalizeUrl(raw), "https://harbor.example.com");
        assert.deepEqual(apiEndpoint(raw), { origin: "https://harbor.example.com", basePath: "/api/v2.0" });
      });
    }

    it("keeps a port and a path prefix, and accepts http for local use", () => {
      assert.equal(normalizeUrl("http://127.0.0.1:8080/harbor/api/v2.0"), "http://127.0.0.1:8080/harbor");
      assert.deepEqual(apiEndpoint("http://127.0.0.1:8080/harbor"), {
        origin: "http://127.0.0.1:8080",
        basePath: "/harbor/api/v2.0",
      });
    });

    it("refuses other schemes, garbage, and credentials in the URL without echoing them", () => {
      assert.throws(
        () => normalizeUrl("ftp://h", "environment HARBOR_URL"),
        /environment HARBOR_URL must be an https:\/\/ URL \(or http:\/\/ for local use\), got "ftp:\/\/h"/,
      );
      assert.throws(() => normalizeUrl("harbor.example.com"), /must start with https|not a valid URL/);
      assert.throws(() => normalizeUrl("not a url"), /not a valid URL/);
      assert.throws(
        () => normalizeUrl("https://admin:Hunter22@h"),
        (e: unknown) =>
          e instanceof Error &&
          /must not contain credentials/.test(e.message) &&
          !e.message.includes("Hunter22"),
      );
    });

    it("registryHost gives host[:port] without default ports", () => {
      assert.equal(registryHost("https://harbor.example.com/api/v2.0"), "harbor.example.com");
      assert.equal(registryHost("https://harbor.example.com:443"), "harbor.example.com");
      assert.equal(registryHost("https://harbor.example.com:8443/"), "harbor.example.com:8443");
      assert.equal(registryHost("http://127.0.0.1:5000"), "127.0.0.1:5000");
    });
  });

  describe("CA bundle", () => {
    const pem = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";

    it("takes PEM text as it is and reads a path", () => {
      assert.equal(loadCaBundle(pem), pem);
      const file = join(mkdtempSync(join(tmpdir(), "harbor-ca-")), "ca.pem");
      writeFileSync(file, pem);
      assert.equal(loadCaBundle(file), pem);
    });

    it("says which file could not be read or has no certificate", () => {
      assert.throws(
        () => loadCaBundle("/nonexistent/ca.pem"),
        /Cannot read the CA bundle "\/nonexistent\/ca.pem".*ENOENT/,
      );
      const file = join(mkdtempSync(join(tmpdir(), "harbor-ca-")), "empty.pem");
      writeFileSync(file, "nothing here");
      assert.throws(() => loadCaBundle(file), /has no PEM certificate/);
    });
  });
});
