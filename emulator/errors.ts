// Harbor's error model: every failure is a `{"errors":[{"code","message"}]}` body whose HTTP status
// follows from the code. Handlers throw HarborError; the server turns it into a reply.

import { STATUS_CODES } from "node:http";

/** Harbor error codes with their HTTP status (lib/http/error.go). */
export const CODE_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  DENIED: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PRECONDITION: 412,
  UNPROCESSABLE_ENTITY: 422,
  TOO_MANY_REQUEST: 429,
  UNKNOWN: 500,
} as const;

export type HarborErrorCode = keyof typeof CODE_STATUS;

export class HarborError extends Error {
  readonly status: number;
  constructor(
    readonly code: HarborErrorCode,
    message: string,
  ) {
    super(message);
    this.status = CODE_STATUS[code];
  }
}

export const badRequest = (message: string) => new HarborError("BAD_REQUEST", message);
export const unauthorized = () => new HarborError("UNAUTHORIZED", "unauthorized");
export const forbidden = (message: string) => new HarborError("FORBIDDEN", message);
export const denied = (message: string) => new HarborError("DENIED", message);
export const notFound = (message: string) => new HarborError("NOT_FOUND", message);
export const conflict = (message: string) => new HarborError("CONFLICT", message);
/**
 * go-swagger binding/validation failures (wrong JSON types, missing body, page_size > 100, a path
 * parameter of the wrong type). go-swagger reports them as a composite error, so Harbor's message
 * starts with "validation failure list:" and a newline (measured on v2.10.3 and v2.15.2).
 */
export const unprocessable = (message: string) =>
  new HarborError("UNPROCESSABLE_ENTITY", `validation failure list:\n${message}`);
/** Harbor hides the cause of every 5xx behind this message. */
export const internal = () => new HarborError("UNKNOWN", "internal server error");

export interface ErrorBody {
  errors: Array<{ code: string; message: string }>;
}

export function errorBody(code: string, message: string): ErrorBody {
  return { errors: [{ code, message }] };
}

/**
 * Body for a bare status (injected faults): Harbor codes where it has one, otherwise the upper-cased
 * status text the way go-swagger names its own errors (e.g. 503 → SERVICE_UNAVAILABLE).
 */
export function errorBodyForStatus(status: number): ErrorBody {
  const known = Object.entries(CODE_STATUS).find(([, s]) => s === status && s !== 403);
  const code = known
    ? known[0]
    : (STATUS_CODES[status] ?? "UNKNOWN").toUpperCase().replace(/[^A-Z0-9]+/g, "_");
  const message = status >= 500 ? "internal server error" : (STATUS_CODES[status] ?? "error").toLowerCase();
  return errorBody(status === 403 ? "FORBIDDEN" : code, message);
}
