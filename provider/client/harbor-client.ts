// The Harbor operations the provider needs, one method per endpoint, every response checked with zod.
import pLimit from "p-limit";
import { z } from "zod";
import type { ConnectionSettings } from "./connection";
import { HarborApiError, HarborResponseError, isNotFound, mayHaveBeenApplied } from "./errors";
import { HarborTransport, type ApiRequest, type ApiResponse, type TransportOptions } from "./http";
import {
  ConfigurationsResponse,
  GeneralInfo,
  Permissions,
  Project,
  Robot,
  RobotCreated,
  RobotSec,
  type RobotConfigurations,
  type RobotConfigurationsUpdate,
  type RobotCreateRequest,
  type RobotUpdateRequest,
} from "./schemas";
import { parseHarborVersion, VersionMemo, type HarborVersion } from "./version";

export type RobotFilter = { level: "system" } | { level: "project"; projectId: number };

/** How to fetch the pages of a listing. */
export interface PagingOptions {
  /**
   * Pages fetched at once after the first (whose X-Total-Count says how many there are); default 1.
   * The request count is the same either way; on a distant Harbor the time is not.
   */
  concurrency?: number;
  /** Called after each page with the objects it held and the total Harbor reported (NaN if none). */
  onPage?: (count: number, total: number) => void;
}

/** Harbor rejects page_size > 100 with 422. */
export const PAGE_SIZE = 100;
// A guard against a server that keeps answering full pages: 1,000,000 objects is far beyond any Harbor.
const MAX_PAGES = 10_000;

export interface ClientOptions extends TransportOptions {
  /** Versions known to the clients this one is made with (a provider context's); else its own. */
  versions?: VersionMemo;
}

export class HarborClient {
  // The transport keeps the credentials in ES private fields; nothing here holds the password.
  protected readonly http: HarborTransport;
  protected readonly versions: VersionMemo;

  constructor(settings: ConnectionSettings | HarborTransport, options: ClientOptions = {}) {
    const { versions, ...transport } = options;
    this.http = settings instanceof HarborTransport ? settings : new HarborTransport(settings, transport);
    this.versions = versions ?? new VersionMemo();
  }

  /**
   * This Harbor, over the same connections, as another user (e.g. a robot proving its secret). The
   * credentials are sent only to this client's own URL. `retries` defaults to the client's.
   */
  as(username: string, password: string, opts: { retries?: number } = {}): HarborClient {
    return new HarborClient(this.http.as(username, password, opts.retries));
  }

  /**
   * Whether this client's credentials log in, right on every release: GET /users/current answers
   * 200 for a user, 412 for a robot (Harbor has no user record for it) and 401 when the credentials
   * are rejected. (The version in /systeminfo proves nothing: up to 2.12 anyone sees it.) Any other
   * failure (network, 5xx) is thrown: it says nothing about the credentials.
   */
  async authenticates(): Promise<boolean> {
    try {
      await this.http.send({ method: "GET", path: "/users/current" });
      return true;
    } catch (e) {
      const status = e instanceof HarborApiError ? e.status : undefined;
      if (status === 412) return true;
      if (status === 401) return false;
      throw e;
    }
  }

  /** The normalised Harbor URL (no `/api/v2.0`). */
  get url(): string {
    return this.http.baseUrl;
  }

  get username(): string {
    return this.http.username;
  }

  /** Harbor's clock minus ours in ms (from the Date header), undefined until Harbor has answered. */
  get clockOffsetMs(): number | undefined {
    return this.http.clockOffsetMs;
  }

  /** API requests sent so far, retries included (logins not). */
  get requestCount(): number {
    return this.http.requestCount;
  }

  /** Logins to Harbor's session so far: 1 for a process that kept its session, 0 with Basic only. */
  get loginCount(): number {
    return this.http.loginCount;
  }

  async systemInfo(): Promise<GeneralInfo> {
    return decode(GeneralInfo, await this.http.send({ method: "GET", path: "/systeminfo" }));
  }

  /** Harbor's version, asked once per URL + user among the clients sharing a memo; undefined when Harbor does not say. */
  version(): Promise<HarborVersion | undefined> {
    const key = `${this.url}|${this.username}`;
    return this.versions.get(key, async () => parseHarborVersion((await this.systemInfo()).harbor_version));
  }

