// GET /systeminfo (anonymous allowed; harbor_version for anonymous callers too up to 2.12, only for
// authenticated ones from 2.13), GET /users/current (the check that proves credentials
// on every release: 200 for a user, 412 for a robot, 401 when rejected) and GET /permissions (the grantable pairs of the profile; system admins only here, since the
// emulator has no project admins other than project owners).

import { isSysAdmin, requireAuthenticated, requireSystemAccess } from "./authz";
import { ok, type Handler } from "./context";
import { forbidden, HarborError, unprocessable } from "./errors";

export const getSystemInfo: Handler = (ctx) => {
  const { config } = ctx.state;
  // The public part (banner and OIDC provider name even when empty, as measured on v2.10.3 and
  // v2.15.2); the current time is in the protected part.
  const info: Record<string, unknown> = {
    auth_mode: config.auth_mode,
    primary_auth_mode: config.primary_auth_mode,
    self_registration: config.self_registration,
    banner_message: config.banner_message,
    oidc_provider_name: config.auth_mode === "oidc_auth" ? config.oidc_name : "",
    ...(ctx.profile.anonymousVersion ? { harbor_version: ctx.profile.harborVersion } : {}),
  };
  if (ctx.caller.kind !== "anonymous") {
    Object.assign(info, {
      current_time: new Date(ctx.state.now()).toISOString(),
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
  const { user } = caller;
  const time = (ms: number | undefined) => new Date(ms ?? ctx.state.now()).toISOString();
  // No email: Harbor leaves out an empty one, and the emulator's users have none.
  return ok({
    user_id: user.id,
    username: user.username,
    realname: user.realname ?? "",
    comment: user.comment ?? "",
    sysadmin_flag: user.admin,
    admin_role_in_auth: false,
    creation_time: time(user.creationTime),
    update_time: time(user.updateTime),
  });
};

/**
 * GET /ping: "Pong" as text/plain, to anybody. v2.10.3 serves only text/plain and refuses a client
 * that accepts nothing but JSON, as go-swagger does (422); v2.15.2 answers it all the same.
 */
export const ping: Handler = (ctx) => {
  const accept = String(ctx.req.headers.accept ?? "");
  if (ctx.profile.pingOnlyTextPlain && accept !== "" && !/text\/plain|\*\/\*/.test(accept))
    throw unprocessable("unsupported media type requested, only [text/plain] are available");
  return { status: 200, text: "Pong" };
};

/** GET /health, to anybody: a Harbor whose components are all up. */
export const getHealth: Handler = () =>
  ok({
    status: "healthy",
    components: ["core", "database", "jobservice", "portal", "redis", "registry", "registryctl"].map(
      (name) => ({ name, status: "healthy" }),
    ),
  });

/**
 * GET /systeminfo/volumes (system-volumes:read): the registry's storage. The emulator has none, and
 * Harbor leaves out a total and free space of 0, as its core alone answers: {"storage":[{}]}.
 */
export const getVolumes: Handler = (ctx) => {
  requireSystemAccess(ctx.caller, "system-volumes", "read");
  return ok({ storage: [{}] });
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
