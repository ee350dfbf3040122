// What the inventory needs from the owner mark every robot this project creates carries in its
// Harbor description (`<organization>/<project>/<stack>` and the resource name): read the owner, and
// the description as declared. The mark's format lives in one module, the one that writes it; the
// inventory only reads through this interface, so it never holds a second copy of the format.
import type { RobotOwner } from "../model/inventory";

export interface OwnerMarks {
  /** The owner a Harbor description names, or undefined when it carries no mark. */
  parse(description: string): RobotOwner | undefined;
  /** The description without the mark (as declared). */
  strip(description: string): string;
}

// Bound to the owner-mark module once it is on main (issue 17); until then no description carries
// a mark, so every robot reads as unmanaged.
export const ownerMarks: OwnerMarks = {
  parse: () => undefined,
  strip: (description) => description,
};
