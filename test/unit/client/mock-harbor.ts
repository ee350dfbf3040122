// A mocked Harbor for client unit tests: an undici MockAgent (no network) plus a client wired to it
// with tiny retry delays, and a few canned Harbor bodies.
import { MockAgent, type MockCallHistoryLog } from "undici";
import { HarborClient, type ClientOptions } from "../../../provider/client/harbor-client";
import type { ConnectionSettings } from "../../../provider/client/connection";

export const ORIGIN = "https://harbor.test";
export const API = "/api/v2.0";
export const PASSWORD = "Adm1n-Passw0rd-x9";
export const JSON_HEADERS = { "content-type": "application/json; charset=utf-8" };

export function settings(over: Partial<ConnectionSettings> = {}): ConnectionSettings {
  return { url: ORIGIN, username: "admin", password: PASSWORD, insecure: false, ...over };
}

export function mockHarbor(origin = ORIGIN) {
  const agent = new MockAgent({ enableCallHistory: true });
  agent.disableNetConnect();
  const pool = agent.get(origin);
  // Basic unless a test turns the session on: these tests are about the transport's other duties.
  const client = (options: ClientOptions = {}, over: Partial<ConnectionSettings> = {}) =>
    new HarborClient(settings(over), {
      dispatcher: agent,
      session: false,
      retries: 3,
      retryBaseDelayMs: 1,
      retryMaxDelayMs: 4,
      ...options,
    });
  const calls = (): MockCallHistoryLog[] => agent.getCallHistory()?.calls() ?? [];
  return { agent, pool, client, calls };
}

export function harborErrors(code: string, message: string) {
  return { errors: [{ code, message }] };
}

export function robotBody(id: number, name = `ci-${id}`) {
  return {
    id,
    name: `robot$${name}`,
    description: "",
    level: "system",
    duration: 30,
    editable: true,
    disable: false,
    expires_at: 1767225600,
    permissions: [{ kind: "project", namespace: "*", access: [{ resource: "repository", action: "pull" }] }],
    creation_time: "2026-01-01T00:00:00.000Z",
  };
}

/** A transport error as undici/Node report it (e.g. ECONNRESET when the server drops the connection). */
export function networkError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

/** Starts with `${API}${prefix}`, with or without a query string. */
export function pathStarts(prefix: string): (path: string) => boolean {
  return (path) => path === `${API}${prefix}` || path.startsWith(`${API}${prefix}?`);
}
