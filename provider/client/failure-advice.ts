// What an HTTP failure means for the person running `pulumi up`, and what to do about it: the product
// advice behind every HarborApiError message, as named rules tried in order (the first that applies
// speaks). errors.ts composes the message (status, Harbor's code and text, request id) around it.
import { redactUrl } from "./redaction";
import type { ApiFailure } from "./errors";
import type { SettingNames } from "./setting-names";

/** The failed request as the advice needs it: no body, no credential. */
export interface FailedRequest {
  method: string;
  path: string;
  baseUrl: string;
  username: string;
  failure: ApiFailure;
  /** How a hint names a setting. */
  names: SettingNames;
}

export interface FailureAdvice {
  /** What happened, in the user's terms. */
  what: string;
  /** What to do about it, when there is something to do. */
  hint?: string;
}

interface AdviceRule {
  applies(r: FailedRequest): boolean;
  advise(r: FailedRequest): FailureAdvice;
}

const ROBOT_BY_ID = /\/robots\/(\d+)$/;
/** Harbor's text when a permission names a project that does not exist (robot.go, toScope). */
export const PROJECT_NOT_FOUND = /^project (.+) not found$/;

const target = (r: FailedRequest) => `${r.method} ${r.path}`;
const robotIdOf = (r: FailedRequest) => ROBOT_BY_ID.exec(r.path)?.[1];
const status = (r: FailedRequest) => r.failure.status;
const harborText = (r: FailedRequest) => r.failure.message ?? "";

const redirected: AdviceRule = {
  applies: (r) => status(r) >= 300 && status(r) < 400,
  advise: (r) => ({
    what: `Harbor at ${r.baseUrl} redirected ${target(r)}${r.failure.location ? ` to ${redactUrl(r.failure.location)}` : ""}`,
    hint: `set ${r.names.key("url")} / HARBOR_URL to the address Harbor redirects to (usually https://)`,
  }),
};

const credentialsRejected: AdviceRule = {
  applies: (r) => status(r) === 401,
  advise: (r) => ({
    what: `Harbor rejected the credentials for user '${r.username}'`,
    hint:
      `check ${r.names.key("username")} / HARBOR_USERNAME and the password (${r.names.key("password")} / HARBOR_PASSWORD); ` +
      "for 1.5 s after a wrong password for this user, from any client, Harbor refuses the right one too",
  }),
};

const csrfRefused: AdviceRule = {
  applies: (r) => status(r) === 403 && /csrf/i.test(harborText(r)),
  advise: (r) => ({
    what: `Harbor refused ${target(r)} with a CSRF error`,
    hint:
      "Harbor checks CSRF tokens only on requests that carry its 'sid' session cookie; this client sends " +
      "its session only with Harbor's CSRF token, and no cookie at all when it falls back to Basic " +
      "authentication, so a proxy in front of Harbor is probably adding or rewriting cookies or the " +
      "X-Harbor-CSRF-Token header — let /api/ and /c/login requests through unchanged",
  }),
};

const configurationForbidden: AdviceRule = {
  applies: (r) => status(r) === 403 && /\/configurations$/.test(r.path),
  advise: (r) => ({
    what: `user '${r.username}' may not ${r.method === "GET" ? "read" : "change"} Harbor's system configuration`,
    hint: "robot settings can only be managed with the credentials of a Harbor system administrator",
  }),
};

const permissionsListForbidden: AdviceRule = {
  applies: (r) => status(r) === 403 && /\/permissions$/.test(r.path),
  advise: (r) => ({
    what: `user '${r.username}' may not list Harbor's robot permissions`,
    hint: "GET /permissions needs a system or project administrator; robot accounts cannot call it",
  }),
};

