// `pulumi import`: the engine calls Read with the id the user gave and no state. Everything the
// state and the inputs need is rebuilt from Harbor, on the registry this provider is configured
// for, so that the next preview shows no change but the one that must happen: Harbor never returns
// a robot's secret, so an imported robot has none in the state and the next `up` issues one. The
// description is the declared one (the owner mark stripped); importing adopts a marked robot.
import type { ProviderContext } from "../context";
import { harborFor } from "../harbor";
import { redactUrl, sameRegistry } from "../client/connection";
import { isNotFound } from "../client/errors";
import type { PermissionEntry, AccessItem } from "../model/robot-account";
import type { NormalizedPermission } from "../model/permissions";
import { harborFacts } from "../robot-account/harbor-robot";
import { describeOwner, ownerInput, parseOwnerMark } from "../model/owner-mark";
import { grantsOf } from "../robot-account/grants";
import { echoedInputs, type RobotAccountState } from "../robot-account/state";
import type { CheckedRobotInputs } from "../robot-account/check";
import { readSettings, valuesOf } from "../robot-settings/harbor-settings";
import type { RobotSettingsState } from "../robot-settings/state";
import type { CheckedSettingsInputs } from "../robot-settings/check";

export interface Imported<S, I> {
  state: S;
  inputs: I;
}

/** Harbor's grants as declared entries: one per namespace, access as "resource:action" pairs. */
export function entriesOf(granted: NormalizedPermission[]): PermissionEntry[] {
  return granted.map((p) => {
    const access: AccessItem[] = p.access.map((a) =>
      a.effect === "deny"
        ? { resource: a.resource, action: a.action, effect: "deny" }
        : `${a.resource}:${a.action}`,
    );
    if (p.namespace === "/") return { scope: "system", access };
    if (p.namespace === "*") return { scope: "allProjects", access };
    return { projects: [p.namespace], access };
  });
}

/** The short name Harbor was given: the full name without the prefix (and project). */
function shortName(fullName: string, level: string, prefix: string | undefined): string {
  if (level === "project") return fullName.slice(fullName.lastIndexOf("+") + 1);
  if (prefix && fullName.startsWith(prefix)) return fullName.slice(prefix.length);
  // The prefix changed since this robot was made: Harbor's prefixes end with "$" by convention.
  return fullName.slice(fullName.indexOf("$") + 1);
}

export async function importRobotAccount(
  ctx: ProviderContext,
  id: string,
): Promise<Imported<RobotAccountState, CheckedRobotInputs>> {
  const robotId = Number(id);
  if (!/^\d+$/.test(id) || !Number.isSafeInteger(robotId))
    throw new Error(
      `import id ${JSON.stringify(redactUrl(id))}: a RobotAccount is imported by Harbor's numeric robot id`,
    );
  const { client, registryUrl } = harborFor(ctx, undefined);
  let robot;
  try {
    robot = await client.getRobot(robotId);
  } catch (e) {
    if (isNotFound(e))
      throw new Error(`there is no robot with id ${robotId} on ${registryUrl}; nothing was imported`);
    throw e;
  }
  const facts = harborFacts(robot, { durationDays: robot.duration ?? -1 });
  const prefix = facts.level === "system" ? valuesOf(await readSettings(client)).namePrefix : undefined;
  const name = shortName(facts.fullName, facts.level, prefix);
  const inputs: CheckedRobotInputs = {
    name,
    ...(facts.description ? { description: facts.description } : {}),
    ...(facts.level === "project" ? { level: "project" } : {}),
    duration: facts.durationDays === -1 ? "never" : facts.durationDays,
    ...(facts.disabled ? { disabled: true } : {}),
    permissions: entriesOf(grantsOf(facts)),
  };
  // Importing adopts the robot, like takeOver: the state expects the mark it has now, so the next
  // update (which issues the secret) proves it and marks it as this resource's.
  const marked = parseOwnerMark(robot.description);
  ctx.warnings.warn(
    `robot ${facts.fullName} (id ${robotId}) imported from ${registryUrl}. Harbor never returns a robot's secret, so ` +
      `the state holds none: the next \`pulumi up\` issues a new secret (the robot's current secret stops working)` +
      (marked
        ? ` and marks it as this resource's: it was managed by Pulumi ${describeOwner(marked)}, whose next refresh drops it.`
        : "."),
  );
  const state: RobotAccountState = {
    ...facts,
    name,
    registryUrl,
    ...echoedInputs(inputs),
    ...(marked ? { owner: ownerInput(marked) } : {}),
    secret: "",
  };
  return { state, inputs };
}

/** RobotSettings are imported by their registry: a URL, host[:port], or the id create gives them. */
export async function importRobotSettings(
  ctx: ProviderContext,
  id: string,
): Promise<Imported<RobotSettingsState, CheckedSettingsInputs>> {
  const { client, registry, registryUrl } = harborFor(ctx, undefined);
  const named = id.replace(/^robot-settings@/, "");
  const asUrl = /^[a-z][a-z0-9+.-]*:\/\//i.test(named) ? named : `https://${named}`;
  if (!sameRegistry(asUrl, registryUrl) && named !== registry) {
    throw new Error(
      `import id ${JSON.stringify(redactUrl(id))} names another registry than the one this provider is configured for ` +
        `(${registryUrl}); configure harbor-robots:url (or HARBOR_URL) for that registry, nothing was imported`,
    );
  }
  const inForce = valuesOf(await readSettings(client));
  const inputs: CheckedSettingsInputs = { ...inForce };
  const state: RobotSettingsState = {
    ...inForce,
    managed: Object.keys(inForce) as RobotSettingsState["managed"],
    // An import writes nothing, so the values it finds are Harbor's, never ours: destroying the
    // resource puts them back, as long as the values in force are still the ones it wrote last (at
    // import, those it found).
    previous: { ...inForce },
    written: { ...inForce },
    notRestored: {},
    restoreOnDelete: true,
    registry,
    registryUrl,
    inputKeys: Object.keys(inputs).sort(),
  };
  return { state, inputs };
}
