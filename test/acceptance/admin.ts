// What the acceptance tests do directly in Harbor, as an administrator would in its UI or API: make
// projects and robots, edit, refresh and delete them behind Pulumi's back, read what Harbor holds,
// log in as a robot. Built on the plain fetch client of the emulator tests, never on provider/client:
// the tests must not trust the code they check. Every call is one request (Harbor 2.15 spends about
// 100 ms of CPU on each Basic-auth request), so callers ask only for what they assert on.
import { HarborTestClient, type HarborResponse } from "../integration/helpers/harbor-http";
import type { AcceptanceTarget } from "./target";

export interface HarborRobot {
  id: number;
  name: string;
  description: string;
  level: "system" | "project";
  duration: number;
  disable: boolean;
  editable: boolean;
  expires_at: number;
  creation_time: string;
  permissions: Array<{
    kind: string;
    namespace: string;
    access: Array<{ resource: string; action: string; effect?: string }>;
  }>;
}

export interface RobotSettingsValues {
  robot_name_prefix: string;
  robot_token_duration: number;
}

export class AdminHarbor {
  readonly http: HarborTestClient;

  constructor(readonly target: AcceptanceTarget) {
    this.http = new HarborTestClient(target.url, { username: target.username, password: target.password });
  }

  private static ok<T>(res: HarborResponse<T>, what: string, ...accepted: number[]): HarborResponse<T> {
    if (!(accepted.length ? accepted : [200, 201]).includes(res.status))
      throw new Error(`${what}: Harbor answered ${res.status} ${res.text.slice(0, 300)}`);
    return res;
  }

  /** Every page of a listing (page_size 100, Harbor's maximum). */
  private async all<T>(path: string, what: string): Promise<T[]> {
    const out: T[] = [];
    for (let page = 1; ; page++) {
      const sep = path.includes("?") ? "&" : "?";
      const res = AdminHarbor.ok(await this.http.get<T[]>(`${path}${sep}page=${page}&page_size=100`), what);
      out.push(...(res.body ?? []));
      const total = Number(res.headers.get("x-total-count") ?? out.length);
      if (out.length >= total || (res.body ?? []).length === 0) return out;
    }
  }

  /** Who the credentials are: 200 a user, 412 a valid robot, 401 rejected (Harbor's own login check). */
  async loginStatus(username: string, password: string): Promise<number> {
    return (await this.http.get("/users/current", { auth: { username, password } })).status;
  }

  async version(): Promise<string> {
    const res = AdminHarbor.ok(await this.http.get("/systeminfo"), "GET /systeminfo");
    return String(res.body.harbor_version ?? "unknown");
  }

  /** System robots whose stored name (no prefix) contains `fragment`; all of them without. */
  systemRobots(fragment?: string): Promise<HarborRobot[]> {
    const q = fragment ? `?q=${encodeURIComponent(`name=~${fragment}`)}` : "";
    return this.all<HarborRobot>(`/robots${q}`, "list system robots");
  }

  projectRobots(projectId: number): Promise<HarborRobot[]> {
    const q = encodeURIComponent(`Level=project,ProjectID=${projectId}`);
    return this.all<HarborRobot>(`/robots?q=${q}`, `list the robots of project ${projectId}`);
  }

  /** The robot, or undefined when Harbor says 404. */
  async robot(id: number): Promise<HarborRobot | undefined> {
    const res = AdminHarbor.ok(await this.http.get(`/robots/${id}`), `GET /robots/${id}`, 200, 404);
    return res.status === 404 ? undefined : res.body;
  }

  async createRobot(body: {
    name: string;
    level: "system" | "project";
    description?: string;
    duration: number;
    permissions: HarborRobot["permissions"];
  }): Promise<{ id: number; name: string; secret: string }> {
    return AdminHarbor.ok(await this.http.post("/robots", body), `POST /robots ${body.name}`, 201).body;
  }

  /** What Harbor's UI does on "Edit": PUT of the whole robot with some fields changed. */
  async editRobot(id: number, change: Partial<HarborRobot>): Promise<void> {
    const current = await this.robot(id);
    if (!current) throw new Error(`robot ${id} is not in Harbor`);
    AdminHarbor.ok(await this.http.put(`/robots/${id}`, { ...current, ...change }), `PUT /robots/${id}`);
  }

  /** Harbor's "Refresh Secret": PATCH {} → the new secret. */
  async refreshSecret(id: number): Promise<string> {
    return AdminHarbor.ok(await this.http.patch(`/robots/${id}`, {}), `PATCH /robots/${id}`).body.secret;
  }

  /** Deleted, or already gone. */
  async deleteRobot(id: number): Promise<void> {
    AdminHarbor.ok(await this.http.delete(`/robots/${id}`), `DELETE /robots/${id}`, 200, 404);
  }

  /** Projects whose name contains `fragment`; all of them without. */
  projects(fragment?: string): Promise<Array<{ project_id: number; name: string }>> {
    const q = fragment ? `?q=${encodeURIComponent(`name=~${fragment}`)}` : "";
    return this.all(`/projects${q}`, "list projects");
  }

  /** A private project; returns its id (Location header). */
  async createProject(name: string): Promise<number> {
    const res = AdminHarbor.ok(
      await this.http.post("/projects", { project_name: name, metadata: { public: "false" } }),
      `POST /projects ${name}`,
      201,
    );
    const id = Number(/\/(\d+)$/.exec(res.headers.get("location") ?? "")?.[1]);
    if (Number.isInteger(id) && id > 0) return id;
    return (await this.projects(name)).find((p) => p.name === name)!.project_id;
  }

  /** Deleted, or already gone. (Harbor deletes a project's robots with it.) */
  async deleteProject(nameOrId: string | number): Promise<void> {
    const headers = typeof nameOrId === "string" ? { "X-Is-Resource-Name": "true" } : undefined;
    AdminHarbor.ok(
      await this.http.delete(`/projects/${nameOrId}`, { headers }),
      `DELETE /projects/${nameOrId}`,
      200,
      404,
    );
  }

  async settings(): Promise<RobotSettingsValues> {
    const body = AdminHarbor.ok(await this.http.get("/configurations"), "GET /configurations").body;
    return {
      robot_name_prefix: body.robot_name_prefix?.value,
      robot_token_duration: Number(body.robot_token_duration?.value),
    };
  }

  async putSettings(values: Partial<RobotSettingsValues>): Promise<void> {
    AdminHarbor.ok(await this.http.put("/configurations", values), "PUT /configurations");
  }
}