  /**
   * All robots of one level (every page). `name` is the name as Harbor stores it: the short name for
   * system robots, `<project>+<short>` for project robots (never with the `robot$` prefix).
   */
  listRobots(filter: RobotFilter, opts: { name?: string } & PagingOptions = {}): Promise<Robot[]> {
    return this.listAll("/robots", { q: robotQuery(filter, opts.name) }, Robot, opts);
  }

  /** Throws a 404 HarborApiError ("robot <id> not found") when it is gone; see `isNotFound`. */
  async getRobot(id: number): Promise<Robot> {
    return decode(Robot, await this.http.send({ method: "GET", path: `/robots/${id}` }));
  }

  /** Creates a robot; the result carries the only copy of the generated secret. */
  async createRobot(body: RobotCreateRequest): Promise<RobotCreated & { id: number }> {
    const res = await this.http.send({ method: "POST", path: "/robots", body });
    const created = decode(RobotCreated, res);
    const id = created.id ?? idFromLocation(res.header("location"));
    if (id === undefined)
      throw new HarborResponseError(res.context, res.status, "no robot id in the body or Location");
    return { ...created, id };
  }

  /** Replaces the robot (PUT takes the full object; see RobotUpdateRequest). */
  async updateRobot(id: number, body: RobotUpdateRequest): Promise<void> {
    await this.http.send({ method: "PUT", path: `/robots/${id}`, body });
  }

  /** Sets `secret`, or lets Harbor generate one when omitted; returns the generated secret, if any. */
  async refreshSecret(id: number, secret?: string): Promise<string | undefined> {
    const body = secret === undefined ? {} : { secret };
    const res = await this.http.send({ method: "PATCH", path: `/robots/${id}`, body });
    return decode(RobotSec, res).secret || undefined;
  }

  /**
   * A robot that is already gone counts as deleted: "absent" instead of an error. When the DELETE
   * keeps failing with a 5xx or a broken connection, Harbor may still have deleted it (the answer was
   * lost): a GET settles it, and a robot that is gone is a success.
   */
  async deleteRobot(id: number): Promise<"deleted" | "absent"> {
    try {
      await this.http.send({ method: "DELETE", path: `/robots/${id}` });
      return "deleted";
    } catch (e) {
      if (isNotFound(e)) return "absent";
      if (!mayHaveBeenApplied(e)) throw e;
      try {
        await this.getRobot(id);
      } catch (read) {
        if (isNotFound(read)) return "deleted";
      }
      throw e;
    }
  }

  /** All projects visible to the user (every page), optionally filtered by Harbor's `name` parameter. */
  listProjects(opts: { name?: string } & PagingOptions = {}): Promise<Project[]> {
    return this.listAll("/projects", { name: opts.name, with_detail: "false" }, Project, opts);
  }

