// A browser-like Harbor client for the emulator's session tests: keeps every cookie Harbor sets (by
// name, the latest wins, Max-Age=0 deletes), remembers the latest X-Harbor-CSRF-Token, and logs in
// at /c/login the way Harbor's UI does (a first POST to get the token, then the form). Global fetch,
// independent of provider/client like harbor-http.ts.
/* eslint-disable @typescript-eslint/no-explicit-any -- bodies are arbitrary JSON that tests assert on field by field */

import type { Credentials } from "./harbor-http";
import { basicAuth } from "./harbor-http";

export interface SessionResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  /** The Set-Cookie headers of this response, one per cookie. */
  setCookies: string[];
}

export interface SessionRequest {
  /** JSON body. */
  json?: unknown;
  /** Form body (application/x-www-form-urlencoded). */
  form?: Record<string, string>;
  /** Send the latest CSRF token (default true); a string sends that token instead. */
  token?: boolean | string;
  /** Basic credentials beside the cookies. */
  basic?: Credentials;
  /** Leave these cookies out of this request. */
  without?: string[];
}

export class SessionClient {
  readonly cookies = new Map<string, string>();
  token: string | undefined;

  constructor(readonly baseUrl: string) {}

  /** `path` below the host, e.g. "/c/login" or "/api/v2.0/robots". */
  async request<T = any>(
    method: string,
    path: string,
    opts: SessionRequest = {},
  ): Promise<SessionResponse<T>> {
    const headers: Record<string, string> = { Accept: "application/json" };
    const cookie = [...this.cookies]
      .filter(([name]) => !opts.without?.includes(name))
      .map(([name, value]) => `${name}=${value}`)
      .join("; ");
    if (cookie) headers.Cookie = cookie;
    const token = typeof opts.token === "string" ? opts.token : opts.token === false ? undefined : this.token;
    if (token) headers["X-Harbor-CSRF-Token"] = token;
    if (opts.basic) headers.Authorization = basicAuth(opts.basic);
    let body: string | undefined;
    if (opts.json !== undefined) {
      body = JSON.stringify(opts.json);
      headers["Content-Type"] = "application/json";
    } else if (opts.form) {
      body = new URLSearchParams(opts.form).toString();
      headers["Content-Type"] = "application/x-www-form-urlencoded";
    }
    const res = await fetch(`${this.baseUrl}${path}`, { method, headers, body });
    const setCookies = res.headers.getSetCookie();
    for (const c of setCookies) {
      const [pair = ""] = c.split(";");
      const eq = pair.indexOf("=");
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      if (value === "" || /Max-Age=0/i.test(c)) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    this.token = res.headers.get("x-harbor-csrf-token") ?? this.token;
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: text ? JSON.parse(text) : undefined,
      setCookies,
    };
  }

  api<T = any>(method: string, path: string, opts?: SessionRequest) {
    return this.request<T>(method, `/api/v2.0${path}`, opts);
  }

  /** Harbor's UI login: POST /c/login for the token (403), then the form with it. Returns the second answer. */
  async login(principal: string, password: string): Promise<SessionResponse> {
    if (!this.token) await this.request("POST", "/c/login", { token: false });
    return this.request("POST", "/c/login", { form: { principal, password } });
  }
}
