// Robots that take something from Harbor's robot settings wait for the RobotSettings of the same
// program that change it, on the same registry. Without that, the engine runs them in parallel:
// - a robot declared without `duration` gets Harbor's default expiration at create time, so it got the
//   old or the new `defaultExpirationDays` depending on which step the engine happened to run first;
// - a robot's full name carries the prefix in force, so a robot created while `namePrefix` changed got
//   either prefix, and robots that exist already kept the old name in their outputs until a refresh.
// So a robot without `duration` depends on the RobotSettings that manage `defaultExpirationDays`, and a
// robot without `namePrefix` takes `namePrefix` from the RobotSettings that manage it (a dependency
// too, and an in-place update of existing robots whose login changes, as an explicit
// `namePrefix: settings.namePrefix` does).
//
// What cannot be seen: RobotSettings in another program or stack, or declared after the program first
// waits on I/O (a timer, a network call) following the robot's declaration: declarations are collected
// until the program's current turn ends (setImmediate). For those, set `duration` / `namePrefix` or
// `dependsOn` yourself.
import * as pulumi from "@pulumi/pulumi";
import { registryKey } from "../provider/client/connection";

type Setting = "namePrefix" | "defaultExpirationDays";

interface DeclaredSettings {
  resource: pulumi.Resource;
  manages: Record<Setting, boolean>;
  registry: Registry;
  namePrefix: pulumi.Output<string>;
  /** Resources the settings were told to depend on: a robot among them must not wait for them. */
  dependsOn: unknown;
}

// One list per program run (the Automation API can run several programs in one process); the stack
// resource is the run's identity. Under mocks there may be none: one list for the process then.
const outsideAStack = {};
const declaredByRun = new WeakMap<object, DeclaredSettings[]>();

function declaredInThisRun(): DeclaredSettings[] {
  const run = pulumi.runtime.getStackResource() ?? outsideAStack;
  let list = declaredByRun.get(run);
  if (!list) declaredByRun.set(run, (list = []));
  return list;
}

interface ConnectionLike {
  url?: unknown;
}

/**
 * The config namespace of the provider serving a resource: `harbor` (the dynamic provider) or
 * `harbor-robots` (the native one); a resource that names no registry uses that namespace's `url`.
 */
export type ConfigNamespace = "harbor" | "harbor-robots";

/** A registry as compared here: a registry key, `default:<namespace>`, or undefined (not known here). */
type Registry = string | undefined;

const urlKey = (url: unknown): Registry => (typeof url === "string" ? (registryKey(url) ?? url) : undefined);

/** The registry of each native provider resource of the program (its `url` input). */
const providerRegistries = new WeakMap<pulumi.ProviderResource, Registry>();

/** Called by the native Provider: robots and settings given it as `provider` are on its registry. */
export function declareProvider(provider: pulumi.ProviderResource, url: unknown): void {
  providerRegistries.set(provider, url === undefined ? "default:harbor-robots" : urlKey(url));
}

/**
 * Which registry a resource is on: its `connection.url`, else its explicit native provider's, else its
 * namespace's default. Undefined when that is not a plain value here (an Output, a promise), or when a
 * native resource may inherit a provider from its parent.
 */
function registryOf(connection: unknown, ns: ConfigNamespace, opts?: pulumi.CustomResourceOptions): Registry {
  if (connection !== undefined && connection !== null) {
    if (
      typeof connection !== "object" ||
      pulumi.Output.isInstance(connection) ||
      connection instanceof Promise
    )
      return undefined;
    const url = (connection as ConnectionLike).url;
    if (url !== undefined) return urlKey(url);
  }
  if (ns === "harbor-robots" && opts?.provider) return providerRegistries.get(opts.provider);
  if (ns === "harbor-robots" && opts?.parent) return undefined;
  return `default:${ns}`;
}

/** A namespace's default registry as this program sees it (stack config, then the environment). */
function resolveDefault(r: Registry): Registry {
  if (!r?.startsWith("default:")) return r;
  const url = new pulumi.Config(r.slice("default:".length)).get("url") ?? process.env.HARBOR_URL;
  return url ? registryKey(url) : undefined;
}

/** Whether two registries are the same, differ, or cannot be told apart here. */
function relation(a: Registry, b: Registry): "same" | "different" | "unknown" {
  if (a !== undefined && a === b) return "same";
  const [ra, rb] = [resolveDefault(a), resolveDefault(b)];
  if (ra === undefined || rb === undefined) return "unknown";
  return ra === rb ? "same" : "different";
}

