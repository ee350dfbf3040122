// What one resource costs in the checkpoint, split into the serialized provider (`__provider`, in the
// inputs and again in the outputs), the secrets' ciphertext, and the rest (our own fields).
/* eslint-disable @typescript-eslint/no-explicit-any -- Pulumi's checkpoint JSON, walked ad hoc */

// Pulumi's marker for a secret value in a checkpoint.
const SECRET_SIG = "4dabf18193072939515e22adb298388d";

export interface StateBytes {
  total: number;
  provider: number;
  ciphertext: number;
  /** total − provider − ciphertext: what the ≤ 2 KB target is about. */
  rest: number;
}

/** Bytes of `resource` as stored (JSON), with the serialized provider and the ciphertexts taken out. */
export function stateBytes(resource: object): StateBytes {
  const total = JSON.stringify(resource).length;
  let provider = 0;
  let ciphertext = 0;
  const strip = (v: any): any => {
    if (Array.isArray(v)) return v.map(strip);
    if (!v || typeof v !== "object") return v;
    if (v[SECRET_SIG] !== undefined && typeof v.ciphertext === "string") {
      ciphertext += v.ciphertext.length;
      return { ...v, ciphertext: "" };
    }
    const out: Record<string, unknown> = {};
    for (const [k, value] of Object.entries(v)) {
      if (k === "__provider" && typeof value === "string") provider += value.length;
      else out[k] = strip(value);
    }
    return out;
  };
  strip(resource);
  return { total, provider, ciphertext, rest: total - provider - ciphertext };
}

/** The average over the resources of `type` in an exported stack (`pulumi stack export`). */
export function stateBytesPerResource(deployment: any, typeSuffix: string): StateBytes {
  const resources = (deployment.deployment.resources as any[]).filter((r) => r.type.endsWith(typeSuffix));
  const sum = { total: 0, provider: 0, ciphertext: 0, rest: 0 };
  for (const r of resources) {
    const b = stateBytes(r);
    for (const k of Object.keys(sum) as (keyof StateBytes)[]) sum[k] += b[k];
  }
  const n = Math.max(resources.length, 1);
  return {
    total: Math.round(sum.total / n),
    provider: Math.round(sum.provider / n),
    ciphertext: Math.round(sum.ciphertext / n),
    rest: Math.round(sum.rest / n),
  };
}
