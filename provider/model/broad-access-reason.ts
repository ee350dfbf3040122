// The RobotAccount input that opts a robot out of the least-privilege warnings (least-privilege.ts)
// by saying why it needs the access. Apart from those rules so the input model can import it.
import { z } from "zod";

export const broadAccessReason = z
  .string()
  .trim()
  .min(1, "must say why the robot needs the access (it must not be empty)")
  .max(1024)
  .optional()
  .describe(
    "Why this robot needs access the preview warns about (write access over all projects, write access that never " +
      "expires, system-wide resources beyond a CI robot's): given, those warnings are not shown for it and harbor:strict " +
      "does not fail on them",
  );
