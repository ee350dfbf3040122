// The public shape of the in-process emulator handle (documented in emulator/README.md). Other
// tests in the project program against these types, so changes here are API changes.

import type { FaultRate, FaultSpec, RateFaultKind } from "./faults";
import type { PasswordCheckKind } from "./password-checks";
import type { HarborVersionProfile } from "./profiles";

export type { FaultRate, FaultSpec, RateFaultKind } from "./faults";
export type { PasswordCheckKind } from "./password-checks";
export type { HarborVersionProfile } from "./profiles";

export interface EmulatorOptions {
  version?: HarborVersionProfile;
  adminUser?: string;
  adminPassword?: string;
  host?: string;
  port?: number;
  stateFile?: string;
  /** Random faults from the start (see setFaultRate). */
  faultRate?: FaultRate;
  /**
   * CPU milliseconds burned per password check (each request with Basic credentials, each POST
   * /c/login), to show what Harbor 2.15's PBKDF2 costs (about 100 ms). Default 0.
   */
  passwordCheckMs?: number;
  /**
   * Harbor's wait after a refused password and its lock of the name (default 1500 ms, as Harbor):
   * the refused request is answered after it, and during it every password login of that name,
   * Basic or POST /c/login, is refused unchecked. 0 turns both off.
   */
  loginFreezeMs?: number;
}

export interface SeedPermission {
  kind: string;
  namespace: string;
  access: Array<{ resource: string; action: string; effect?: string }>;
}

export interface SeedRobot {
  name: string;
  level?: "system" | "project";
  project?: string;
  description?: string;
  duration?: number;
  disabled?: boolean;
  permissions?: SeedPermission[];
}

/** Raw view of a stored robot for assertions (creationTime in ms since the epoch, expiresAt in Unix seconds). */
export interface EmulatedRobot {
  id: number;
  /** Stored name, without prefix ("ci", "<project>+ci", legacy "robot$ci"). */
  name: string;
  fullName: string;
  description: string;
  disabled: boolean;
  duration: number;
  expiresAt: number;
  creationTime: number;
  level: string;
  permissions: unknown[];
  /** 0 for system robots. */
  projectId: number;
  /** false for legacy robots. */
  editable: boolean;
}

/** Settings tests change directly (no validation, read-only mode ignored). */
export interface ConfigOverrides {
  robot_name_prefix?: string;
  robot_token_duration?: number;
  /** Minutes a session lives after its last use (Harbor's default 60). */
  session_timeout?: number;
  /** "db_auth" (default) or "oidc_auth" (only the first admin may log in at /c/login with a password). */
  auth_mode?: string;
}

export interface HarborEmulator {
  /** "http://127.0.0.1:<port>" (no /api/v2.0 suffix). */
  readonly url: string;
  readonly version: HarborVersionProfile;
  readonly admin: { username: string; password: string };
  /** HARBOR_URL, HARBOR_USERNAME and HARBOR_PASSWORD for a process that should use this emulator as admin. */
  harborEnv(): { HARBOR_URL: string; HARBOR_USERNAME: string; HARBOR_PASSWORD: string };
  close(): Promise<void>;
  /** Clear robots, projects, users, faults, counts and sessions (but the admin's); config and clock back to defaults. */
  reset(): void;
  seedProject(name: string): { id: number; name: string };
  /** Same effects as DELETE /projects/{name}. */
  deleteProject(name: string): void;
  seedRobot(r: SeedRobot): { id: number; fullName: string; secret: string };
  /** Pre-2.2 robot: stored as "robot$<name>", no secret, editable=false; system level unless a project is given. */
  seedLegacyRobot(name: string, opts?: { project?: string }): { id: number };
  addUser(username: string, password: string, opts?: { admin?: boolean }): void;
  setConfig(values: ConfigOverrides): void;
  /** The robot settings in force (what GET /configurations reports), for assertions. */
  getConfig(): { robot_name_prefix: string; robot_token_duration: number };
  /** Like starting Harbor with CONFIG_OVERWRITE_JSON: every key editable=false, PUT → 403. */
  setConfigReadOnly(readOnly: boolean): void;
  getRobot(id: number): EmulatedRobot | undefined;
  listRobots(): EmulatedRobot[];
  injectFault(f: FaultSpec): void;
  /** A seeded per-request fault rate with a mix of kinds (undefined: off). Injected faults come first. */
  setFaultRate(rate: FaultRate | undefined): void;
  /** Random faults handed out since the rate was set, per kind. */
  faultsDrawn(): Partial<Record<RateFaultKind, number>>;
  /** Drops injected faults and the fault rate. */
  clearFaults(): void;
  /** Requests per method and route template ("/robots/{id}" or "/robots/{robot_id}"); all when undefined. */
  requestCount(method?: string, route?: string): number;
  /** Password checks made: "basic" (requests with Basic credentials), "login" (POST /c/login); both when undefined. */
  passwordCheckCount(kind?: PasswordCheckKind): number;
  /** Resets request counts and password check counts. */
  resetCounts(): void;
  /** Logged-in sessions alive now. */
  sessionCount(): number;
  /** Ends every logged-in session, as if its session_timeout had passed. */
  expireSessions(): void;
  /** True if these credentials would authenticate now. */
  checkLogin(fullName: string, secret: string): boolean;
  /** Freeze "now" at `ms` (epoch milliseconds), or undefined to follow the real clock again. */
  setClock(ms: number | undefined): void;
  /** Move "now" forward (frozen or not). */
  advanceClock(ms: number): void;
  /** The emulator's current time in epoch milliseconds. */
  now(): number;
}
