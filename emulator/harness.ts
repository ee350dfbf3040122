// The in-process handle tests drive the emulator with. Seeding goes through the same validation and
// storage code as the HTTP API, so seeded rows are indistinguishable from created ones.

import type { Server } from "node:http";
import type { ConfigOverrides, EmulatedRobot, HarborEmulator, SeedRobot } from "./api";
import { authenticate } from "./authz";
import type { RequestCounters } from "./counters";
import type { Csrf } from "./csrf";
import type { FaultRate, Faults, FaultSpec, RateFaultKind } from "./faults";
import type { PasswordCheckKind, PasswordChecks } from "./password-checks";
import type { Profile } from "./profiles";
import { insertProject } from "./projects";
import { validateName, validateRobotRequest, type PermissionInput } from "./robot-rules";
import * as store from "./robot-store";
import { robotRawView } from "./robot-view";
import type { Sessions } from "./sessions";
import type { State } from "./state";

export interface HarnessParts {
  server: Server;
  url: string;
  state: State;
  profile: Profile;
  faults: Faults;
  counters: RequestCounters;
  sessions: Sessions;
  csrf: Csrf;
  passwordChecks: PasswordChecks;
  admin: { username: string; password: string };
  /** Writes pending state-file changes now (the file is written shortly after changes). */
  flushState: () => void;
}

export class EmulatorHarness implements HarborEmulator {
  readonly url: string;
  readonly version: Profile["name"];
  readonly admin: { username: string; password: string };

  constructor(private readonly parts: HarnessParts) {
    this.url = parts.url;
    this.version = parts.profile.name;
    this.admin = { ...parts.admin };
  }

  harborEnv(): { HARBOR_URL: string; HARBOR_USERNAME: string; HARBOR_PASSWORD: string } {
    return {
      HARBOR_URL: this.url,
      HARBOR_USERNAME: this.admin.username,
      HARBOR_PASSWORD: this.admin.password,
    };
  }

  private get state(): State {
    return this.parts.state;
  }

  close(): Promise<void> {
    const { server } = this.parts;
    return new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()));
      server.closeAllConnections();
    }).finally(() => this.parts.flushState());
  }

  reset(): void {
    this.state.reset();
    this.parts.faults.clear();
    this.parts.counters.reset();
    this.parts.passwordChecks.reset();
    // The admin stays (as user 1), and so do its sessions: a client kept across tests stays logged in.
    this.parts.sessions.clear(this.state.adminUser().id);
    this.parts.passwordChecks.unlockAll();
  }

  seedProject(name: string): { id: number; name: string } {
    const admin = this.state.adminUser();
    const project = insertProject(this.state, name, {}, { id: admin.id, name: admin.username });
    return { id: project.id, name: project.name };
  }

  deleteProject(name: string): void {
    const project = this.state.projectByName(name);
    if (!project) throw new Error(`project ${name} not found`);
    store.deleteProject(this.state, project.id);
  }

  seedRobot(r: SeedRobot): { id: number; fullName: string; secret: string } {
    const level = r.level ?? (r.project ? "project" : "system");
    const permissions: PermissionInput[] = (
      r.permissions ?? [
        {
          kind: "project",
          namespace: level === "project" ? (r.project ?? "") : "*",
          access: [{ resource: "repository", action: "pull" }],
        },
      ]
    ).map((p) => ({
      ...p,
      access: p.access.map((a) => ({ resource: a.resource, action: a.action, effect: a.effect ?? "" })),
    }));
    const duration = r.duration ?? -1;
    validateName(r.name);
    validateRobotRequest(this.parts.profile, duration, level, permissions);
    const admin = this.state.adminUser();
    const { robot, secret } = store.createRobot(
      this.state,
      this.parts.profile,
      { name: r.name, description: r.description ?? "", level, duration, permissions },
      { type: "local", ref: admin.id },
    );
    if (r.disabled) {
      robot.disabled = true;
      this.state.changed();
    }
    return { id: robot.id, fullName: store.fullName(this.state, robot), secret };
  }

  seedLegacyRobot(name: string, opts: { project?: string } = {}): { id: number } {
    const project = opts.project === undefined ? undefined : this.state.projectByName(opts.project);
    if (opts.project !== undefined && !project) throw new Error(`project ${opts.project} not found`);
    const now = this.state.now();
    const id = this.state.allocateId("robot");
    this.state.robots.set(id, {
      id,
      name: `robot$${name}`,
      description: "",
      projectId: project?.id ?? 0,
      disabled: false,
      duration: -1,
      expiresAt: -1,
      creationTime: now,
      updateTime: now,
      creatorType: "",
      creatorRef: 0,
      scopes: project
        ? [
            {
              scope: `/project/${project.id}`,
              access: [{ resource: "repository", action: "pull", effect: "" }],
            },
          ]
        : [],
    });
    this.state.changed();
    return { id };
  }

  addUser(username: string, password: string, opts: { admin?: boolean } = {}): void {
    this.state.addUser(username, password, opts.admin ?? false);
  }

  setConfig(values: ConfigOverrides): void {
    for (const [k, v] of Object.entries(values)) if (v !== undefined) this.state.config[k] = v;
    this.state.changed();
  }

  getConfig(): { robot_name_prefix: string; robot_token_duration: number } {
    return { robot_name_prefix: this.state.robotPrefix, robot_token_duration: this.state.robotTokenDuration };
  }

  setConfigReadOnly(readOnly: boolean): void {
    this.state.configReadOnly = readOnly;
    this.state.changed();
  }

  getRobot(id: number): EmulatedRobot | undefined {
    const robot = this.state.robots.get(id);
    return robot && robotRawView(this.state, robot);
  }

  listRobots(): EmulatedRobot[] {
    return [...this.state.robots.values()]
      .sort((a, b) => a.id - b.id)
      .map((r) => robotRawView(this.state, r));
  }

  injectFault(f: FaultSpec): void {
    this.parts.faults.add(f);
  }

  setFaultRate(rate: FaultRate | undefined): void {
    this.parts.faults.setRate(rate);
  }

  faultsDrawn(): Partial<Record<RateFaultKind, number>> {
    return Object.fromEntries(this.parts.faults.drawn);
  }

  clearFaults(): void {
    this.parts.faults.clear();
  }

  requestCount(method?: string, route?: string): number {
    return this.parts.counters.count(method, route);
  }

  passwordCheckCount(kind?: PasswordCheckKind): number {
    return this.parts.passwordChecks.count(kind);
  }

  resetCounts(): void {
    this.parts.counters.reset();
    this.parts.passwordChecks.reset();
  }

  sessionCount(): number {
    return this.parts.sessions.count();
  }

  expireSessions(): void {
    this.parts.sessions.clear();
  }

  checkLogin(fullName: string, secret: string): boolean {
    const header = `Basic ${Buffer.from(`${fullName}:${secret}`).toString("base64")}`;
    return authenticate(this.state, header).kind !== "anonymous";
  }

  setClock(ms: number | undefined): void {
    this.state.setClock(ms);
  }

  advanceClock(ms: number): void {
    this.state.advanceClock(ms);
  }

  now(): number {
    return this.state.now();
  }
}
