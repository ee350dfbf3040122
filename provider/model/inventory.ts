// The robot inventory (getRobotInventory, the native invoke harbor-robots:index:getRobotInventory and
// the `pulumi-harbor-robots inventory` command): its arguments and its records, as zod schemas. The
// TypeScript types, the argument check and the package schema's function derive from them.
import { z } from "zod";
import { PROJECT_NAME_PATTERN } from "./robot-rules";

/**
 * Whose a robot is, by the owner mark in its Harbor description: the stack the caller names as its
 * own, another stack, or none (made by hand or by another tool).
 */
export const OWNER_CLASSES = ["thisStack", "otherStack", "unmanaged"] as const;
export type OwnerClass = (typeof OWNER_CLASSES)[number];

const STACK_RULE = "must be <organization>/<project>/<stack>, three parts separated by /";

export const stackName = z
  .string()
  .regex(/^[^/\s]+\/[^/\s]+\/[^/\s]+$/, STACK_RULE)
  .describe(
    'The stack that counts as "this stack": <organization>/<project>/<stack>. The TypeScript SDK fills in the program\'s own; in YAML write ${pulumi.organization}/${pulumi.project}/${pulumi.stack}. Left out, no robot is classed thisStack',
  );

export const inventoryArgs = z
  .object({
    stack: stackName.optional(),
    owner: z
      .enum(OWNER_CLASSES)
      .optional()
      .describe(
        'Only robots of this owner class: "thisStack" (marked by the stack given as `stack`), "otherStack" (marked by any other stack) or "unmanaged" (no owner mark)',
      ),
    expiringWithinDays: z
      .number()
      .int()
      .min(0)
      .optional()
      .describe(
        "Only enabled robots that have not expired yet and expire within this many days (robots that never expire, disabled or already expired ones are left out)",
      ),
    level: z
      .enum(["system", "project"])
      .optional()
      .describe('Only robots of this level: "system" or "project"'),
    project: z
      .string()
      .regex(PROJECT_NAME_PATTERN, "must be a Harbor project name")
      .optional()
      .describe(
        "Only robots of this project: its project robots, and the system robots granted anything in it (by name or over all projects)",
      ),
  })
  .strict();

export type InventoryArgs = z.infer<typeof inventoryArgs>;

export const robotOwner = z.object({
  stack: z.string().describe("<organization>/<project>/<stack> of the stack that manages the robot"),
  resource: z.string().describe("The Pulumi resource name of the robot in that stack"),
});

export type RobotOwner = z.infer<typeof robotOwner>;

export const inventoryRobot = z.object({
  id: z.number().int().describe("Harbor's robot id (what `pulumi import` takes)"),
  fullName: z.string().describe("The login name, prefix included"),
  level: z.enum(["system", "project"]),
  projects: z
    .array(z.string())
    .describe(
      'A project robot: its project. A system robot: the projects its permissions name, "*" standing for all projects',
    ),
  description: z.string().describe("The description as declared, without the owner mark"),
  owner: robotOwner.nullable().describe("The stack and resource that manage the robot; null for none"),
  ownerClass: z.enum(OWNER_CLASSES),
  createdAt: z.string().nullable().describe("Creation time (ISO 8601)"),
  expiresAt: z.string().nullable().describe("Expiry (ISO 8601); null when it never expires"),
  daysLeft: z
    .number()
    .int()
    .nullable()
    .describe(
      "Whole days until the expiry, a day begun counting as one (at least 1); negative once expired; null when it never expires",
    ),
  expired: z.boolean(),
  disabled: z.boolean(),
  editable: z
    .boolean()
    .describe("False for a robot from before Harbor 2.2, which Harbor does not let anyone edit or import"),
  creator: z
    .object({
      type: z.string().describe('"local" (a Harbor user) or "robot"'),
      ref: z.number().int().describe("That user's or robot's id"),
    })
    .nullable()
    .describe("Who created it: Harbor 2.12 and later record it, earlier releases do not (null)"),
  permissions: z
    .string()
    .describe('What it may do where, e.g. "all projects: pull; team-a: pull, push; system: project:list"'),
});

export type InventoryRobot = z.infer<typeof inventoryRobot>;

export const inventoryResult = z.object({
  registryUrl: z.string().describe("The registry listed"),
  robots: z.array(inventoryRobot).describe("Every robot that passes the filters, by id"),
});

export type InventoryResult = z.infer<typeof inventoryResult>;
