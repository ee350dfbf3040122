// The RobotAccount state (the dynamic resource's outputs). `diff` works from this alone, so it keeps
// both what Harbor holds and the inputs that produced it.
import type { ConnectionInput } from "../model/connection";
import type { z } from "zod";
import type { robotAccountStoredOutputs } from "../model/outputs";
import type { PatternMatches } from "../model/permissions";
import type { StoredGrants } from "./grants";
import { ownerFromInput, type RobotOwner } from "../model/owner-mark";

/**
 * Fields that states written by earlier releases carry and this one no longer writes: the credential
 * outputs (derived now, see credentials.ts), `registry` (host[:port] of registryUrl) and
 * `durationFromDefault` (an absent `duration` says it). Every handler that rewrites a state drops
 * them (`withoutLegacy`); `registry` is still read when a state has no registryUrl.
 */
export interface LegacyStateFields {
  credentialsJson?: string;
  dockerConfigJson?: string;
  durationFromDefault?: boolean;
  /** host[:port] of the registry; the only record of it in states from before registryUrl. */
  registry?: string;
}

export const LEGACY_STATE_FIELDS = [
  "credentialsJson",
  "dockerConfigJson",
  "durationFromDefault",
  "registry",
] as const;

/** The stored outputs (see model/outputs.ts) plus what diff, read and delete need. */
export type RobotAccountState = z.infer<typeof robotAccountStoredOutputs> &
  StoredGrants &
  LegacyStateFields & {
    autoNamed?: boolean;
    /**
     * What each glob pattern matched when projects were last listed (create, update, refresh). Absent
     * when the permissions name no pattern (most robots): readers take a missing one as `{}`.
     */
    patternMatches?: PatternMatches;
    /**
     * The normalized URL of the registry the robot lives on (scheme, host[:port], path prefix). Read,
     * update and delete act only there; absent in states written before it was recorded (they have
     * `registry`).
     */
    registryUrl?: string;
    /** The trigger as declared (string, number or boolean); compared as text. */
    rotationTrigger?: string | number | boolean;
    /**
     * The declared inputs that the state cannot show by itself (description, level, disabled,
     * secret: their fields exist either way), so refresh can hand the engine the inputs back; every
     * input in ECHOED_INPUTS counts as declared when the state has it. States of 0.1 list every
     * declared input here, which reads the same.
     */
    inputKeys?: string[];
    /**
     * The owner mark this state expects Harbor to show ("<organization>/<project>/<stack>/<resource>",
     * see model/owner-mark.ts): the owner the last create or update wrote, or the one an import found.
     * Absent in states of earlier releases, whose robots carry no mark until their next update.
     */
    owner?: string;
    /** Set by the SDK of earlier releases for robots without a name (their owner, in two parts). */
    autoNameBase?: string;
    autoNameScope?: string;
    /** Echoed so delete and refresh can reach the same registry (it stays a secret). */
    connection?: ConnectionInput;
    namePrefix?: string;
    takeOver?: boolean;
    /** Echoed so that refresh knows whether to prove the secret (see secret-check.ts). */
    verifySecret?: boolean;
    /** Echoed with the other inputs (renewal itself is planned from the program's inputs). */
    renewBeforeDays?: number;
    /** Echoed so refresh hands it back (it only silences preview warnings, see model/least-privilege.ts). */
    broadAccessReason?: string;
    /** When a refresh found that Harbor rejects the stored secret (ISO time); the next update re-issues it. */
    secretRejectedAt?: string;
    /** Days from creation to the last renewal: Harbor's duration is the declared one plus these (renewal.ts). */
    renewalOffsetDays?: number;
  };

/** The state without the fields earlier releases stored and this one derives (LegacyStateFields). */
export function withoutLegacy<T extends LegacyStateFields>(s: T): Omit<T, keyof LegacyStateFields> {
  const out: Record<string, unknown> = { ...(s as object) };
  for (const k of LEGACY_STATE_FIELDS) delete out[k];
  return out as Omit<T, keyof LegacyStateFields>;
}

