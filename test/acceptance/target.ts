// Which Harbor the acceptance layer runs against: HARBOR_ACCEPTANCE_URL, _USERNAME and _PASSWORD (a
// system administrator of a disposable Harbor). Its own variables, not HARBOR_URL: a developer's
// HARBOR_URL may name a Harbor that must not lose its settings or robots.

export interface AcceptanceTarget {
  /** Base URL without /api/v2.0. */
  url: string;
  username: string;
  password: string;
}

export const TARGET_VARIABLES = [
  "HARBOR_ACCEPTANCE_URL",
  "HARBOR_ACCEPTANCE_USERNAME",
  "HARBOR_ACCEPTANCE_PASSWORD",
] as const;

/** What to set, printed when HARBOR_ACCEPTANCE_URL is missing. */
export const HOW_TO_SET = `The acceptance tests need a DISPOSABLE Harbor (2.2 or later) and its system administrator:

  HARBOR_ACCEPTANCE_URL=http://127.0.0.1:8380   # base URL, without /api/v2.0
  HARBOR_ACCEPTANCE_USERNAME=admin               # default admin
  HARBOR_ACCEPTANCE_PASSWORD=Harbor12345          # required

They create and delete robots and projects named acc-<run>-..., and change the robot name prefix
and the default robot expiration of that Harbor (and put them back). See docs/contributing.md, "Acceptance tests".`;

/** The target from the environment, or an error saying what to set. */
export function acceptanceTarget(env: NodeJS.ProcessEnv = process.env): AcceptanceTarget {
  const url = env.HARBOR_ACCEPTANCE_URL?.trim();
  const password = env.HARBOR_ACCEPTANCE_PASSWORD;
  const missing = [!url && "HARBOR_ACCEPTANCE_URL", !password && "HARBOR_ACCEPTANCE_PASSWORD"].filter(
    Boolean,
  );
  if (!url || !password) throw new Error(`${missing.join(" and ")} not set.\n\n${HOW_TO_SET}`);
  return {
    url: url.replace(/\/+$/, "").replace(/\/api\/v2\.0$/, ""),
    username: env.HARBOR_ACCEPTANCE_USERNAME?.trim() || "admin",
    password,
  };
}

/**
 * HARBOR_URL, _USERNAME and _PASSWORD for a stack, the demo or the CLI, and HARBOR_VERSION: the
 * release the preview validates against, set to the target's as docs/configuration.md asks a user to.
 */
export function harborEnvOf(target: AcceptanceTarget, harborVersion: string): Record<string, string> {
  return {
    HARBOR_URL: target.url,
    HARBOR_USERNAME: target.username,
    HARBOR_PASSWORD: target.password,
    HARBOR_VERSION: harborVersion,
  };
}
