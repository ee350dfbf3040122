// Minimal Harbor HTTP client for the emulator tests: global fetch (which keeps no cookies, like the
// provider's client must not), basic auth, JSON in and out. Deliberately independent of
// provider/client so emulator tests do not depend on the code they are meant to check.
/* eslint-disable @typescript-eslint/no-explicit-any -- bodies are arbitrary JSON that tests assert on field by field */

export interface Credentials {
  username: string;
  password: string;
}

export interface HarborResponse<T = any> {
  status: number;
  headers: Headers;
  /** Parsed JSON, or undefined for an empty body. */
  body: T;
  text: string;
}

export interface RequestOptions {
  /** An object is sent as JSON; a string is sent as is (for malformed bodies). */
  body?: unknown;
  headers?: Record<string, string>;
  /** Overrides the client's credentials for this call; null = anonymous. */
  auth?: Credentials | null;
}

export function basicAuth({ username, password }: Credentials): string {
  return `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`;
}

export class HarborTestClient {
  constructor(
    readonly baseUrl: string,
    readonly credentials?: Credentials,
  ) {}

  /** Same server, other credentials. */
  as(username: string, password: string): HarborTestClient {
    return new HarborTestClient(this.baseUrl, { username, password });
  }

  anonymous(): HarborTestClient {
    return new HarborTestClient(this.baseUrl);
  }

  async request<T = any>(
    method: string,
    path: string,
    opts: RequestOptions = {},
  ): Promise<HarborResponse<T>> {
    const headers: Record<string, string> = { Accept: "application/json", ...opts.headers };
    const auth = opts.auth === undefined ? this.credentials : opts.auth;
    if (auth) headers.Authorization = basicAuth(auth);
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = typeof opts.body === "string" ? opts.body : JSON.stringify(opts.body);
      headers["Content-Type"] = "application/json";
    }
    const res = await fetch(`${this.baseUrl}/api/v2.0${path}`, { method, headers, body });
    const text = await res.text();
    // JSON as Harbor sends it; a text/plain answer (GET /ping) as its text.
    const json = /json/.test(res.headers.get("content-type") ?? "application/json");
    return {
      status: res.status,
      headers: res.headers,
      body: text ? (json ? JSON.parse(text) : text) : undefined,
      text,
    };
  }

  get<T = any>(path: string, opts?: RequestOptions) {
    return this.request<T>("GET", path, opts);
  }
  post<T = any>(path: string, body?: unknown, opts?: RequestOptions) {
    return this.request<T>("POST", path, { ...opts, body });
  }
  put<T = any>(path: string, body?: unknown, opts?: RequestOptions) {
    return this.request<T>("PUT", path, { ...opts, body });
  }
  patch<T = any>(path: string, body?: unknown, opts?: RequestOptions) {
    return this.request<T>("PATCH", path, { ...opts, body });
  }
  delete<T = any>(path: string, opts?: RequestOptions) {
    return this.request<T>("DELETE", path, opts);
  }
}
