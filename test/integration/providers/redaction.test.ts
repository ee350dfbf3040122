// A gateway in front of Harbor whose 4xx page echoes the request (issue 17, case 7): the provider's
// errors and warnings show no credential it sent, in any form: Basic credentials, or the session's
// cookies and CSRF token when it logged in (issue 21). Before, only the literal password was
// scrubbed, so `Basic <base64 of admin:password>` (and a robot's own token when it proves its
// secret) reached the message.
import assert from "node:assert/strict";
import { startEmulator, type HarborEmulator } from "../../../emulator";
import type { RobotAccountState } from "../../../provider/robot-account/state";
import { startForwarder, type Forwarder } from "../../helpers/forwarder";
import { warnings } from "../../helpers/warnings";
import { ProviderProcess } from "../../helpers/provider-process";

const proc = new ProviderProcess();
const p = proc.robotAccount;

const SECRET = 'Chosen-S3cret/"x" +y';

/** The forms a gateway may quote a value in: as sent in a header, in a JSON body, in a query. */
const forms = (value: string) => [value, JSON.stringify(value).slice(1, -1), encodeURIComponent(value)];

const basic = (user: string, password: string) => Buffer.from(`${user}:${password}`).toString("base64");

describe("a gateway echoing the request in its 4xx page: no credential in any message", function () {
  this.timeout(60_000);
  let emu: HarborEmulator;
  let gateway: Forwarder;
  /** Which requests the gateway answers itself, with a page echoing the request. */
  let echoes: (method: string, path: string) => boolean = () => false;
  /** Whether the gateway blocks Harbor's session login (the provider then uses Basic). */
  let blockLogin = false;

  before(async () => {
    emu = await startEmulator();
    gateway = await startForwarder(emu.url, {
      answer: (req, body) => {
        if (blockLogin && req.url?.startsWith("/c/login")) return { status: 404, body: "not found" };
        if (!echoes(req.method ?? "", req.url ?? "")) return undefined;
        // The body first, then the headers: the message keeps the first 200 characters (of the
        // scrubbed text). With a session the credentials are its cookies and CSRF token.
        const auth = req.headers.authorization
          ? `authorization: ${req.headers.authorization}`
          : `cookie: ${req.headers.cookie}\ntoken: ${req.headers["x-harbor-csrf-token"]}`;
        return { status: 400, body: `bad request: ${body}\n${auth}` };
      },
    });
    const values: Record<string, string> = {
      "harbor:url": `http://127.0.0.1:${gateway.port}`,
      "harbor:username": emu.admin.username,
      "harbor:password": emu.admin.password,
    };
    proc.configure({ get: (k) => values[k] });
  });
  after(async () => {
    proc.configure(undefined);
    await gateway.close();
    await emu.close();
  });

  const assertClean = (text: string, credentials: string[]) => {
    for (const c of credentials)
      for (const form of forms(c)) assert.ok(!text.includes(form), `"${form}" in: ${text}`);
  };

  afterEach(async () => {
    blockLogin = false;
    await proc.dropClients(); // the next test starts with a new client: a new session, or none
  });

  for (const via of ["session", "Basic"] as const) {
    it(`a create whose PATCH is answered so, with ${via}: the admin's credentials and the chosen secret are scrubbed`, async () => {
      blockLogin = via === "Basic";
      echoes = (method) => method === "PATCH";
      const checked = await p.check(
        {} as never,
        {
          name: `echoed-${via.toLowerCase()}`,
          secret: SECRET,
          permissions: [{ scope: "allProjects", access: ["pull"] }],
        } as never,
      );
      assert.deepEqual(checked.failures, []);
      const error = await p.create(checked.inputs as never).then(
        () => assert.fail("the create should fail"),
        (e: Error) => e,
      );
      assert.match(
        error.message,
        via === "Basic"
          ? /bad request: \{"secret":"\*\*\*"\}\nauthorization: Basic \*\*\*/
          : /bad request: \{"secret":"\*\*\*"\}\ncookie: sid=\*\*\*; _gorilla_csrf=\*\*\*\ntoken: \*\*\*/,
      );
      assertClean(error.message, [emu.admin.password, basic(emu.admin.username, emu.admin.password), SECRET]);
    });
  }

  it("a refresh proving a robot's secret: the robot's secret and token are scrubbed from the warning", async () => {
    echoes = () => false;
    const checked = await p.check(
      {} as never,
      {
        name: "proven",
        verifySecret: true,
        permissions: [{ scope: "allProjects", access: ["pull"] }],
      } as never,
    );
    const { id, outs } = await p.create(checked.inputs as never);
    const state = outs as RobotAccountState;
    echoes = (method, path) => method === "GET" && path.endsWith("/users/current");
    const { said } = await warnings(() => p.read(id, state as never));
    assert.match(said, /could not check its secret/);
    assert.match(said, /authorization: Basic \*\*\*/);
    assertClean(said, [state.secret, basic(state.fullName, state.secret), emu.admin.password]);
  });
});
