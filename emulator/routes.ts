// The emulated part of Harbor's API, one row per operation. Paths are written as in the swagger file
// (so the conformance recorder can name them); faults and counters also accept the short form where
// every path parameter is "{id}" (e.g. "/robots/{id}").

import * as config from "./configurations";
import type { Handler } from "./context";
import * as projects from "./projects";
import * as robots from "./robots";
import * as system from "./system";

export interface Route {
  method: string;
  swaggerPath: string;
  handler: Handler;
}

export const ROUTES: Route[] = [
  { method: "GET", swaggerPath: "/robots", handler: robots.listRobots },
  { method: "POST", swaggerPath: "/robots", handler: robots.createRobot },
  { method: "GET", swaggerPath: "/robots/{robot_id}", handler: robots.getRobot },
  { method: "PUT", swaggerPath: "/robots/{robot_id}", handler: robots.updateRobot },
  { method: "PATCH", swaggerPath: "/robots/{robot_id}", handler: robots.refreshSecret },
  { method: "DELETE", swaggerPath: "/robots/{robot_id}", handler: robots.deleteRobot },
  { method: "GET", swaggerPath: "/projects", handler: projects.listProjects },
  { method: "POST", swaggerPath: "/projects", handler: projects.createProject },
  { method: "HEAD", swaggerPath: "/projects", handler: projects.headProject },
  { method: "GET", swaggerPath: "/projects/{project_name_or_id}", handler: projects.getProject },
  { method: "DELETE", swaggerPath: "/projects/{project_name_or_id}", handler: projects.deleteProject },
  { method: "GET", swaggerPath: "/configurations", handler: config.getConfigurations },
  { method: "PUT", swaggerPath: "/configurations", handler: config.updateConfigurations },
  { method: "GET", swaggerPath: "/permissions", handler: system.getPermissions },
  { method: "GET", swaggerPath: "/systeminfo", handler: system.getSystemInfo },
  { method: "GET", swaggerPath: "/users/current", handler: system.getCurrentUser },
  { method: "GET", swaggerPath: "/systeminfo/volumes", handler: system.getVolumes },
  { method: "GET", swaggerPath: "/ping", handler: system.ping },
  { method: "GET", swaggerPath: "/health", handler: system.getHealth },
];

/** "/robots/{robot_id}" → "/robots/{id}". */
export const shortTemplate = (swaggerPath: string) => swaggerPath.replace(/\{[^}]+\}/g, "{id}");

/** True if `route` (either spelling) names this swagger path; undefined matches everything. */
export const routeMatches = (route: string | undefined, swaggerPath: string) =>
  route === undefined || route === swaggerPath || route === shortTemplate(swaggerPath);

function matchPath(template: string, path: string): Record<string, string> | undefined {
  const want = template.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const w = want[i] as string;
    const g = got[i] as string;
    if (w.startsWith("{")) {
      if (g === "") return undefined;
      params[w.slice(1, -1)] = decodeURIComponent(g);
    } else if (w !== g) return undefined;
  }
  return params;
}

export type RouteMatch =
  | { kind: "found"; route: Route; params: Record<string, string> }
  | { kind: "method-not-allowed"; swaggerPath: string; allowed: string[] }
  | { kind: "not-found" };

export function matchRoute(method: string, path: string): RouteMatch {
  const candidates = ROUTES.map((route) => ({ route, params: matchPath(route.swaggerPath, path) })).filter(
    (c) => c.params,
  );
  const hit = candidates.find((c) => c.route.method === method);
  if (hit) return { kind: "found", route: hit.route, params: hit.params as Record<string, string> };
  const first = candidates[0];
  if (first)
    return {
      kind: "method-not-allowed",
      swaggerPath: first.route.swaggerPath,
      allowed: candidates.map((c) => c.route.method),
    };
  return { kind: "not-found" };
}
