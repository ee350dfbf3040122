// GET /systeminfo (anonymous allowed; harbor_version for anonymous callers too up to 2.12, only for
// authenticated ones from 2.13, notes §5.5), GET /users/current (the check that proves credentials
// on every release: 200 for a user, 412 for a robot, 401 when rejected) and GET /permissions (the grantable pairs of the profile; system admins only here, since the
// emulator has no project admins other than project owners).

import { isSysAdmin, requireAuthenticated } from "./authz";
import { ok, type Handler } from "./context";
import { forbidden, HarborError } from "./errors";

export const getSystemInfo: Handler = (ctx) => {
  const { config } = ctx.state;
  const info: Record<string, unknown> = {
    auth_mode: config.auth_mode,
    primary_auth_mode: config.primary_auth_mode,
    self_registration: config.self_registration,
    banner_message: config.banner_message || undefined,
    current_time: new Date(ctx.state.now()).toISOString(),
    ...(ctx.profile.anonymousVersion ? { harbor_version: ctx.profile.harborVersion } : {}),
  };
  if (ctx.caller.kind !== "anonymous") {
    Object.assign(info, {
      harbor_version: ctx.profile.harborVersion,
      external_url: ctx.baseUrl,
      registry_url: new URL(ctx.baseUrl).host,
      project_creation_restriction: config.project_creation_restriction,
      read_only: config.read_only,
      has_ca_root: false,
      registry_storage_provider_name: "filesystem",
      notification_enable: config.notification_enable,
    });
  }
  return ok(JSON.parse(JSON.stringify(info)));
};

/** A robot has no user record: Harbor answers 412 PRECONDITION, which still proves the login. */
export const getCurrentUser: Handler = (ctx) => {
  const caller = ctx.caller;
  requireAuthenticated(caller);
  if (caller.kind === "robot") {
    throw new HarborError("PRECONDITION", "get current user not available for security context: robot");
  }
  return ok({
    user_id: caller.user.id,
    username: caller.user.username,
    email: "",
    realname: "",
    comment: "",
    sysadmin_flag: caller.user.admin,
    admin_role_in_auth: false,
  });
};

export const getPermissions: Handler = (ctx) => {
  const caller = ctx.caller;
  requireAuthenticated(caller);
  if (isSysAdmin(caller)) return ok(ctx.profile.permissions);
  // Project admins (here: project owners) get only the project list; robots and others get 403.
  const ownsProject =
    caller.kind === "user" && [...ctx.state.projects.values()].some((p) => p.ownerId === caller.user.id);
  if (ownsProject) return ok({ project: ctx.profile.permissions.project });
  throw forbidden("only admins(system and project) can access permissions");
};
