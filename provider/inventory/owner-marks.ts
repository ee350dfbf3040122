// What the inventory needs from the owner mark every robot this project creates carries in its
// Harbor description (`<organization>/<project>/<stack>` and the resource name): read the owner, and
// the description as declared. The mark's format lives in one module, the one that writes it; the
// inventory only reads through this interface, so it never holds a second copy of the format.
import type { RobotOwner } from "../model/inventory";
import { declaredDescription, parseOwnerMark } from "../model/owner-mark";

export interface OwnerMarks {
  /** The owner a Harbor description names, or undefined when it carries no mark. */
  parse(description: string): RobotOwner | undefined;
  /** The description without the mark (as declared). */
  strip(description: string): string;
}

/** The mark this package's robots carry (model/owner-mark.ts). */
export const ownerMarks: OwnerMarks = { parse: parseOwnerMark, strip: declaredDescription };