/** Rotation triggers may be any scalar; compare them as strings. */
export function triggerText(value: unknown): string | undefined {
  return value === undefined || value === null ? undefined : String(value);
}

/**
 * Inputs the state holds under their own name exactly when they were declared (name and permissions
 * always are): the state shows by itself that they were, so inputKeys need not list them.
 */
export const ECHOED_INPUTS = [
  "name",
  "permissions",
  "autoNamed",
  "duration",
  "rotationTrigger",
  "connection",
  "namePrefix",
  "takeOver",
  "owner",
  "autoNameBase",
  "autoNameScope",
  "verifySecret",
  "renewBeforeDays",
  "broadAccessReason",
] as const;

/**
 * The state without the inputs it echoes (ECHOED_INPUTS, but `name`, which the state always holds):
 * an update echoes the new inputs, so an input no longer declared must not stay behind.
 */
export function withoutEchoedInputs<T extends object>(s: T): T {
  const out = { ...s } as Record<string, unknown>;
  for (const k of ECHOED_INPUTS) if (k !== "name") delete out[k];
  return out as T;
}

/** The echoed inputs an update or create writes (`name`, which the state always holds, apart). */
type EchoedInput = Exclude<(typeof ECHOED_INPUTS)[number], "name">;

/** When each echoed input is stored: when declared (not undefined), but for these. */
const ECHOED_WHEN: Partial<Record<EchoedInput, (value: unknown) => boolean>> = {
  // The required input, always.
  permissions: () => true,
  // Only an auto-named robot says so.
  autoNamed: (value) => value === true,
  // A trigger is a scalar, compared as text (triggerText); anything else is not stored.
  rotationTrigger: (value) => ["string", "number", "boolean"].includes(typeof value),
  connection: (value) => !!value,
};

/** The inputs the state echoes, so diff, read and delete can work from the state alone. */
export function echoedInputs(
  inputs: Pick<RobotAccountState, "permissions"> &
    Partial<Pick<RobotAccountState, Exclude<EchoedInput, "permissions" | "rotationTrigger">>> & {
      rotationTrigger?: unknown;
    },
): Pick<RobotAccountState, EchoedInput | "inputKeys"> {
  const given = inputs as Record<string, unknown>;
  const echoed: readonly string[] = ECHOED_INPUTS;
  const declared = (k: string) => given[k] !== undefined && k !== "__provider" && !echoed.includes(k);
  // The declared entries and duration, in the inputs' own shape: an output that shares an input's
  // name must share its shape, or every preview shows a false change.
  const out: Record<string, unknown> = {};
  for (const key of ECHOED_INPUTS) {
    if (key === "name") continue;
    const stored = ECHOED_WHEN[key] ?? ((value: unknown) => value !== undefined);
    if (stored(given[key])) out[key] = given[key];
  }
  out.inputKeys = Object.keys(inputs).filter(declared).sort();
  return out as Pick<RobotAccountState, EchoedInput | "inputKeys">;
}

/**
 * The owner mark this state expects on its robot: `owner`, or for a robot without a name from an
 * earlier release the autoNameScope/autoNameBase its SDK sent (the same two parts). Undefined for a
 * named robot of an earlier release: its robot carries no mark of ours.
 */
export function storedOwner(
  s: Pick<RobotAccountState, "owner" | "autoNameBase" | "autoNameScope">,
): RobotOwner | undefined {
  if (s.owner !== undefined) return ownerFromInput(s.owner);
  if (s.autoNameScope === undefined || !s.autoNameBase) return undefined;
  return { stack: s.autoNameScope, resource: s.autoNameBase };
}

/** The state's `patternMatches` field: stored only when the permissions name a pattern (19 B saved per robot). */
export function storedPatternMatches(patternMatches: PatternMatches): { patternMatches?: PatternMatches } {
  return Object.keys(patternMatches).length > 0 ? { patternMatches } : {};
}