  /** A project by id or by name; undefined when Harbor says 404. */
  async getProject(nameOrId: string | number): Promise<Project | undefined> {
    const byName = typeof nameOrId === "string";
    const req: ApiRequest = {
      method: "GET",
      path: `/projects/${encodeURIComponent(String(nameOrId))}`,
      // Without it a numeric-looking project name would be taken as an id.
      ...(byName ? { headers: { "x-is-resource-name": "true" } } : {}),
    };
    try {
      return decode(Project, await this.http.send(req));
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** The robot settings with their `editable` flags (system administrators only). */
  async getConfigurations(): Promise<RobotConfigurations> {
    const all = decode(
      ConfigurationsResponse,
      await this.http.send({ method: "GET", path: "/configurations" }),
    );
    return {
      ...(all.robot_name_prefix ? { robot_name_prefix: all.robot_name_prefix } : {}),
      ...(all.robot_token_duration ? { robot_token_duration: all.robot_token_duration } : {}),
    };
  }

  /** Changes only the given keys (Harbor's PUT accepts a subset); nothing is sent when there are none. */
  async updateConfigurations(subset: RobotConfigurationsUpdate): Promise<void> {
    const body = Object.fromEntries(Object.entries(subset).filter(([, v]) => v !== undefined));
    if (Object.keys(body).length === 0) return;
    await this.http.send({ method: "PUT", path: "/configurations", body });
  }

  /** The (resource, action) pairs the server accepts, per kind (Harbor ≥ 2.10, admins only). */
  async getPermissions(): Promise<Permissions> {
    return decode(Permissions, await this.http.send({ method: "GET", path: "/permissions" }));
  }

  /** Closes the keep-alive connections. */
  close(): Promise<void> {
    return this.http.close();
  }

  /**
   * Every page of a list endpoint: page_size 100, until X-Total-Count is reached or a page is short.
   * With `concurrency` > 1 the pages the first one's X-Total-Count announces are fetched that many at
   * a time; a last page still full (objects added meanwhile) is followed one page at a time.
   */
  private async listAll<T extends z.ZodType>(
    path: string,
    query: Record<string, string | undefined>,
    item: T,
    opts: PagingOptions = {},
  ): Promise<z.infer<T>[]> {
    const schema = z.array(item);
    const fetchPage = async (page: number) => {
      const res = await this.http.send({
        method: "GET",
        path,
        query: { ...query, page, page_size: PAGE_SIZE },
      });
      const batch = decode(schema, res);
      const total = Number.parseInt(res.header("x-total-count") ?? "", 10);
      opts.onPage?.(batch.length, total);
      return { batch, total };
    };
    const first = await fetchPage(1);
    const items: z.infer<T>[] = [...first.batch];
    const done = (batch: unknown[], total: number) => batch.length < PAGE_SIZE || items.length >= total;
    if (done(first.batch, first.total)) return items;
    let page = 1;
    let last = first;
    const concurrency = opts.concurrency ?? 1;
    if (concurrency > 1 && Number.isFinite(first.total)) {
      const pages = Math.min(Math.ceil(first.total / PAGE_SIZE), MAX_PAGES);
      const limit = pLimit(concurrency);
      const rest = await Promise.all(
        Array.from({ length: pages - 1 }, (_, i) => limit(() => fetchPage(i + 2))),
      );
      for (const r of rest) items.push(...r.batch);
      page = pages;
      last = rest[rest.length - 1] ?? first;
      if (done(last.batch, last.total)) return items;
    }
    while (page < MAX_PAGES) {
      last = await fetchPage(++page);
      items.push(...last.batch);
      if (done(last.batch, last.total)) return items;
    }
    return items;
  }
}

/**
 * The `q` of GET /robots, e.g. `Level=system,name=ci`. Harbor URL-unescapes `q` once more after the
 * normal query decoding (q.Build), so each value is escaped here and the whole `q` again when the URL
 * is built: a `+` (project robots are stored as `project+name`) reaches Harbor as `%252B`, else it
 * would turn into a space. Commas separate terms and cannot be escaped, so names with one are refused.
 */
export function robotQuery(filter: RobotFilter, name?: string): string {
  const terms: [string, string][] =
    filter.level === "system"
      ? [["Level", "system"]]
      : [
          ["Level", "project"],
          ["ProjectID", String(filter.projectId)],
        ];
  if (name !== undefined) terms.push(["name", name]);
  return terms.map(([key, value]) => `${key}=${qValue(value)}`).join(",");
}

function qValue(value: string): string {
  if (value === "" || value.includes(","))
    throw new Error(`cannot search Harbor robots for the name "${value}"`);
  // A leading ~ [ { ( would make Harbor read a fuzzy/range/list pattern; a backslash makes it literal.
  return encodeURIComponent(/^[~[{(\\]/.test(value) ? `\\${value}` : value);
}

function idFromLocation(location: string | undefined): number | undefined {
  const m = location ? /\/robots\/(\d+)\/?$/.exec(location) : null;
  return m ? Number(m[1]) : undefined;
}

/** Parses a 2xx body as JSON and checks it with `schema`; says which field is wrong, never its value. */
function decode<T extends z.ZodType>(schema: T, res: ApiResponse): z.infer<T> {
  let json: unknown;
  try {
    json = res.body.trim() === "" ? {} : JSON.parse(res.body);
  } catch {
    throw new HarborResponseError(
      res.context,
      res.status,
      `the body is not JSON — is ${res.context.names.key("url")} the Harbor address?`,
    );
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.length ? i.path.join(".") : "(body)"}: ${i.message}`)
    .join("; ");
  throw new HarborResponseError(res.context, res.status, issues);
}
