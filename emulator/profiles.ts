// Everything that differs between the emulated Harbor releases, in one place, so handlers ask the
// profile instead of comparing version strings.

import { PERMISSION_TABLES, type PermissionTable } from "./profile-permissions";

export type HarborVersionProfile = "2.15" | "2.10";

export interface Profile {
  readonly name: HarborVersionProfile;
  /** `harbor_version` of GET /systeminfo. */
  readonly harborVersion: string;
  /**
   * Up to 2.12 GET /systeminfo shows `harbor_version` to anonymous callers too; 2.13 moved it into
   * the part only authenticated callers see (measured on real v2.10.3 and v2.15.2).
   */
  readonly anonymousVersion: boolean;
  readonly permissions: PermissionTable;
  /**
   * v2.11+ rejects duration 0; up to v2.10 it meant "use robot_token_duration".
   * The same switch decides PUT: v2.11+ keeps the duration when it is null/omitted, v2.10 reads
   * null/omitted as 0 and so resets it to the configured default.
   */
  readonly zeroDurationMeansDefault: boolean;
  /** creator_type / creator_ref exist since v2.12. */
  readonly creatorFields: boolean;
  /**
   * GET /robots in v2.10.3: `Level=system` does not restrict the listing to system robots (only a
   * missing Level does), so project robots are listed too unless ProjectID says otherwise; and
   * `Level=project` takes any integer ProjectID (0: system robots), else 400 "Project ID must be int
   * type.". v2.15.2 lists system robots only for `Level=system` and wants a positive ProjectID.
   * (Measured on real v2.10.3 and v2.15.2.)
   */
  readonly looseRobotListLevels: boolean;
  /** GET /ping with `Accept: application/json`: 422 in v2.10.3 (text/plain only), "Pong" in v2.15.2. */
  readonly pingOnlyTextPlain: boolean;
  /** The 403 message for a session write without a CSRF token (measured; gorilla/csrf's wording). */
  readonly csrfNoTokenMessage: string;
}

export const PROFILES: Record<HarborVersionProfile, Profile> = {
  "2.15": {
    name: "2.15",
    harborVersion: "v2.15.2-080b0220",
    anonymousVersion: false,
    permissions: PERMISSION_TABLES["2.15"],
    zeroDurationMeansDefault: false,
    creatorFields: true,
    looseRobotListLevels: false,
    pingOnlyTextPlain: false,
    csrfNoTokenMessage: "CSRF token not found in request",
  },
  "2.10": {
    name: "2.10",
    harborVersion: "v2.10.3-c8c11b46",
    anonymousVersion: true,
    permissions: PERMISSION_TABLES["2.10"],
    zeroDurationMeansDefault: true,
    creatorFields: false,
    looseRobotListLevels: true,
    pingOnlyTextPlain: true,
    csrfNoTokenMessage: "CSRF token invalid",
  },
};

export function profileFor(version: string | undefined): Profile {
  const name = version ?? "2.15";
  if (name !== "2.15" && name !== "2.10")
    throw new Error(`unknown Harbor version profile "${name}" (use 2.15 or 2.10)`);
  return PROFILES[name];
}
