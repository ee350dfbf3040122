// What a route handler sees and returns. Handlers return a Reply instead of writing to the socket so
// the server can still swap the answer (apply-then-status faults) and record it for conformance.

import type { IncomingHttpHeaders } from "node:http";
import type { Caller } from "./authz";
import type { Profile } from "./profiles";
import type { State } from "./state";

export interface RequestInfo {
  method: string;
  /** Path below /api/v2.0, e.g. "/robots/3". */
  path: string;
  /** Full request path, e.g. "/api/v2.0/robots" (Link headers are built from it). */
  fullPath: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: Buffer;
  params: Record<string, string>;
}

export interface Reply {
  status: number;
  /** undefined = empty body (Harbor's 200 on PUT/DELETE). */
  body?: unknown;
  /** A text/plain body instead (GET /ping). */
  text?: string;
  headers?: Record<string, string>;
}

export interface Ctx {
  req: RequestInfo;
  state: State;
  profile: Profile;
  caller: Caller;
  /** "http://host:port", for absolute values such as external_url. */
  baseUrl: string;
}

export type Handler = (ctx: Ctx) => Reply;

export const ok = (body?: unknown, headers?: Record<string, string>): Reply => ({
  status: 200,
  body,
  headers,
});

/** 201 with Location, as Harbor answers creates. */
export const created = (location: string, body?: unknown): Reply => ({
  status: 201,
  body,
  headers: { Location: location },
});
