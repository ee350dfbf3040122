// Listings shared by every resource one provider process handles (the engine starts one provider
// process per operation): a refresh or a destroy of many robots costs a few list calls instead of one
// GET per robot, the patterns of many creates cost one project list, and the default expiration of
// robots declared without a duration one GET /configurations. Concurrent callers share ONE
// in-flight request: the listing is registered before its first request is sent.
//
// What a robot write makes untrue, and so what it drops (nothing else):
// - Robot writes never change projects: the project listing survives them.
// - Harbor never reuses a robot id, so a listed id keeps naming the same robot. A robot created after
//   the listing is simply absent from it; callers fall back to GET /robots/{id} on a miss (and a
//   project missing from the listing is asked for by name).
// - The listed fields of a robot this process writes (update, secret, take-over, delete) are stale
//   from then on: `forgetRobot` strikes its id, and look-ups of it miss and ask Harbor. (Per id and for
//   the rest of the process, so it holds wherever the caller marks the write, before or after it; a
//   resource is rarely read again in the operation that wrote it, so this costs next to nothing.)
// - Only a change of Harbor's configurations (RobotSettings) changes the shared robot settings and,
//   through the name prefix, every listed robot's full name: `forgetConfigurations` drops them all.
// Listings expire TTL_MS after they arrived, so a long operation still sees projects made meanwhile.
import type { HarborClient, RobotFilter } from "./client/harbor-client";
import type { Project, Robot, RobotConfigurations } from "./client/schemas";

const TTL_MS = 10_000;

interface Listing<T> {
  /** When the answer arrived (ms); undefined while in flight, which never expires. */
  arrivedAt?: number;
  value: Promise<T>;
}

/** Everything this module knows about one client's Harbor. */
interface Lookups {
  listings: Map<string, Listing<unknown>>;
  /** Robots written through this process: their listed fields may be stale. */
  written: Set<number>;
}

const byClient = new WeakMap<HarborClient, Lookups>();

function lookupsOf(client: HarborClient): Lookups {
  let l = byClient.get(client);
  if (!l) byClient.set(client, (l = { listings: new Map(), written: new Set() }));
  return l;
}

function shared<T>(l: Lookups, key: string, load: () => Promise<T>): Listing<T> {
  const hit = l.listings.get(key) as Listing<T> | undefined;
  if (hit && (hit.arrivedAt === undefined || Date.now() - hit.arrivedAt < TTL_MS)) return hit;
  const listing: Listing<T> = { value: load() };
  l.listings.set(key, listing);
  listing.value.then(
    () => (listing.arrivedAt = Date.now()),
    () => {
      // A failed listing is not remembered: the next caller asks again.
      if (l.listings.get(key) === listing) l.listings.delete(key);
    },
  );
  return listing;
}

/** Forget every listing of this client (tests, or when Harbor may have changed in unknown ways). */
export function invalidate(client: HarborClient): void {
  byClient.delete(client);
}

/**
 * Call on any write to robot `id` (update, secret, delete, take-over): listings no longer answer for
 * it. Creating a robot needs no call: it is absent from listings made before.
 */
export function forgetRobot(client: HarborClient, id: number): void {
  lookupsOf(client).written.add(id);
}

/** Call after changing Harbor's configurations: the robot settings and the listed names are stale. */
export function forgetConfigurations(client: HarborClient): void {
  const l = lookupsOf(client);
  for (const key of [...l.listings.keys()])
    if (key === "configurations" || key.startsWith("robots:")) l.listings.delete(key);
}

/** Harbor's robot settings (name prefix, default expiration), shared like the listings. */
export function robotConfigurations(client: HarborClient): Promise<RobotConfigurations> {
  return shared(lookupsOf(client), "configurations", () => client.getConfigurations()).value;
}

export function allProjects(client: HarborClient): Promise<Project[]> {
  return shared(lookupsOf(client), "projects", () => client.listProjects()).value;
}

/** A project by name: from the shared listing, else (made after it) one GET; undefined when absent. */
export async function projectByName(client: HarborClient, name: string): Promise<Project | undefined> {
  return (await allProjects(client)).find((p) => p.name === name) ?? (await client.getProject(name));
}

/**
 * The robot with this id in the shared listing of `filter`, or undefined when it is not listed or this
 * process wrote it (then ask Harbor: GET /robots/{id}).
 */
export async function listedRobot(
  client: HarborClient,
  filter: RobotFilter,
  id: number,
): Promise<Robot | undefined> {
  const key = filter.level === "system" ? "robots:system" : `robots:project:${filter.projectId}`;
  const l = lookupsOf(client);
  const listing = shared(l, key, async () => {
    const byId = new Map<number, Robot>();
    for (const r of await client.listRobots(filter)) byId.set(r.id, r);
    return byId;
  });
  const robot = (await listing.value).get(id);
  return l.written.has(id) ? undefined : robot;
}

/**
 * The robot with this id from a robot listing this process already holds and that is still fresh
 * (arrived or in flight), without starting one; undefined when none lists it or this process wrote
 * it. Harbor's ids are unique on a server, so any level's listing answers for the id.
 */
export async function heldRobot(client: HarborClient, id: number): Promise<Robot | undefined> {
  const l = byClient.get(client);
  if (!l || l.written.has(id)) return undefined;
  for (const [key, listing] of l.listings) {
    if (!key.startsWith("robots:")) continue;
    if (listing.arrivedAt !== undefined && Date.now() - listing.arrivedAt >= TTL_MS) continue;
    const byId = await (listing.value as Promise<Map<number, Robot>>).catch(() => undefined);
    const robot = byId?.get(id);
    if (robot) return l.written.has(id) ? undefined : robot;
  }
  return undefined;
}
