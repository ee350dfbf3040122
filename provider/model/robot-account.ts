// RobotAccount inputs: one zod schema per target Harbor release. The SDK's input types, `check`
// and schema.json all derive from it. One permission entry is modelled in permission-entry.ts, the
// rules that span fields in robot-account-rules.ts.
import { z } from "zod";
import { connectionField } from "./connection";
import { type HarborVersion, DEFAULT_HARBOR_VERSION } from "../client/version";
import { runWhenOnlyUnknownsFailed } from "./validation";
import * as rules from "./robot-rules";
import { MARK_OPENING, ownerFromInput } from "./owner-mark";
import * as lifecycle from "./secret-lifecycle";
import { broadAccessReason } from "./broad-access-reason";
import { secretField } from "./secrets";
import { permissionEntry } from "./permission-entry";
import { crossFieldRules } from "./robot-account-rules";

const OWNER_RULE =
  'must be "<organization>/<project>/<stack>/<resource name>" (the organization may be empty)';

const baseInputs = z
  .object({
    name: rules.robotName
      .optional()
      .describe(
        "Short name; Harbor shows it as <prefix><name> (project robots: <prefix><project>+<name>). Auto-named when omitted",
      ),
    description: rules.description
      .refine((d) => !d.includes(MARK_OPENING), {
        message: `must not contain "${MARK_OPENING}": that is the opening of the owner mark this provider appends to it`,
      })
      .optional()
      .describe(
        "Free text shown in Harbor; omitted: empty. Harbor also shows the owner mark appended to it, which takes its share of Harbor's 1024 characters",
      ),
    level: z.enum(["system", "project"]).optional().describe('"system" (default) or "project"'),
    duration: rules.duration
      .optional()
      .describe(
        'Expiration in days from creation, or "never"; omitted: the server\'s default robot expiration',
      ),
    disabled: z.boolean().optional().describe("A disabled robot cannot log in (default false)"),
    permissions: z
      .array(permissionEntry)
      .min(1)
      .describe("What the robot may do where: one entry per scope or list of projects (at least one)"),
    secret: secretField(
      rules.robotSecret
        .optional()
        .describe(
          "A secret of your choosing instead of Harbor's generated one: 8 to 128 bytes in UTF-8, with a lowercase letter, an uppercase letter and a digit",
        ),
    ),
    rotationTrigger: z
      .union([z.string(), z.number(), z.boolean()])
      .optional()
      .describe("Any value; when it changes, Harbor issues a new secret and the old one stops working"),
    takeOver: z
      .boolean()
      .optional()
      .describe("Take over an existing robot of the same name (its secret is replaced)"),
    namePrefix: z
      .string()
      .optional()
      .describe(
        "The robot name prefix in force (e.g. a RobotSettings output), so outputs follow a prefix change",
      ),
    verifySecret: lifecycle.verifySecret,
    renewBeforeDays: lifecycle.renewBeforeDays,
    broadAccessReason,
    connection: connectionField,
    owner: z
      .string()
      .refine((o) => ownerFromInput(o) !== undefined, OWNER_RULE)
      .optional()
      .describe(
        'The stack and resource that manage the robot, "<organization>/<project>/<stack>/<resource name>", written into its description as the owner mark. The TypeScript SDKs set it; the native provider takes project, stack and name from the resource URN, and the organization from this input when given (YAML: ${pulumi.organization}/${pulumi.project}/${pulumi.stack}/<name>)',
      ),
    autoNameBase: z
      .string()
      .optional()
      .describe("Set by the SDK of earlier releases: the resource name auto-names derive from (now `owner`)"),
    autoNameScope: z
      .string()
      .optional()
      .describe('Set by the SDK of earlier releases: "<organization>/<project>/<stack>" (now `owner`)'),
  })
  .strict();

export type RobotAccountInputs = z.infer<typeof baseInputs>;
// Where the handlers have always found them.
export type { AccessItem, PermissionEntry } from "./permission-entry";

/**
 * The RobotAccount input schema for a Harbor release (the default: the newest tested; null: not
 * known yet, at preview).
 */
export function robotAccountInputs(v: HarborVersion | null = DEFAULT_HARBOR_VERSION) {
  // One schema per release and process: building one (its permission table, and zod compiling its
  // fast path on the first parse) cost more than the check itself, at every check of every robot.
  const key = v === null ? "unknown" : `${v.major}.${v.minor}.${v.patch}`;
  let schema = schemaByRelease.get(key);
  if (!schema) {
    schema = baseInputs.superRefine(crossFieldRules(v), runWhenOnlyUnknownsFailed);
    schemaByRelease.set(key, schema);
  }
  return schema;
}

const schemaByRelease = new Map<string, ReturnType<typeof baseInputs.superRefine>>();

export const robotAccountInputSchema = baseInputs;
