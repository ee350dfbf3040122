// Secret drift: Harbor never returns a secret, so a secret refreshed outside Pulumi (Harbor's "Refresh
// Secret" button, another tool) is invisible to a plain refresh while every consumer of the outputs
// breaks. When asked to (verifySecret / harbor:verifySecrets / HARBOR_VERIFY_SECRETS), refresh proves
// the stored secret with one login request; a rejected secret is recorded in the state, shown at the
// next preview as a planned re-issue, and re-issued by `pulumi up` (update.ts).
//
// The login: GET /users/current as the robot, on the registry the robot lives on only (the client
// read.ts got from the stored registry; `as` keeps its origin), and never logged: the transport
// scrubs the password it sent (here the robot secret) from every error message. 412 = a valid robot
// on every release (the version in /systeminfo proves nothing up to 2.12); 401 = rejected.
import { parseBool } from "../client/connection";
import type { HarborClient } from "../client/harbor-client";
import type { SettingNames } from "../client/setting-names";
import type { ProviderContext } from "../context";
import { stackConfigKey } from "../model/provider-config";
import type { ConfigSource } from "../runtime-config";
import type { CheckedRobotInputs } from "./check";
import { isoTime } from "./renewal";
import type { RobotAccountState } from "./state";

/**
 * Logins checked at once by a provider process (its context's limiter): the engine refreshes many
 * robots in parallel, and each robot login costs Harbor a PBKDF2 hash of the secret, so a large stack
 * must not hit it at once.
 */
export const MAX_CONCURRENT_CHECKS = 4;

/**
 * The resource's own choice, else config verifySecrets (stack config harbor:verifySecrets), else
 * HARBOR_VERIFY_SECRETS, else off. `names`: how a refused value's message names the config key.
 */
export function verifySecretsEnabled(
  state: Pick<RobotAccountState, "verifySecret">,
  config: ConfigSource | undefined,
  env: NodeJS.ProcessEnv,
  names: SettingNames,
): boolean {
  if (state.verifySecret !== undefined) return state.verifySecret;
  const fromConfig = config?.get(stackConfigKey("verifySecrets"));
  if (fromConfig) return parseBool(fromConfig, names.place("verifySecrets"));
  const fromEnv = env.HARBOR_VERIFY_SECRETS;
  if (fromEnv) return parseBool(fromEnv, "environment HARBOR_VERIFY_SECRETS");
  return false;
}

/**
 * The refreshed state with the secret check's finding: `secretRejectedAt` set when Harbor rejects the
 * secret, dropped when it accepts it. A robot that cannot log in anyway (disabled, expired) and a check
 * that fails (network, 5xx) leave the state as it is; an expired robot and a failed check are warned
 * about. A disabled robot is not: Harbor refuses its every login, so a check would prove nothing, and
 * a robot declared disabled would otherwise warn on every refresh. If it was disabled outside Pulumi,
 * the preview shows that drift as a `disabled` change; the update that enables it again proves the
 * secret (rejectedOnReenable below), and so does every verified refresh after.
 */
export async function checkStoredSecret(
  ctx: ProviderContext,
  client: HarborClient,
  state: RobotAccountState,
  nowSeconds = Date.now() / 1000,
): Promise<RobotAccountState> {
  if (
    !verifySecretsEnabled(state, ctx.settings.stackConfig, ctx.settings.env, ctx.settings.names) ||
    !state.secret
  )
    return state; // no secret: diff already plans one
  const robot = `robot ${state.fullName}`;
  if (state.disabled) return state; // no login to prove, nothing to warn about (above)
  if (state.expiresAt !== -1 && state.expiresAt <= nowSeconds) {
    ctx.warnings.warn(
      `${robot} expired at ${isoTime(state.expiresAt)} (Harbor counts its duration of ${state.durationDays} days from ` +
        `its creation), so it cannot log in: its secret was not checked. Set renewBeforeDays to renew it in ` +
        "place, or raise its duration.",
    );
    return state;
  }
  let accepted: boolean;
  try {
    // One attempt more at most: a refresh must not wait long on a check that changes nothing when it fails.
    accepted = await ctx.memory.secretChecks(() =>
      client.as(state.fullName, state.secret, { retries: 1 }).authenticates(),
    );
  } catch (e) {
    ctx.warnings.warn(
      `${robot}: could not check its secret (${(e as Error).message}); its state is kept as it was.`,
    );
    return state;
  }
  const { secretRejectedAt: _previous, ...rest } = state;
  if (accepted) return rest;
  const found = state.secretRejectedAt ?? isoTime(nowSeconds);
  ctx.warnings.warn(
    `${robot}: Harbor rejects the secret in the Pulumi state (checked ${found}): it was changed outside ` +
      "Pulumi (e.g. Refresh Secret in Harbor). The next `pulumi up` gives it a new secret and updates the outputs.",
  );
  return { ...rest, secretRejectedAt: found };
}

/**
 * At the update that enables a disabled robot, with verification on: nothing could prove its secret
 * while it was disabled (Harbor refuses every login then), and a secret changed meanwhile would leave
 * the re-enabled robot with outputs that do not log in. So it is proven now, once (after the PUT that
 * enabled it, under its name then): true when Harbor rejects it, and this update issues it again. An
 * expired robot, a secret already found rejected, and a check that fails (warned) give false.
 */
export async function rejectedOnReenable(
  ctx: ProviderContext,
  client: HarborClient,
  olds: RobotAccountState,
  news: Pick<CheckedRobotInputs, "disabled" | "verifySecret">,
  after: { fullName: string; expiresAt: number },
  nowSeconds = Date.now() / 1000,
): Promise<boolean> {
  const reenabled = olds.disabled && !(news.disabled ?? false);
  if (
    !reenabled ||
    !olds.secret ||
    secretRejected(olds) ||
    !verifySecretsEnabled(news, ctx.settings.stackConfig, ctx.settings.env, ctx.settings.names)
  )
    return false;
  if (after.expiresAt !== -1 && after.expiresAt <= nowSeconds) return false;
  const robot = `robot ${after.fullName}`;
  try {
    if (
      await ctx.memory.secretChecks(() =>
        client.as(after.fullName, olds.secret, { retries: 1 }).authenticates(),
      )
    )
      return false;
  } catch (e) {
    ctx.warnings.warn(
      `${robot} was enabled again, but its secret could not be checked (${(e as Error).message}).`,
    );
    return false;
  }
  ctx.warnings.warn(
    `${robot} was enabled again, and Harbor rejects the secret in the Pulumi state: it was changed while the ` +
      "robot was disabled. This update gives it a new secret (or sets the declared one again); the outputs follow.",
  );
  return true;
}

/** Whether update must issue the secret again (a refresh found the stored one rejected). */
export function secretRejected(state: Pick<RobotAccountState, "secretRejectedAt">): boolean {
  return state.secretRejectedAt !== undefined;
}

/** The preview's words for a rejected secret: what was found, and what `pulumi up` will do. */
export function secretDriftNote(olds: RobotAccountState, news: CheckedRobotInputs): string | undefined {
  if (!secretRejected(olds)) return undefined;
  const plan =
    news.secret !== undefined
      ? "sets the declared `secret` on it again"
      : "has Harbor issue a new secret (the rejected one is never used again)";
  return (
    `robot ${olds.fullName}: a refresh (${olds.secretRejectedAt}) found that Harbor rejects the secret in the ` +
    `Pulumi state, so it was changed outside Pulumi. \`pulumi up\` ${plan}; the outputs secret, credentialsJson ` +
    "and dockerConfigJson follow."
  );
}
