// The emulator's "database": robots, projects, users and settings, plus the clock. Rows are stored
// the way Harbor stores them (robot names without prefix, permissions as scopes keyed by project id)
// so that read-time effects (prefix changes, deleted projects) fall out of the data model.

import { defaultConfig, type ConfigMap } from "./config-items";
import { hashSecret, verifySecret, type SecretHash } from "./secrets";

export interface StoredAccess {
  resource: string;
  action: string;
  /** As sent; "" when the client omitted it (Harbor keeps "" and "allow" apart). */
  effect: string;
}

export interface StoredScope {
  /** "/system", "/project/*" or "/project/<id>" like Harbor's rbac scopes. */
  scope: string;
  access: StoredAccess[];
}

export interface StoredRobot {
  id: number;
  /** Without prefix: "ci" (system), "<project>+ci" (project), "robot$ci" (legacy). */
  name: string;
  description: string;
  /** 0 = system level. */
  projectId: number;
  /** Absent for legacy (pre-2.2) robots, which is also what makes them non-editable. */
  secret?: SecretHash;
  disabled: boolean;
  duration: number;
  /** Unix seconds, -1 = never. */
  expiresAt: number;
  /** Milliseconds since the epoch. */
  creationTime: number;
  updateTime: number;
  creatorType: string;
  creatorRef: number;
  scopes: StoredScope[];
}

export interface StoredProject {
  id: number;
  name: string;
  ownerId: number;
  ownerName: string;
  metadata: Record<string, string>;
  creationTime: number;
  updateTime: number;
}

export interface StoredUser {
  id: number;
  username: string;
  password: SecretHash;
  admin: boolean;
  /** "" unless set; Harbor's own admin is "system admin" / "admin user" (older state files: absent). */
  realname?: string;
  comment?: string;
  /** Milliseconds since the epoch. */
  creationTime?: number;
  updateTime?: number;
}

export interface Snapshot {
  robots: StoredRobot[];
  projects: StoredProject[];
  users: StoredUser[];
  config: ConfigMap;
  configReadOnly: boolean;
  nextId: { robot: number; project: number; user: number };
}

export class State {
  robots = new Map<number, StoredRobot>();
  projects = new Map<number, StoredProject>();
  users = new Map<number, StoredUser>();
  config: ConfigMap = defaultConfig();
  configReadOnly = false;
  // Robot and project ids keep growing across reset() so a stale id held by a test never points at
  // a new row; user ids restart so the admin is always user 1, as in Harbor.
  private nextId = { robot: 1, project: 1, user: 1 };
  private frozenMs: number | undefined;
  private offsetMs = 0;
  /** Called after every mutation (the state file hooks in here). */
  onChange: () => void = () => {};

  constructor(private readonly admin: { username: string; password: string }) {
    this.addUser(admin.username, admin.password, true);
    this.addLibrary();
  }

  // ---- clock -------------------------------------------------------------------------------
  now(): number {
    return this.frozenMs ?? Date.now() + this.offsetMs;
  }
  /** Freeze the clock at `ms`, or let it run in real time again when undefined. */
  setClock(ms: number | undefined): void {
    this.frozenMs = ms;
    this.offsetMs = 0;
  }
  advanceClock(ms: number): void {
    if (this.frozenMs !== undefined) this.frozenMs += ms;
    else this.offsetMs += ms;
  }

  // ---- ids and change notification -----------------------------------------------------------
  allocateId(kind: keyof State["nextId"]): number {
    return this.nextId[kind]++;
  }
  changed(): void {
    this.onChange();
  }

  // ---- users -----------------------------------------------------------------------------------
  addUser(username: string, password: string, admin: boolean): StoredUser {
    const existing = this.findUser(username);
    const now = this.now();
    // Harbor's installer creates its admin as user 1 with these words (measured: GET /users/current).
    const isInstallAdmin = username === this.admin.username;
    const user: StoredUser = {
      id: existing?.id ?? this.allocateId("user"),
      username,
      password: hashSecret(password),
      admin,
      realname: isInstallAdmin ? "system admin" : "",
      comment: isInstallAdmin ? "admin user" : "",
      creationTime: existing?.creationTime ?? now,
      updateTime: now,
    };
    this.users.set(user.id, user);
    this.changed();
    return user;
  }
  /** The administrator configured at start (always present). */
  adminUser(): StoredUser {
    return this.findUser(this.admin.username) ?? this.addUser(this.admin.username, this.admin.password, true);
  }
  findUser(username: string): StoredUser | undefined {
    return [...this.users.values()].find((u) => u.username === username);
  }
  authenticateUser(username: string, password: string): StoredUser | undefined {
    const user = this.findUser(username);
    return user && verifySecret(password, user.password) ? user : undefined;
  }

  // ---- projects ----------------------------------------------------------------------------
  /** Every Harbor starts with the public project `library`, owned by its admin. */
  private addLibrary(): void {
    const admin = this.adminUser();
    const now = this.now();
    const id = this.allocateId("project");
    this.projects.set(id, {
      id,
      name: "library",
      ownerId: admin.id,
      ownerName: admin.username,
      metadata: { public: "true" },
      creationTime: now,
      updateTime: now,
    });
    this.changed();
  }
  projectByName(name: string): StoredProject | undefined {
    return [...this.projects.values()].find((p) => p.name === name);
  }

  // ---- settings ------------------------------------------------------------------------------
  get robotPrefix(): string {
    return String(this.config.robot_name_prefix);
  }
  get robotTokenDuration(): number {
    return Number(this.config.robot_token_duration);
  }

  /** Back to a fresh Harbor: the admin user, the project `library` and default settings. */
  reset(): void {
    this.robots.clear();
    this.projects.clear();
    this.users.clear();
    this.nextId.user = 1;
    this.config = defaultConfig();
    this.configReadOnly = false;
    this.setClock(undefined);
    this.addUser(this.admin.username, this.admin.password, true);
    this.addLibrary();
  }

  // ---- persistence -------------------------------------------------------------------------------
  snapshot(): Snapshot {
    return {
      robots: [...this.robots.values()],
      projects: [...this.projects.values()],
      users: [...this.users.values()],
      config: this.config,
      configReadOnly: this.configReadOnly,
      nextId: this.nextId,
    };
  }
  restore(s: Snapshot): void {
    this.robots = new Map(s.robots.map((r) => [r.id, r]));
    this.projects = new Map(s.projects.map((p) => [p.id, p]));
    this.users = new Map(s.users.map((u) => [u.id, u]));
    this.config = { ...defaultConfig(), ...s.config };
    this.configReadOnly = s.configReadOnly;
    this.nextId = { ...s.nextId };
    // The admin given on the command line wins over the one in the file.
    this.addUser(this.admin.username, this.admin.password, true);
  }
}
