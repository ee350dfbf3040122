// create: POST, then PATCH for a chosen secret, then PUT to start disabled (Harbor ignores both in
// POST). Crash-safe: a robot we made is deleted again when a later step fails, and a POST whose
// outcome is unknown is settled by looking the robot up, never by blindly posting twice.
import { isConflict, isOutcomeUnknown } from "../client/errors";
import type { HarborClient } from "../client/harbor-client";
import type { RobotCreateRequest } from "../client/schemas";
import { warn } from "../diagnostics";
import { harborFor } from "../harbor";
import { warnOnVersionMismatch } from "../version-check";
import { invalidate } from "../lookups";
import { durationDays } from "../model/robot-rules";
import type { CheckedRobotInputs } from "./check";
import { findRobotByName, harborFacts, resolvePermissions, toHarborPermissions } from "./harbor-robot";
import { echoedInputs, withCredentials, type RobotAccountState } from "./state";

/** The server's default robot expiration (what Harbor's own UI pre-fills), or 30 days when unreadable. */
async function defaultDuration(client: HarborClient): Promise<number> {
  try {
    return (await client.getConfigurations()).robot_token_duration?.value ?? 30;
  } catch (e) {
    warn(`could not read Harbor's default robot expiration (${(e as Error).message}); using 30 days`);
    return 30;
  }
}

type Origin = "created" | "recovered" | "takenOver";

/** POST, settling a conflict (take-over) or an unknown outcome (look up, then at most one more POST). */
async function postRobot(
  client: HarborClient,
  body: RobotCreateRequest,
  inputs: CheckedRobotInputs,
  project: string | undefined,
): Promise<{ id: number; secret?: string; origin: Origin }> {
  const lookUp = () => findRobotByName(client, body.level, body.name, project);
  try {
    const created = await client.createRobot(body);
    return { id: created.id, secret: created.secret, origin: "created" };
  } catch (e) {
    if (isConflict(e)) {
      const existing = await lookUp();
      if (!inputs.takeOver || !existing) {
        throw new Error(
          `robot "${body.name}" already exists in Harbor${existing ? ` (id ${existing.id}, ${existing.name})` : ""}. ` +
            `To manage it with Pulumi, set takeOver: true (its secret is then replaced and the old one stops working), ` +
            `or choose another name.`,
        );
      }
      warn(
        `took over the existing robot ${existing.name} (id ${existing.id}): it gets a new secret; the old one stops working`,
      );
      return { id: existing.id, origin: "takenOver" };
    }
    if (isOutcomeUnknown(e)) {
      const existing = await lookUp();
      if (existing) return { id: existing.id, origin: "recovered" };
      const created = await client.createRobot(body); // it was not created: one more try is safe
      return { id: created.id, secret: created.secret, origin: "created" };
    }
    throw e;
  }
}

export async function createRobotAccount(
  inputs: CheckedRobotInputs,
): Promise<{ id: string; outs: RobotAccountState }> {
  const { client, registry, registryUrl } = harborFor(inputs.connection);
  await warnOnVersionMismatch(client, registry, inputs.connection?.harborVersion);
  const level = inputs.level ?? "system";
  const name = inputs.name!;
  const project = level === "project" ? inputs.permissions[0]?.projects?.[0] : undefined;
  const { permissions, patternMatches } = await resolvePermissions(client, inputs.permissions);
  const fromDefault = inputs.duration === undefined;
  const duration = fromDefault ? await defaultDuration(client) : durationDays(inputs.duration!);
  const description = inputs.description ?? "";
  const body: RobotCreateRequest = {
    name,
    description,
    level,
    duration,
    permissions: toHarborPermissions(permissions),
  };

  // What the state keeps besides Harbor's facts and the secret.
  const bookkeeping = {
    name,
    ...(inputs.autoNamed ? { autoNamed: true } : {}),
    durationFromDefault: fromDefault,
    patternMatches,
    registry,
    registryUrl,
    ...echoedInputs(inputs),
  };

  const posted = await postRobot(client, body, inputs, project);
  invalidate(client);
  let step = "issuing the secret";
  try {
    // A robot we did not see created has no secret we know: issue one (or set the chosen one).
    let secret: string | undefined;
    if (inputs.secret !== undefined) {
      await client.refreshSecret(posted.id, inputs.secret);
      secret = inputs.secret;
    } else {
      secret = posted.secret || (await client.refreshSecret(posted.id));
    }
    if (!secret) throw new Error("Harbor returned no secret");

    step = "reading the robot back";
    let robot = await client.getRobot(posted.id);
    if (inputs.disabled || posted.origin !== "created") {
      step = "applying the declared state";
      const disable = inputs.disabled ?? false;
      await client.updateRobot(posted.id, { ...body, description, name: robot.name, disable });
      robot = await client.getRobot(posted.id);
    }
    const outs = withCredentials({
      ...harborFacts(robot, { durationDays: duration }),
      ...bookkeeping,
      secret,
    });
    return { id: String(posted.id), outs };
  } catch (e) {
    // Never leave a half-made robot behind; a taken-over robot was not ours to delete.
    if (posted.origin !== "takenOver") {
      try {
        await client.deleteRobot(posted.id);
      } catch (cleanup) {
        // It cannot be removed: record it in the state rather than lose track of it. No secret is
        // recorded (the next update issues one) and no connection (it holds a password, and this
        // error path may not get the secret marking that outputs get).
        const message =
          `creating robot "${name}" failed while ${step} (${(e as Error).message}), and deleting it again failed too ` +
          `(${(cleanup as Error).message}). It is kept in the Pulumi state (robot id ${posted.id}) so it is not ` +
          `lost: the next \`pulumi up\` finishes it and issues its secret, and \`pulumi destroy\` removes it.`;
        const { connection: _omitted, ...kept } = bookkeeping;
        const partial = withCredentials({
          robotId: posted.id,
          fullName: "",
          level,
          description,
          disabled: false,
          durationDays: duration,
          expiresAt: -1,
          creationTime: "",
          grantedPermissions: permissions,
          ...kept,
          secret: "",
        });
        throw Object.assign(new Error(message), {
          id: String(posted.id),
          properties: { ...partial, __provider: inputs.__provider },
          reasons: [message],
        });
      }
      throw new Error(
        `creating robot "${name}" failed while ${step}; the robot was deleted again, nothing is left behind: ${(e as Error).message}`,
      );
    }
    throw new Error(
      `taking over robot "${name}" (id ${posted.id}) failed while ${step}: ${(e as Error).message}`,
    );
  }
}
