// The handlers against the emulator behind a forwarder that serves http and https on one port
// (issue 17, cases 6 and 10). Before, `harbor:url` respelled from https to http was no change at
// preview, and every later request, refresh and delete included, went out over http with the
// password configured for https; and `http://localhost.:P` planned a delete-first replace of a robot
// created on `http://localhost:P`, whose delete then found no credentials.
import assert from "node:assert/strict";
import { startEmulator, type HarborEmulator } from "../../../emulator";
import type { RobotAccountState } from "../../../provider/robot-account/state";
import { startForwarder, selfSigned, type Forwarder } from "../../helpers/forwarder";
import { warnings } from "../../helpers/warnings";
import { ProviderProcess } from "../../helpers/provider-process";

const proc = new ProviderProcess();
const p = proc.robotAccount;

const inputs = { name: "ci", duration: 30, permissions: [{ scope: "allProjects", access: ["pull"] }] };

describe("a stack URL respelled from https to http: the same robot, never a silent downgrade", function () {
  this.timeout(60_000);
  let emu: HarborEmulator;
  let front: Forwarder;
  let certFile = "";
  const httpsUrl = () => `https://127.0.0.1:${front.port}`;
  const httpUrl = () => `http://127.0.0.1:${front.port}`;
  const stackAt = (url: string, extra: Record<string, string> = {}) => {
    const values: Record<string, string> = {
      "harbor:url": url,
      "harbor:username": emu.admin.username,
      "harbor:password": emu.admin.password,
      "harbor:caCert": certFile,
      ...extra,
    };
    proc.configure({ get: (k) => values[k] });
  };
  const reset = () => Object.assign(front.counts, { http: 0, https: 0 });
  let state: RobotAccountState;
  let id = "";
  const savedEnv = { ...process.env };

  before(async function () {
    const tls = selfSigned();
    if (typeof tls === "string") {
      console.log(`    (${tls})`);
      this.skip();
    }
    certFile = tls.certFile;
    emu = await startEmulator();
    front = await startForwarder(emu.url, { tls });
    for (const k of Object.keys(process.env)) if (k.startsWith("HARBOR_")) delete process.env[k];
  });
  after(async () => {
    process.env = savedEnv;
    proc.configure(undefined);
    await front?.close();
    await emu?.close();
  });

  it("creates the robot over https", async () => {
    stackAt(httpsUrl());
    const checked = await p.check({} as never, inputs as never);
    assert.deepEqual(checked.failures, []);
    const created = await p.create(checked.inputs as never);
    ({ id } = created);
    state = created.outs as RobotAccountState;
    assert.equal(state.registryUrl, httpsUrl());
    assert.equal(front.counts.http, 0);
    assert.ok(front.counts.https > 0);
  });

  it("shows the respelling at preview as an update of the same robot", async () => {
    stackAt(httpUrl());
    reset();
    const { result: d, said } = await warnings(() => p.diff(id, state as never, inputs as never));
    assert.equal(d.changes, true);
    assert.deepEqual(d.replaces, []);
    assert.match(
      said,
      /its registry URL changes from https:\/\/127\.0\.0\.1:\d+ to http:\/\/127\.0\.0\.1:\d+/,
    );
    assert.deepEqual(front.counts, { http: 0, https: 0 }, "preview is offline");
  });

  it("refresh and delete do not follow it: nothing goes out over http, and the https credentials are not there", async () => {
    reset();
    const { result: read, said } = await warnings(() => p.read(id, state as never));
    assert.equal(read.id, id, "kept");
    assert.match(
      said,
      /lives on https:\/\/127\.0\.0\.1:\d+, which the current settings give no credentials for/,
    );
    await assert.rejects(p.delete(id, state as never), /cannot delete robot robot\$ci .* it lives on https:/);
    assert.deepEqual(front.counts, { http: 0, https: 0 });
    assert.ok(emu.getRobot(Number(id)), "still there");
  });

  it("with credentials for the stored https URL in the environment, refresh stays on https", async () => {
    Object.assign(process.env, { ...emu.harborEnv(), HARBOR_URL: httpsUrl(), HARBOR_CA_CERT: certFile });
    reset();
    const read = await p.read(id, state as never);
    assert.equal(read.id, id);
    assert.equal((read.props as RobotAccountState).registryUrl, httpsUrl());
    assert.equal(front.counts.http, 0);
    assert.ok(front.counts.https > 0);
    for (const k of ["HARBOR_URL", "HARBOR_USERNAME", "HARBOR_PASSWORD", "HARBOR_CA_CERT"])
      delete process.env[k];
  });

  it("the update the preview showed moves the robot to http and records it; delete then uses http", async () => {
    reset();
    const { outs } = await p.update(id, state as never, inputs as never);
    state = outs as RobotAccountState;
    assert.equal(state.robotId, Number(id), "the same robot");
    assert.equal(state.registryUrl, httpUrl());
    assert.equal(front.counts.https, 0);
    assert.ok(front.counts.http > 0);
    const again = await p.diff(id, state as never, inputs as never);
    assert.equal(again.changes, false, "settled");
    await p.delete(id, state as never);
    assert.equal(emu.getRobot(Number(id)), undefined);
  });
});

describe("a trailing dot: `http://localhost.:P` is `http://localhost:P`", function () {
  this.timeout(60_000);
  let emu: HarborEmulator;
  const stackAt = (url: string) => {
    const values: Record<string, string> = {
      "harbor:url": url,
      "harbor:username": emu.admin.username,
      "harbor:password": emu.admin.password,
    };
    proc.configure({ get: (k) => values[k] });
  };
  before(async () => {
    emu = await startEmulator();
  });
  after(async () => {
    proc.configure(undefined);
    await emu.close();
  });

  it("shows no change, refreshes and deletes the robot (no replace that then finds no credentials)", async () => {
    const port = new URL(emu.url).port;
    stackAt(`http://localhost:${port}`);
    const checked = await p.check({} as never, inputs as never);
    const { id, outs } = await p.create(checked.inputs as never);
    stackAt(`http://localhost.:${port}/api/v2.0`);
    const d = await p.diff(id, outs as never, inputs as never);
    assert.deepEqual([d.changes, d.replaces], [false, []]);
    const read = await p.read(id, outs as never);
    assert.equal(read.id, id);
    await p.delete(id, outs as never);
    assert.equal(emu.getRobot(Number(id)), undefined);
  });
});
