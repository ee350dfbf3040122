// Shapes of Harbor's JSON responses (swagger v2.15.2, checked against older releases in the notes).
// They are lenient where Harbor is: Go's `omitempty` drops empty strings, zeros and empty arrays, so
// most fields are optional with the default Harbor means; unknown extra fields are ignored (stripped),
// except on /configurations, which keeps the keys we do not model.
import { z } from "zod";

const Access = z.object({
  resource: z.string(),
  action: z.string(),
  // "" and absent both mean allow in Harbor, but they are stored and read back as sent: keep as-is.
  effect: z.string().optional(),
});

export const RobotPermission = z.object({
  kind: z.string(),
  namespace: z.string(),
  access: z.array(Access).default([]),
});

export const Robot = z.object({
  id: z.int(),
  name: z.string(),
  description: z.string().default(""),
  // Never filled by GET; present (and usually empty) only for symmetry with the PUT body.
  secret: z.string().optional(),
  level: z.string(),
  // -1 = never; null on very old robots.
  duration: z.int().nullish(),
  editable: z.boolean().default(true),
  disable: z.boolean().default(false),
  // Unix seconds, -1 = never.
  expires_at: z.int().optional(),
  permissions: z.array(RobotPermission).default([]),
  creator_type: z.string().optional(),
  creator_ref: z.int().optional(),
  creation_time: z.string().optional(),
  update_time: z.string().optional(),
});

/** 201 of POST /robots: the only time the generated secret is shown. `id` may be recovered from Location. */
export const RobotCreated = z.object({
  id: z.int().optional(),
  name: z.string(),
  secret: z.string().optional(),
  creation_time: z.string().optional(),
  expires_at: z.int().optional(),
});

/** 200 of PATCH /robots/{id}: `{secret}` when Harbor generated one, `{}` when we supplied it. */
export const RobotSec = z.object({ secret: z.string().optional() });

export const Project = z.object({
  project_id: z.int(),
  name: z.string(),
  owner_name: z.string().optional(),
  creation_time: z.string().optional(),
  deleted: z.boolean().optional(),
  metadata: z.object({ public: z.string().optional() }).optional(),
});

const ConfigItem = <T extends z.ZodType>(value: T) => z.object({ value, editable: z.boolean() });

/** GET /configurations: only the robot keys are modelled; the others pass through untouched. */
export const ConfigurationsResponse = z.looseObject({
  robot_name_prefix: ConfigItem(z.string()).optional(),
  robot_token_duration: ConfigItem(z.int()).optional(),
});

const PermissionPair = z.object({ resource: z.string(), action: z.string() });

/** GET /permissions (Harbor ≥ 2.10): the allow-list of (resource, action) pairs per kind. */
export const Permissions = z.object({
  system: z.array(PermissionPair).default([]),
  project: z.array(PermissionPair).default([]),
});

/** GET /systeminfo. `harbor_version` is shown to anyone up to 2.12, only to authenticated callers from 2.13. */
export const GeneralInfo = z.looseObject({
  harbor_version: z.string().nullish(),
  external_url: z.string().nullish(),
  registry_url: z.string().nullish(),
  auth_mode: z.string().nullish(),
});

/** Harbor's error body: `{"errors":[{"code":"NOT_FOUND","message":"robot 5 not found"}]}`. */
export const Errors = z.object({
  errors: z.array(z.object({ code: z.string().optional(), message: z.string().optional() })).default([]),
});

export type Robot = z.infer<typeof Robot>;
export type RobotPermission = z.input<typeof RobotPermission>;
export type RobotCreated = z.infer<typeof RobotCreated>;
export type Project = z.infer<typeof Project>;
export type ConfigurationsResponse = z.infer<typeof ConfigurationsResponse>;
export type Permissions = z.infer<typeof Permissions>;
export type GeneralInfo = z.infer<typeof GeneralInfo>;

/** Body of POST /robots. Harbor ignores `secret` and `disable` here (fix up with PATCH / PUT afterwards). */
export interface RobotCreateRequest {
  /** Short name, without prefix (Harbor adds `robot$` and, for project robots, `<project>+`). */
  name: string;
  description?: string;
  level: "system" | "project";
  /** Days, or -1 for never; 0 is rejected by Harbor ≥ 2.11. */
  duration: number;
  permissions: RobotPermission[];
}

/** Body of PUT /robots/{id}: the full robot. Omitted description/disable are reset by Harbor. */
export interface RobotUpdateRequest {
  /** The current full name exactly as GET returns it (with the current prefix). */
  name: string;
  level: string;
  /** Omitted clears it to "". */
  description?: string;
  /** Omitted (false) re-enables the robot. */
  disable: boolean;
  /** null/omitted keeps the current duration on Harbor ≥ 2.11; always send it on older servers. */
  duration?: number | null;
  permissions: RobotPermission[];
}

/** The robot settings we manage, as PUT /configurations takes them. */
export interface RobotConfigurationsUpdate {
  robot_name_prefix?: string;
  robot_token_duration?: number;
}

/** The robot settings as GET /configurations reports them (absent on servers that do not have them). */
export type RobotConfigurations = Pick<ConfigurationsResponse, "robot_name_prefix" | "robot_token_duration">;
