// The owner mark: who manages a robot, kept in Harbor itself. Harbor stores no labels on robots, so
// every create and update appends the owner to the robot's description, the one free field Harbor
// stores and shows with the robot (its UI lists it next to the name):
//
//   <declared description> [managed by Pulumi: stack "acme/platform/prod", resource "ci"]
//
// - `stack` is "<organization>/<project>/<stack>" (the organization is empty when the program did not
//   say: the engine tells a resource plugin no organization, see docs/design.md "Identity"), `resource`
//   the Pulumi resource name. Both are JSON strings with every character outside printable ASCII
//   escaped (\uXXXX), so the mark is ASCII and parses back exactly whatever the names hold.
// - One space separates it from a non-empty declared description; an empty one is the mark alone.
// - A declared description may not contain the mark's opening (`[managed by Pulumi:`), so the mark is
//   always the last one and stripping it gives the declared description back exactly.
// - Harbor keeps at most MAX_DESCRIPTION characters (Unicode code points: a PostgreSQL varchar(1024),
//   with no check in the API, so a longer one fails with a 500): the mark's length comes off that.
//
// parseOwnerMark is the inventory's entry point: the owner a robot's description names, or none.
import { MAX_DESCRIPTION } from "./robot-rules";

/** Who manages a robot: the stack and the resource name in it. */
export interface RobotOwner {
  /** "<organization>/<project>/<stack>"; the organization may be empty (not known to the provider). */
  stack: string;
  /** The Pulumi resource name. */
  resource: string;
}

/** The opening of every mark; a declared description must not contain it. */
export const MARK_OPENING = "[managed by Pulumi:";

// A JSON string literal: no raw quote or backslash, escapes allowed. Anchored at the end of the text.
const JSON_STRING = String.raw`"(?:[^"\\]|\\.)*"`;
const MARK_PATTERN = new RegExp(
  String.raw` ?\[managed by Pulumi: stack (${JSON_STRING}), resource (${JSON_STRING})\]$`,
);

/** JSON text of a string, ASCII only: what JSON.stringify leaves outside printable ASCII is escaped. */
function asciiJson(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** The mark naming `owner`: `[managed by Pulumi: stack "<org>/<project>/<stack>", resource "<name>"]`. */
export function ownerMark(owner: RobotOwner): string {
  return `${MARK_OPENING} stack ${asciiJson(owner.stack)}, resource ${asciiJson(owner.resource)}]`;
}

/** The description Harbor gets: the declared one with the owner's mark (none without an owner). */
export function markedDescription(declared: string, owner: RobotOwner | undefined): string {
  if (!owner) return declared;
  return declared === "" ? ownerMark(owner) : `${declared} ${ownerMark(owner)}`;
}

/** A description as Harbor holds it, split into the declared text and the owner its mark names. */
export function readMark(description: string | undefined): { declared: string; owner?: RobotOwner } {
  const text = description ?? "";
  const m = MARK_PATTERN.exec(text);
  if (!m) return { declared: text };
  try {
    const stack: unknown = JSON.parse(m[1]!);
    const resource: unknown = JSON.parse(m[2]!);
    if (typeof stack !== "string" || typeof resource !== "string") return { declared: text };
    return { declared: text.slice(0, m.index), owner: { stack, resource } };
  } catch {
    return { declared: text }; // not valid JSON: not a mark we wrote
  }
}

/** The owner a robot's description names, or undefined when it carries no mark. */
export function parseOwnerMark(description: string | undefined): RobotOwner | undefined {
  return readMark(description).owner;
}

/** The declared description back from the description Harbor holds (the mark stripped). */
export function declaredDescription(description: string | undefined): string {
  return readMark(description).declared;
}

export function sameOwner(a: RobotOwner | undefined, b: RobotOwner | undefined): boolean {
  return !!a && !!b && a.stack === b.stack && a.resource === b.resource;
}

/** How an owner is named in messages: `stack "acme/platform/prod", resource "ci"`. */
export function describeOwner(owner: RobotOwner): string {
  return `stack ${JSON.stringify(owner.stack)}, resource ${JSON.stringify(owner.resource)}`;
}

/** The most characters a declared description may have beside this owner's mark (and its space). */
export function descriptionRoom(owner: RobotOwner | undefined): number {
  // The mark is ASCII: its length is its count of characters.
  return owner ? MAX_DESCRIPTION - ownerMark(owner).length - 1 : MAX_DESCRIPTION;
}

// The owner as a RobotAccount input (`owner`): "<organization>/<project>/<stack>/<resource name>".
// Organization, project and stack names never contain "/", so the first three split it; the resource
// name (which may) is the rest.

/** The `owner` input for an owner. */
export function ownerInput(owner: RobotOwner): string {
  return `${owner.stack}/${owner.resource}`;
}

/** The owner an `owner` input names; undefined when it is not of that shape. */
export function ownerFromInput(input: unknown): RobotOwner | undefined {
  if (typeof input !== "string") return undefined;
  const parts = input.split("/");
  if (parts.length < 4) return undefined;
  const resource = parts.slice(3).join("/");
  if (resource === "" || parts[1] === "" || parts[2] === "") return undefined;
  return { stack: parts.slice(0, 3).join("/"), resource };
}
