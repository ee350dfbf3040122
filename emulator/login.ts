// Harbor's UI login, outside /api/v2.0 and outside the swagger file (core/controllers/base.go), as
// measured on real v2.10.3 and v2.15.2. CSRF applies to it (csrf.ts), so a first POST without the
// token is refused with the token attached.
// - POST /c/login, form fields `principal` and `password` (a JSON body is not read): 200 with an
//   empty body and the session's new `sid` cookie, after one password check; 401 with an empty body
//   when the check fails (after Harbor's wait, the name then locked), or at once while the name is
//   locked by a refused password, Basic or login alike (password-checks.ts). Robots are not users:
//   they cannot log in here.
// - With auth_mode oidc_auth, a principal that is no local user is sent to the OIDC provider: 403
//   `{"redirect_location": "<external URL>/c/oidc/login"}`; local users other than the first admin
//   (user 1) get 401 without a password check (Harbor has no password authenticator for them).
// - GET /c/log_out ends the session: 200, `sid` cleared.

import type { Reply } from "./context";
import type { PasswordChecks } from "./password-checks";
import { SESSION_COOKIE, sessionCookie, type Sessions } from "./sessions";
import type { State } from "./state";

export const LOGIN_PATH = "/c/login";
export const LOGOUT_PATH = "/c/log_out";

export interface LoginDeps {
  state: State;
  sessions: Sessions;
  passwordChecks: PasswordChecks;
}

/** The reply, and the cookies it sets beside the request's own session cookie. */
export interface LoginReply extends Reply {
  cookies: string[];
}

const refused = (): LoginReply => ({ status: 401, cookies: [] });

export async function login(
  deps: LoginDeps,
  body: Buffer,
  query: URLSearchParams,
  baseUrl: string,
): Promise<LoginReply> {
  // beego's GetString reads the form body and the query string alike.
  const form = new URLSearchParams(body.toString("utf8"));
  const field = (name: string) => form.get(name) ?? query.get(name) ?? "";
  const principal = field("principal");
  const password = field("password");
  const { state } = deps;
  const user = state.findUser(principal);
  if (state.config.auth_mode === "oidc_auth") {
    if (!user) return { status: 403, body: { redirect_location: `${baseUrl}/c/oidc/login` }, cookies: [] };
    if (user.id !== 1) return refused();
  }
  const authenticated = await deps.passwordChecks.check("login", principal, () =>
    state.authenticateUser(principal, password),
  );
  if (!authenticated) return refused();
  return { status: 200, cookies: [sessionCookie(deps.sessions.login(authenticated.id))] };
}

export function logout(deps: LoginDeps, sid: string | undefined, now: number): LoginReply {
  deps.sessions.logout(sid);
  const expired = new Date(now).toUTCString();
  return { status: 200, cookies: [`${SESSION_COOKIE}=; Path=/; Expires=${expired}; Max-Age=0; HttpOnly`] };
}