// A robot's own credentials may never update robots; Harbor's DENIED code is a project-level refusal
// that the generic rule words better.
const robotUpdateForbidden: AdviceRule = {
  applies: (r) =>
    status(r) === 403 &&
    robotIdOf(r) !== undefined &&
    (r.method === "PUT" || r.method === "PATCH") &&
    r.failure.code !== "DENIED",
  advise: (r) => ({
    what: `user '${r.username}' may not ${r.method === "PUT" ? "update robot" : "change the secret of robot"} ${robotIdOf(r)}`,
    hint: "this needs a Harbor system administrator; robot accounts can never update robots",
  }),
};

const forbidden: AdviceRule = {
  applies: (r) => status(r) === 403,
  advise: (r) => ({
    what: `user '${r.username}' is not allowed to ${target(r)}`,
    hint: "use the credentials of an account with that permission (a Harbor system administrator has all of them)",
  }),
};

const noSuchEndpoint: AdviceRule = {
  applies: (r) => status(r) === 404 && /^path .* was not found/i.test(harborText(r)),
  advise: (r) => ({
    what: `Harbor at ${r.baseUrl} has no endpoint ${target(r)}`,
    hint: `check ${r.names.key("url")} / HARBOR_URL; robot accounts need Harbor 2.2 or later (GET /permissions 2.10 or later)`,
  }),
};

const projectNotFound: AdviceRule = {
  applies: (r) => status(r) === 404 && PROJECT_NOT_FOUND.test(harborText(r)),
  advise: (r) => ({
    what: `project "${PROJECT_NOT_FOUND.exec(harborText(r))![1]}" does not exist in Harbor at ${r.baseUrl} (${target(r)})`,
    hint: "it was deleted or renamed: create it again, or remove it from the robot's permissions",
  }),
};

const robotNotFound: AdviceRule = {
  applies: (r) => status(r) === 404 && robotIdOf(r) !== undefined,
  advise: (r) => ({ what: `robot ${robotIdOf(r)} not found` }),
};

const notFound: AdviceRule = {
  applies: (r) => status(r) === 404,
  advise: (r) => ({
    what: r.failure.message ? `Harbor rejected ${target(r)}` : `Harbor at ${r.baseUrl} has no ${target(r)}`,
  }),
};

const robotNameTaken: AdviceRule = {
  applies: (r) => status(r) === 409 && r.method === "POST" && /\/robots$/.test(r.path),
  advise: () => ({
    what: "a robot with this name already exists in Harbor",
    hint: "import it, delete it, or choose another name",
  }),
};

const conflict: AdviceRule = {
  applies: (r) => status(r) === 409,
  advise: (r) => ({ what: `${target(r)} conflicts with the current state in Harbor` }),
};

const rateLimited: AdviceRule = {
  applies: (r) => status(r) === 429,
  advise: (r) => ({ what: `Harbor is rate limiting requests (${target(r)})`, hint: "try again later" }),
};

const contentRefused: AdviceRule = {
  applies: (r) => status(r) === 400 || status(r) === 422,
  advise: (r) => ({ what: `Harbor rejected ${target(r)}` }),
};

const serverFailed: AdviceRule = {
  applies: (r) => status(r) >= 500,
  advise: (r) => ({
    what: `Harbor failed to handle ${target(r)}`,
    hint:
      status(r) === 500 ? undefined : "Harbor, or a proxy in front of it, is unavailable; try again later",
  }),
};

/** Most specific first: the first rule that applies gives the advice. */
const RULES: readonly AdviceRule[] = [
  redirected,
  credentialsRejected,
  csrfRefused,
  configurationForbidden,
  permissionsListForbidden,
  robotUpdateForbidden,
  forbidden,
  noSuchEndpoint,
  projectNotFound,
  robotNotFound,
  notFound,
  robotNameTaken,
  conflict,
  rateLimited,
  contentRefused,
  serverFailed,
];

export function adviceFor(r: FailedRequest): FailureAdvice {
  const rule = RULES.find((candidate) => candidate.applies(r));
  return rule ? rule.advise(r) : { what: `Harbor answered ${target(r)} with HTTP ${status(r)}` };
}
