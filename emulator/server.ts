// The HTTP pipeline, in the order Harbor's middlewares run: request id → (injected faults) → CSRF
// → session → security context (Basic credentials, else the session) → route handler or the UI
// login; then the reply is written and recorded.

import { randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { setTimeout as sleep } from "node:timers/promises";
import { identify, type Caller } from "./authz";
import type { Reply } from "./context";
import { cookieValue } from "./cookies";
import { CSRF_HEADER, type Csrf } from "./csrf";
import { errorBody, errorBodyForStatus, HarborError } from "./errors";
import type { Faults, FaultSpec } from "./faults";
import type { RequestCounters } from "./counters";
import { login, LOGIN_PATH, LOGOUT_PATH, logout } from "./login";
import type { PasswordChecks } from "./password-checks";
import type { Profile } from "./profiles";
import { recordResponse } from "./recorder";
import { matchRoute, type RouteMatch } from "./routes";
import { SESSION_COOKIE, sessionCookie, type Sessions } from "./sessions";
import type { State } from "./state";

export const API_BASE = "/api/v2.0";
const MAX_BODY = 1 << 20;

export interface ServerDeps {
  state: State;
  profile: Profile;
  faults: Faults;
  counters: RequestCounters;
  sessions: Sessions;
  csrf: Csrf;
  passwordChecks: PasswordChecks;
}

const errorReply = (e: HarborError): Reply => ({ status: e.status, body: errorBody(e.code, e.message) });

function faultReply(fault: FaultSpec): Reply {
  const status = fault.status ?? 500;
  const headers: Record<string, string> = {};
  if (fault.retryAfterSeconds !== undefined) headers["Retry-After"] = String(fault.retryAfterSeconds);
  return { status, body: errorBodyForStatus(status), headers };
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new HarborError("BAD_REQUEST", "request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

function routeOf(match: RouteMatch): string | undefined {
  if (match.kind === "found") return match.route.swaggerPath;
  return match.kind === "method-not-allowed" ? match.swaggerPath : undefined;
}

/** Resolve the route and run its handler; every failure becomes a Harbor error reply. */
function dispatch(
  deps: ServerDeps,
  req: IncomingMessage,
  url: URL,
  body: Buffer,
  match: RouteMatch,
  path: string,
  caller: Caller,
): Reply {
  if (match.kind === "not-found")
    return errorReply(new HarborError("NOT_FOUND", `path ${url.pathname} was not found`));
  if (match.kind === "method-not-allowed") {
    return errorReply(
      new HarborError(
        "METHOD_NOT_ALLOWED",
        `method ${req.method} is not allowed, but [${match.allowed.join(",")}] are`,
      ),
    );
  }
  try {
    return match.route.handler({
      req: {
        method: req.method ?? "GET",
        path,
        fullPath: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        body,
        params: match.params,
      },
      state: deps.state,
      profile: deps.profile,
      caller,
      baseUrl: baseUrlOf(req),
    });
  } catch (e) {
    if (e instanceof HarborError) return errorReply(e);
    // Not a Harbor behaviour but an emulator bug: say so loudly, answer like Harbor would.
    console.error("harbor emulator: unexpected error", e);
    return errorReply(new HarborError("UNKNOWN", "internal server error"));
  }
}

const baseUrlOf = (req: IncomingMessage) => `http://${req.headers.host ?? "127.0.0.1"}`;

function send(
  res: ServerResponse,
  reply: Reply,
  extraHeaders: Record<string, string>,
  cookies: string[],
  record: (r: Reply, text: string) => void,
): void {
  const headers: Record<string, string> = { ...extraHeaders, ...reply.headers };
  let text = "";
  if (reply.text !== undefined) {
    text = reply.text;
    headers["Content-Type"] = "text/plain";
  } else if (reply.body !== undefined) {
    text = JSON.stringify(reply.body);
    headers["Content-Type"] = reply.status >= 400 ? "application/json; charset=utf-8" : "application/json";
  }
  headers["Content-Length"] = String(Buffer.byteLength(text));
  res.writeHead(reply.status, cookies.length ? { ...headers, "Set-Cookie": cookies } : headers);
  res.end(text);
  // Recorded with the cookies joined, the way fetch's Headers.get shows them.
  record(
    { ...reply, headers: cookies.length ? { ...headers, "Set-Cookie": cookies.join(", ") } : headers },
    text,
  );
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headerId = req.headers["x-request-id"];
  const requestId = typeof headerId === "string" && headerId !== "" ? headerId : randomUUID();
  const method = (req.method ?? "GET").toUpperCase();
  const url = new URL(req.url ?? "/", "http://emulator.invalid");
  const isApi = url.pathname.startsWith(`${API_BASE}/`);
  const path = isApi ? url.pathname.slice(API_BASE.length) : url.pathname;
  const match: RouteMatch = isApi ? matchRoute(method, path) : { kind: "not-found" };
  const swaggerPath = routeOf(match);
  // The UI login (/c/login) is not part of the API the swagger file describes: not recorded.
  const record = (r: Reply, text: string) =>
    isApi &&
    recordResponse({
      method,
      swaggerPath,
      status: r.status,
      body: r.text ?? (text ? JSON.parse(text) : undefined),
      headers: r.headers ?? {},
    });

  deps.counters.record(method, swaggerPath ?? path);
  const fault = deps.faults.take(method, swaggerPath ?? path);
  if (fault?.kind === "reset") return void req.socket.destroy();
  if (fault?.kind === "latency") await sleep(fault.latencyMs ?? 0);

  // Date from the emulator's clock (setClock/advanceClock), as Harbor's Date follows Harbor's clock:
  // clients that compare creation_time with Date see the same skew they would see with Harbor.
  const headers: Record<string, string> = {
    "X-Request-Id": requestId,
    Date: new Date(deps.state.now()).toUTCString(),
  };
  const cookies: string[] = [];
  const answer = (r: Reply) => send(res, r, headers, cookies, record);
  if (fault?.kind === "status") return answer(faultReply(fault));

  let body: Buffer;
  try {
    body = await readBody(req);
  } catch (e) {
    return answer(
      errorReply(e instanceof HarborError ? e : new HarborError("BAD_REQUEST", "cannot read body")),
    );
  }
  // CSRF first: a refused request never reaches the session, the password check or the handler.
  const sid = cookieValue(req.headers.cookie, SESSION_COOKIE);
  if (deps.csrf.applies(url.pathname, sid !== undefined)) {
    const csrf = deps.csrf.check(
      method,
      req.headers.cookie,
      firstValue(req.headers[CSRF_HEADER.toLowerCase()]),
    );
    const { "Set-Cookie": csrfCookie, ...csrfHeaders } = csrf.headers;
    Object.assign(headers, csrfHeaders);
    if (csrfCookie) cookies.push(csrfCookie);
    if (csrf.failure) return answer(errorReply(new HarborError("FORBIDDEN", csrf.failure)));
  }
  const session = deps.sessions.resolve(sid);
  if (!session.known) cookies.push(sessionCookie(deps.sessions.anonymous()));

  let reply: Reply;
  if (url.pathname === LOGIN_PATH && method === "POST") {
    const out = await login(deps, body, url.searchParams, baseUrlOf(req));
    cookies.push(...out.cookies);
    reply = out;
  } else if (url.pathname === LOGOUT_PATH && method === "GET") {
    const out = logout(deps, sid, deps.state.now());
    cookies.push(...out.cookies);
    reply = out;
  } else {
    const caller = await identify(deps.state, deps.passwordChecks, req.headers.authorization, session.userId);
    reply = dispatch(deps, req, url, body, match, path, caller);
  }

  // The request has been applied; now pretend the answer got lost or replaced on the way back.
  if (fault?.kind === "apply-then-reset") return void req.socket.destroy();
  answer(fault?.kind === "apply-then-status" ? faultReply(fault) : reply);
}

function firstValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

export function createHarborServer(deps: ServerDeps): Server {
  return createServer((req, res) => {
    handle(deps, req, res).catch((e: unknown) => {
      console.error("harbor emulator: request failed", e);
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
}
