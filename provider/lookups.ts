// Listings shared by every resource a provider process handles, so that a refresh of many robots
// costs a few list calls, not one GET per robot. Entries live for a few seconds (one engine
// operation) and are dropped on every write made through this module's callers.
import type { HarborClient, RobotFilter } from "./client/harbor-client";
import type { Project, Robot } from "./client/schemas";

const TTL_MS = 10_000;

interface Entry<T> {
  at: number;
  value: Promise<T>;
}

const caches = new WeakMap<HarborClient, Map<string, Entry<unknown>>>();

function memo<T>(client: HarborClient, key: string, load: () => Promise<T>): Promise<T> {
  let cache = caches.get(client);
  if (!cache) caches.set(client, (cache = new Map()));
  const hit = cache.get(key);
  if (hit && Date.now() - hit.at < TTL_MS) return hit.value as Promise<T>;
  const value = load();
  cache.set(key, { at: Date.now(), value });
  value.catch(() => cache.delete(key));
  return value;
}

/** Forget every listing of this client (after a write, or between tests). */
export function invalidate(client: HarborClient): void {
  caches.delete(client);
}

export function allProjects(client: HarborClient): Promise<Project[]> {
  return memo(client, "projects", () => client.listProjects());
}

export async function projectByName(client: HarborClient, name: string): Promise<Project | undefined> {
  return (await allProjects(client)).find((p) => p.name === name);
}

export function robotsOf(client: HarborClient, filter: RobotFilter): Promise<Robot[]> {
  const key = filter.level === "system" ? "robots:system" : `robots:project:${filter.projectId}`;
  return memo(client, key, () => client.listRobots(filter));
}