function dependsOnResource(dependsOn: unknown, resource: pulumi.Resource | undefined): boolean {
  if (resource === undefined) return false;
  return Array.isArray(dependsOn) ? dependsOn.includes(resource) : dependsOn === resource;
}

/** Called by RobotSettings: makes it visible to the robots of this program run. */
export function declareSettings(
  resource: pulumi.Resource & { namePrefix: pulumi.Output<string> },
  args: { namePrefix?: unknown; defaultExpirationDays?: unknown; connection?: unknown },
  opts: pulumi.CustomResourceOptions | undefined,
  ns: ConfigNamespace = "harbor",
): void {
  declaredInThisRun().push({
    resource,
    manages: {
      namePrefix: args.namePrefix !== undefined,
      defaultExpirationDays: args.defaultExpirationDays !== undefined,
    },
    registry: registryOf(args.connection, ns, opts),
    namePrefix: resource.namePrefix,
    dependsOn: opts?.dependsOn,
  });
}

/** After the program's current turn: RobotSettings declared later in it are seen too. */
const afterDeclarations = () => new Promise<void>((resolve) => setImmediate(resolve));

interface SettingsOrder {
  /** Extra `dependsOn` for the robot (resolves to the RobotSettings it waits for). */
  dependsOn: Promise<pulumi.Resource[]>;
  /** The `namePrefix` input when the robot has none: the managing RobotSettings' prefix, if any. */
  namePrefix?: Promise<pulumi.Output<string> | undefined>;
  /** Call once the robot exists (a RobotSettings that depends on it must not be waited for). */
  bind(robot: pulumi.Resource): void;
}

/**
 * What a robot with these arguments waits for: the RobotSettings of this run, on its registry, that
 * manage the default expiration (when it has no plain `duration`) or the prefix (when it has no
 * `namePrefix`).
 */
function settingsOrder(
  args: { duration?: unknown; namePrefix?: unknown; connection?: unknown },
  opts?: pulumi.CustomResourceOptions,
  ns: ConfigNamespace = "harbor",
): SettingsOrder {
  const run = declaredInThisRun();
  const registry = registryOf(args.connection, ns, opts);
  // A plain number or "never" does not read Harbor's default; an Output or a promise may.
  const usesDefault = typeof args.duration !== "number" && args.duration !== "never";
  const followsPrefix = args.namePrefix === undefined;
  let robot: pulumi.Resource | undefined;
  // Waiting for settings that may be on the same registry costs only a little parallelism; taking the
  // prefix of another registry's settings would be wrong, so the prefix comes only from the same one.
  const relevant = afterDeclarations().then(() =>
    run
      .filter((s) => !dependsOnResource(s.dependsOn, robot))
      .map((s) => ({ s, registry: relation(registry, s.registry) }))
      .filter(
        ({ s, registry: r }) =>
          r !== "different" &&
          ((usesDefault && s.manages.defaultExpirationDays) || (followsPrefix && s.manages.namePrefix)),
      ),
  );
  return {
    dependsOn: relevant.then((found) => found.map(({ s }) => s.resource)),
    ...(followsPrefix
      ? {
          namePrefix: relevant.then(
            (found) =>
              found.filter(({ s, registry: r }) => r === "same" && s.manages.namePrefix).pop()?.s.namePrefix,
          ),
        }
      : {}),
    bind: (r) => {
      robot = r;
    },
  };
}

/**
 * A robot's properties and options with its settings order applied (see settingsOrder): the
 * managing RobotSettings' `namePrefix` when the robot has none, and a `dependsOn` on the settings it
 * waits for beside the caller's own. Call `bind` once the robot exists.
 */
export function orderedAfterSettings(
  args: { duration?: unknown; namePrefix?: unknown; connection?: unknown },
  props: Record<string, unknown>,
  opts: pulumi.CustomResourceOptions | undefined,
  ns: ConfigNamespace = "harbor",
): {
  props: Record<string, unknown>;
  opts: pulumi.CustomResourceOptions;
  bind(robot: pulumi.Resource): void;
} {
  const order = settingsOrder(args, opts, ns);
  return {
    props: order.namePrefix ? { ...props, namePrefix: order.namePrefix } : props,
    opts: { ...opts, dependsOn: [opts?.dependsOn, order.dependsOn] as pulumi.Input<pulumi.Resource>[] },
    bind: order.bind,
  };
}
