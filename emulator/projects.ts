// Just enough of /projects for robots to have namespaces: create, list (with name filters), get by
// name or id, delete. Visibility is simplified: anonymous callers see public projects, anybody
// authenticated sees all of them.

import {
  isSysAdmin,
  requireAuthenticated,
  requireProjectAccess,
  requireSystemAccess,
  type Caller,
} from "./authz";
import { bindBody, type StructShape } from "./body";
import { created, ok, type Ctx, type Handler } from "./context";
import { badRequest, conflict, forbidden, notFound, unauthorized, unprocessable } from "./errors";
import { parsePaging, parseQ, runList, type Fields } from "./query";
import { deleteProject as removeProject } from "./robot-store";
import type { State, StoredProject } from "./state";

const METADATA_KEYS = [
  "public",
  "enable_content_trust",
  "enable_content_trust_cosign",
  "prevent_vul",
  "severity",
  "auto_scan",
  "auto_sbom_generation",
  "reuse_sys_cve_allowlist",
  "retention_id",
  "proxy_speed_kb",
  "max_upstream_conn",
  "proxy_cache_local_on_not_found",
] as const;

const PROJECT_REQ: StructShape = {
  struct: "ProjectReq",
  fields: {
    project_name: "string",
    public: "bool",
    metadata: {
      struct: "ProjectMetadata",
      fields: Object.fromEntries(METADATA_KEYS.map((k) => [k, "string"])),
    },
    storage_limit: "int",
    registry_id: "int",
  },
};

const NAME_PATTERN = /^[a-z0-9]+(?:[._-][a-z0-9]+)*$/;

const isPublic = (p: StoredProject) => p.metadata.public === "true";

/**
 * A project as Harbor shows it to `caller`: its role there (1, project admin, for the owner, the only
 * member the emulator knows; Harbor omits the id and sends null ids to anybody else) and its CVE
 * allowlist, which is empty and never written (Harbor's zero times; the emulator numbers it like the
 * project).
 */
export function projectToSwagger(p: StoredProject, caller: Caller): Record<string, unknown> {
  const member = caller.kind === "user" && caller.user.id === p.ownerId;
  const never = "0001-01-01T00:00:00.000Z";
  return {
    project_id: p.id,
    owner_id: p.ownerId,
    name: p.name,
    owner_name: p.ownerName,
    creation_time: new Date(p.creationTime).toISOString(),
    update_time: new Date(p.updateTime).toISOString(),
    repo_count: 0,
    ...(member ? { current_user_role_id: 1 } : {}),
    current_user_role_ids: member ? [1] : null,
    cve_allowlist: { id: p.id, project_id: p.id, items: [], creation_time: never, update_time: never },
    metadata: { ...p.metadata },
  };
}

/** Shared by POST /projects and the harness's seedProject. */
export function insertProject(
  state: State,
  name: string,
  metadata: Record<string, string>,
  owner: { id: number; name: string },
) {
  if (!NAME_PATTERN.test(name) || name.length > 255) {
    throw badRequest("project name is not in lower case or contains illegal characters");
  }
  if (state.projectByName(name)) throw conflict(`The project named ${name} already exists`);
  const now = state.now();
  const project: StoredProject = {
    id: state.allocateId("project"),
    name,
    ownerId: owner.id,
    ownerName: owner.name,
    metadata: { public: "false", ...metadata },
    creationTime: now,
    updateTime: now,
  };
  state.projects.set(project.id, project);
  state.changed();
  return project;
}

/** `{project_name_or_id}`: a name when X-Is-Resource-Name is true or the value is not a number. */
function resolveProject(ctx: Ctx): StoredProject | undefined {
  const raw = ctx.req.params.project_name_or_id ?? "";
  const byName = String(ctx.req.headers["x-is-resource-name"]).toLowerCase() === "true" || !/^\d+$/.test(raw);
  return byName ? ctx.state.projectByName(raw) : ctx.state.projects.get(Number(raw));
}

const PROJECT_FIELDS: Fields<StoredProject> = {
  name: (p) => p.name,
  project_id: (p) => p.id,
  owner_id: (p) => p.ownerId,
  public: (p) => isPublic(p),
  creation_time: (p) => p.creationTime,
  update_time: (p) => p.updateTime,
};

export const listProjects: Handler = (ctx) => {
  const paging = parsePaging(ctx.req.query);
  const q = parseQ(ctx.req.query.get("q"));
  const { query } = ctx.req;
  // The `name` and `public` parameters are shorthands for q filters (name is a fuzzy match).
  if (query.get("name")) q.set("name", { kind: "fuzzy", value: query.get("name") as string });
  if (query.get("public")) q.set("public", { kind: "exact", value: query.get("public") as string });
  const visible = [...ctx.state.projects.values()].filter(
    (p) => ctx.caller.kind !== "anonymous" || isPublic(p),
  );
  const { items, headers } = runList(visible, ctx.req, {
    paging,
    q,
    fields: PROJECT_FIELDS,
    defaultKey: "name",
  });
  return ok(
    items.map((p) => projectToSwagger(p, ctx.caller)),
    headers,
  );
};

export const createProject: Handler = (ctx) => {
  const body = bindBody(ctx.req.body, "project", PROJECT_REQ);
  requireAuthenticated(ctx.caller);
  const caller = ctx.caller;
  if (caller.kind === "robot") requireSystemAccess(caller, "project", "create");
  else if (!isSysAdmin(caller) && ctx.state.config.project_creation_restriction === "adminonly") {
    throw forbidden("Only system admin can create project");
  }
  const metadata = { ...((body.metadata as Record<string, string> | undefined) ?? {}) };
  if (metadata.public === undefined && typeof body.public === "boolean")
    metadata.public = String(body.public);
  // Projects created by robots are owned by the admin, as robots cannot own anything.
  const owner = caller.kind === "user" ? caller.user : ctx.state.adminUser();
  const name = typeof body.project_name === "string" ? body.project_name : "";
  const project = insertProject(ctx.state, name, metadata, { id: owner.id, name: owner.username });
  const inLocation = String(ctx.req.headers["x-resource-name-in-location"]).toLowerCase() === "true";
  return created(`/api/v2.0/projects/${inLocation ? project.name : project.id}`);
};

export const getProject: Handler = (ctx) => {
  const project = resolveProject(ctx);
  if (ctx.caller.kind === "anonymous" && !(project && isPublic(project))) throw unauthorized();
  if (!project) throw notFound(`project ${ctx.req.params.project_name_or_id} not found`);
  return ok(projectToSwagger(project, ctx.caller));
};

/** HEAD /projects?project_name=: does the project exist (200 or 404, no body)? */
export const headProject: Handler = (ctx) => {
  const name = ctx.req.query.get("project_name");
  if (name === null) throw unprocessable("project_name in query is required");
  requireAuthenticated(ctx.caller);
  if (!ctx.state.projectByName(name)) throw notFound(`project ${name} not found`);
  return ok();
};

export const deleteProject: Handler = (ctx) => {
  requireAuthenticated(ctx.caller);
  const project = resolveProject(ctx);
  if (!project) throw notFound(`project ${ctx.req.params.project_name_or_id} not found`);
  requireProjectAccess(ctx.state, ctx.caller, project.id, "project", "delete");
  removeProject(ctx.state, project.id);
  return ok();
};
