// A file `pulumi import --file FILE` accepts, adopting every unmanaged robot of an inventory into
// the native provider (`harbor-robots:index:RobotAccount`, imported by robot id) in one command.
import type { InventoryRobot } from "../model/inventory";
import { NATIVE_PACKAGE } from "../native/config";

export const ROBOT_ACCOUNT_TYPE = `${NATIVE_PACKAGE}:index:RobotAccount`;

/** The import file's format (Pulumi's `importFile`: resources with type, name and id). */
export interface ImportFile {
  resources: Array<{ type: string; name: string; id: string }>;
}

export interface ImportPlan {
  file: ImportFile;
  /** Robots left out, and why (managed by a stack, or a legacy robot Harbor does not let anyone edit). */
  skipped: Array<{ robot: InventoryRobot; reason: string }>;
}

/**
 * A resource name from the login name: the name after the prefix (Harbor's prefixes end with "$"),
 * a project robot's `<project>+<name>` as `<project>-<name>`, in the characters Harbor names use.
 */
function resourceName(r: InventoryRobot): string {
  const afterPrefix = r.fullName.slice(r.fullName.indexOf("$") + 1);
  const name = afterPrefix
    .replace(/\+/g, "-")
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, "-")
    .replace(/^[._-]+|[._-]+$/g, "");
  return name || `robot-${r.id}`;
}

/** One entry per unmanaged, editable robot; names unique within the file (a clash gets `-<id>`). */
export function importFile(robots: InventoryRobot[]): ImportPlan {
  const skipped: ImportPlan["skipped"] = [];
  const chosen: InventoryRobot[] = [];
  for (const r of robots) {
    if (r.owner)
      skipped.push({ robot: r, reason: `managed by stack ${r.owner.stack} (${r.owner.resource})` });
    else if (!r.editable)
      skipped.push({ robot: r, reason: "a robot from before Harbor 2.2: Harbor lets no one edit it" });
    else chosen.push(r);
  }
  const counts = new Map<string, number>();
  for (const r of chosen) counts.set(resourceName(r), (counts.get(resourceName(r)) ?? 0) + 1);
  // A name read by several robots takes each one's id; a robot whose own name is such a name with an
  // id (team-a-ci-8 beside team-a+ci, id 8) keeps it, and the suffixed one takes its id again.
  const taken = new Set([...counts].filter(([, n]) => n === 1).map(([name]) => name));
  const resources = chosen.map((r) => {
    let name = resourceName(r);
    if ((counts.get(name) ?? 0) > 1) {
      do name = `${name}-${r.id}`;
      while (taken.has(name));
      taken.add(name);
    }
    return { type: ROBOT_ACCOUNT_TYPE, name, id: String(r.id) };
  });
  return { file: { resources }, skipped };
}
