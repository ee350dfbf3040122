// Every robot of a registry, paged as Harbor pages (page_size 100, X-Total-Count). Harbor lists
// robots per level: GET /robots?q=Level=system gives every system robot, and project robots only
// come one project at a time (q=Level=project,ProjectID=<id> requires the id, a list of ids is
// refused), with nothing in the project listing that says which projects have robots. So the
// cost is ⌈system robots / 100⌉ + ⌈projects / 100⌉ + Σ ⌈robots of the project / 100⌉ (at least one
// per project). What keeps it low: a level filter skips the other level's requests entirely, a
// project filter lists that one project instead of all of them, and the requests run several at a
// time (the count stays; the time on a distant Harbor shrinks).
import pLimit from "p-limit";
import type { HarborClient } from "../client/harbor-client";
import type { Project } from "../client/schemas";
import type { InventoryArgs } from "../model/inventory";
import type { ListedRobot } from "./classify";

/** Requests in flight at once, in all (pages of the system robots, of the projects, projects' robot lists). */
export const LISTING_CONCURRENCY = 4;

export interface ListingProgress {
  /** Robots received so far. */
  robots: number;
  /** Projects whose robots have been listed, of `projectsTotal` (0 when project robots are not listed). */
  projectsListed: number;
  projectsTotal: number;
}

export interface ListingOptions extends Pick<InventoryArgs, "level" | "project"> {
  onProgress?: (p: ListingProgress) => void;
}

async function projectsToList(client: HarborClient, project: string | undefined): Promise<Project[]> {
  if (project === undefined) return client.listProjects({ concurrency: LISTING_CONCURRENCY });
  const found = await client.getProject(project);
  if (!found) throw new Error(`project "${project}" does not exist on ${client.url}`);
  return [found];
}

/** The robots of the levels (and project) asked for, each once, by id. */
export async function listRegistryRobots(
  client: HarborClient,
  opts: ListingOptions = {},
): Promise<ListedRobot[]> {
  const progress: ListingProgress = { robots: 0, projectsListed: 0, projectsTotal: 0 };
  const onPage = (count: number) => {
    progress.robots += count;
    opts.onProgress?.({ ...progress });
  };
  const system = async (): Promise<ListedRobot[]> =>
    opts.level === "project"
      ? []
      : (await client.listRobots({ level: "system" }, { concurrency: LISTING_CONCURRENCY, onPage })).map(
          (robot) => ({ robot }),
        );
  const perProject = async (): Promise<ListedRobot[]> => {
    if (opts.level === "system") return [];
    const projects = await projectsToList(client, opts.project);
    progress.projectsTotal = projects.length;
    // One limit for every project's listing; a project's own pages go one at a time within it.
    const limit = pLimit(LISTING_CONCURRENCY);
    const lists = await Promise.all(
      projects.map((p) =>
        limit(async () => {
          const robots = await client.listRobots({ level: "project", projectId: p.project_id }, { onPage });
          progress.projectsListed++;
          opts.onProgress?.({ ...progress });
          return robots.map((robot) => ({ robot, project: p.name }));
        }),
      ),
    );
    return lists.flat();
  };
  // One after the other: each stage keeps LISTING_CONCURRENCY requests in flight, and side by side
  // they would double that (every request costs Harbor a password hash).
  const sys = await system();
  const proj = await perProject();
  // A robot created between two pages can shift another onto the next page: count each id once.
  const byId = new Map<number, ListedRobot>();
  for (const listed of [...sys, ...proj]) byId.set(listed.robot.id, listed);
  return [...byId.values()].sort((a, b) => a.robot.id - b.robot.id);
}
