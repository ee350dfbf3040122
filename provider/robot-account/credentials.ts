// The credential outputs, credentialsJson and dockerConfigJson, are derived from facts the state
// already holds (id, full name, secret, times, registry) instead of being stored: two more
// ciphertexts per robot made the state a third larger and cost the engine CPU at every checkpoint.
// The TypeScript SDK derives them in the program (sdk/robot-account.ts), the native provider on its
// way out (native/provider.ts), both with these functions. No imports: the SDK loads this module.

/** What the credential outputs are made of. `registry` only in states written before 0.2 (legacy). */
export interface CredentialFacts {
  robotId: number;
  fullName: string;
  secret: string;
  creationTime: string;
  expiresAt: number;
  /** The normalized registry URL (scheme://host[:port][/prefix]). */
  registryUrl?: string;
  /** host[:port], stored by earlier releases (before registryUrl existed, the only record). */
  registry?: string;
}

export interface CredentialOutputs {
  credentialsJson: string;
  dockerConfigJson: string;
}

/** Like the JSON file Harbor's UI offers when a robot is created. */
export function credentialsJson(s: Omit<CredentialFacts, "registryUrl" | "registry">): string {
  return JSON.stringify({
    id: s.robotId,
    name: s.fullName,
    secret: s.secret,
    creation_time: s.creationTime,
    expires_at: s.expiresAt,
  });
}

/** A ready `.dockerconfigjson` for an image pull secret. */
export function dockerConfigJson(registry: string, username: string, password: string): string {
  const auth = Buffer.from(`${username}:${password}`).toString("base64");
  return JSON.stringify({ auths: { [registry]: { username, password, auth } } });
}

/**
 * host[:port] of the robot's registry, the key of `auths`. registryUrl is stored normalized (default
 * ports left out), so its URL host is what registryHost() gave; older states stored it as `registry`.
 */
export function registryOf(s: Pick<CredentialFacts, "registryUrl" | "registry">): string {
  return s.registryUrl ? new URL(s.registryUrl).host : (s.registry ?? "");
}

export function credentialOutputs(s: CredentialFacts): CredentialOutputs {
  return {
    credentialsJson: credentialsJson(s),
    dockerConfigJson: dockerConfigJson(registryOf(s), s.fullName, s.secret),
  };
}
