// The Harbor client a provider context hands to its operations: HarborClient plus listings shared by
// every resource the provider process handles (the engine starts one provider process per operation):
// a refresh or a destroy of many robots costs a few list calls instead of one GET per robot, the
// patterns of many creates cost one project list, and the default expiration of robots declared
// without a duration one GET /configurations. Concurrent callers share ONE in-flight request: the
// listing is registered before its first request is sent.
//
// Its own writes drop what they make untrue (nothing else), so no caller has to remember to:
// - Robot writes never change projects: the project listing survives them.
// - Harbor never reuses a robot id, so a listed id keeps naming the same robot. A robot created after
//   the listing is simply absent from it; callers fall back to GET /robots/{id} on a miss (and a
//   project missing from the listing is asked for by name). createRobot drops nothing.
// - The listed fields of a robot written through this client (updateRobot, refreshSecret,
//   deleteRobot) are stale from then on: its id is struck before the request is sent (a failed write
//   may have been applied), and look-ups of it miss and ask Harbor for the rest of the client's life.
// - updateConfigurations changes the shared robot settings and, through the name prefix, every listed
//   robot's full name: the configurations and every robot listing are dropped, also when it fails.
// Listings expire TTL_MS after they arrived, so a long operation still sees projects made meanwhile.
import type { ConnectionSettings } from "./connection";
import { HarborClient, type ClientOptions, type RobotFilter } from "./harbor-client";
import type {
  Project,
  Robot,
  RobotConfigurations,
  RobotConfigurationsUpdate,
  RobotUpdateRequest,
} from "./schemas";

const TTL_MS = 10_000;

interface Listing<T> {
  /** When the answer arrived (ms); undefined while in flight, which never expires. */
  arrivedAt?: number;
  value: Promise<T>;
}

const robotListingKey = (filter: RobotFilter) =>
  filter.level === "system" ? "robots:system" : `robots:project:${filter.projectId}`;

export class CachingHarborClient extends HarborClient {
  private readonly listings = new Map<string, Listing<unknown>>();
  /** Robots written through this client: their listed fields may be stale. */
  private readonly written = new Set<number>();

  constructor(settings: ConnectionSettings, options: ClientOptions = {}) {
    super(settings, options);
  }

  private shared<T>(key: string, load: () => Promise<T>): Listing<T> {
    const hit = this.listings.get(key) as Listing<T> | undefined;
    if (hit && (hit.arrivedAt === undefined || Date.now() - hit.arrivedAt < TTL_MS)) return hit;
    const listing: Listing<T> = { value: load() };
    this.listings.set(key, listing);
    listing.value.then(
      () => (listing.arrivedAt = Date.now()),
      () => {
        // A failed listing is not remembered: the next caller asks again.
        if (this.listings.get(key) === listing) this.listings.delete(key);
      },
    );
    return listing;
  }

  /** Forgets every listing (when Harbor may have changed in ways this client cannot know). */
  forgetListings(): void {
    this.listings.clear();
  }

  /** Harbor's robot settings (name prefix, default expiration), shared like the listings. */
  robotConfigurations(): Promise<RobotConfigurations> {
    return this.shared("configurations", () => this.getConfigurations()).value;
  }

  /** Every project, from the shared listing. */
  allProjects(): Promise<Project[]> {
    return this.shared("projects", () => this.listProjects()).value;
  }

  /** A project by name: from the shared listing, else (made after it) one GET; undefined when absent. */
  async projectByName(name: string): Promise<Project | undefined> {
    return (await this.allProjects()).find((p) => p.name === name) ?? (await this.getProject(name));
  }

  /**
   * The robot with this id in the shared listing of `filter`, or undefined when it is not listed or was
   * written through this client (then ask Harbor: GET /robots/{id}).
   */
  async listedRobot(filter: RobotFilter, id: number): Promise<Robot | undefined> {
    const listing = this.shared(robotListingKey(filter), async () => {
      const byId = new Map<number, Robot>();
      for (const r of await this.listRobots(filter)) byId.set(r.id, r);
      return byId;
    });
    const robot = (await listing.value).get(id);
    return this.written.has(id) ? undefined : robot;
  }

  /**
   * The robot with this id from a robot listing this client already holds and that is still fresh
   * (arrived or in flight), without starting one; undefined when none lists it or it was written
   * through this client. Harbor's ids are unique on a server, so any level's listing answers for the id.
   */
  async heldRobot(id: number): Promise<Robot | undefined> {
    if (this.written.has(id)) return undefined;
    for (const [key, listing] of this.listings) {
      if (!key.startsWith("robots:")) continue;
      if (listing.arrivedAt !== undefined && Date.now() - listing.arrivedAt >= TTL_MS) continue;
      const byId = await (listing.value as Promise<Map<number, Robot>>).catch(() => undefined);
      const robot = byId?.get(id);
      if (robot) return this.written.has(id) ? undefined : robot;
    }
    return undefined;
  }

  override updateRobot(id: number, body: RobotUpdateRequest): Promise<void> {
    this.written.add(id);
    return super.updateRobot(id, body);
  }

  override refreshSecret(id: number, secret?: string): Promise<string | undefined> {
    this.written.add(id);
    return super.refreshSecret(id, secret);
  }

  override deleteRobot(id: number): Promise<"deleted" | "absent"> {
    this.written.add(id);
    return super.deleteRobot(id);
  }

  override async updateConfigurations(subset: RobotConfigurationsUpdate): Promise<void> {
    try {
      await super.updateConfigurations(subset);
    } finally {
      // Even a failed PUT may have been applied.
      for (const key of [...this.listings.keys()])
        if (key === "configurations" || key.startsWith("robots:")) this.listings.delete(key);
    }
  }
}
