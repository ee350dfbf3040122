// Bad RobotAccount inputs, each with the field and a piece of the message a user must see.
// Shared by the unit test of check and the e2e test that runs them through a real preview.
export interface BadInput {
  why: string;
  inputs: Record<string, unknown>;
  property: string;
  reason: RegExp;
  harborVersion?: string;
  /** Needs a stack-level connection (harbor:url / HARBOR_URL with credentials) to be wrong. */
  stackConnection?: boolean;
}

const pull = [{ projects: ["team-a-api"], access: ["pull"] }];

export const BAD_ROBOT_INPUTS: BadInput[] = [
  { why: "uppercase name", inputs: { name: "CI", permissions: pull }, property: "name", reason: /lowercase/ },
  { why: "name with +", inputs: { name: "a+b", permissions: pull }, property: "name", reason: /'\+'/ },
  {
    why: "name with trailing dash",
    inputs: { name: "ci-", permissions: pull },
    property: "name",
    reason: /separators/,
  },
  {
    why: "name too long",
    inputs: { name: "a".repeat(256), permissions: pull },
    property: "name",
    reason: /at most 255/,
  },
  {
    why: "description too long",
    inputs: { name: "ci", description: "d".repeat(1025), permissions: pull },
    property: "description",
    reason: /1024/,
  },
  {
    // The SDK sends the owner itself (in the e2e run: organization/bad-inputs/<stack>/bad); 1000
    // characters leave no room for its mark either way.
    why: "description with no room left for the owner mark",
    inputs: { name: "ci", description: "d".repeat(1000), owner: "acme/platform/prod/bad", permissions: pull },
    property: "description",
    reason: /must be at most 9\d\d characters for this robot: .* hold the owner mark/,
  },
  {
    why: "description holding the owner mark's syntax",
    inputs: {
      name: "ci",
      description: 'CI [managed by Pulumi: stack "acme/platform/dev", resource "ci"]',
      permissions: pull,
    },
    property: "description",
    reason: /must not contain "\[managed by Pulumi:"/,
  },
  {
    why: "duration 0",
    inputs: { name: "ci", duration: 0, permissions: pull },
    property: "duration",
    reason: /must not be 0/,
  },
  {
    why: "negative duration",
    inputs: { name: "ci", duration: -5, permissions: pull },
    property: "duration",
    reason: /whole number of days/,
  },
  {
    why: "fractional duration",
    inputs: { name: "ci", duration: 1.5, permissions: pull },
    property: "duration",
    reason: /whole number/,
  },
  {
    why: "duration word",
    inputs: { name: "ci", duration: "forever", permissions: pull },
    property: "duration",
    reason: /never/,
  },
  {
    why: "no permissions",
    inputs: { name: "ci", permissions: [] },
    property: "permissions",
    reason: /(^|: )must list at least 1 item/,
  },
  {
    why: "empty access",
    inputs: { name: "ci", permissions: [{ projects: ["p"], access: [] }] },
    property: "permissions[0].access",
    reason: /(^|: )must list at least 1 item/,
  },
  {
    why: "unknown friendly name",
    inputs: { name: "ci", permissions: [{ projects: ["p"], access: ["fly"] }] },
    property: "permissions[0].access[0]",
    reason: /neither a known permission name/,
  },
  {
    why: "unknown pair",
    inputs: { name: "ci", permissions: [{ projects: ["p"], access: ["repository:fly"] }] },
    property: "permissions[0].access[0]",
    // The pair is named once, not `"repository:fly" (repository:fly)`.
    reason: /(^|: )repository:fly is not a project-level permission Harbor 2.15 grants/,
  },
  {
    why: "system pair on a project",
    inputs: { name: "ci", permissions: [{ projects: ["p"], access: ["audit-log:list"] }] },
    property: "permissions[0].access[0]",
    reason: /system-level permission/,
  },
  {
    why: "helm chart on 2.15",
    inputs: { name: "ci", permissions: [{ projects: ["p"], access: ["read helm chart"] }] },
    property: "permissions[0].access[0]",
    reason: /Harbor 2.8 removed ChartMuseum/,
  },
  {
    why: "push without pull on a system robot",
    inputs: { name: "ci", permissions: [{ projects: ["p"], access: ["push"] }] },
    property: "permissions[0].access",
    reason: /add "pull"/,
  },
  {
    why: "robot:create before 2.12",
    inputs: { name: "ci", permissions: [{ scope: "system", access: ["robot:create"] }] },
    property: "permissions[0].access[0]",
    reason: /Harbor 2.10/,
    harborVersion: "2.10",
  },
  {
    why: "sbom:create before 2.11",
    inputs: { name: "ci", permissions: [{ projects: ["p"], access: ["sbom:create"] }] },
    property: "permissions[0].access[0]",
    reason: /Harbor 2.10/,
    harborVersion: "2.10",
  },
  {
    why: "project robot with two projects",
    inputs: { name: "ci", level: "project", permissions: [{ projects: ["a", "b"], access: ["pull"] }] },
    property: "permissions",
    reason: /exactly one project/,
  },
  {
    why: "project robot with all projects",
    inputs: { name: "ci", level: "project", permissions: [{ scope: "allProjects", access: ["pull"] }] },
    property: "permissions",
    reason: /exactly one/,
  },
  {
    why: "project robot with a pattern",
    inputs: { name: "ci", level: "project", permissions: [{ projects: ["team-*"], access: ["pull"] }] },
    property: "permissions",
    reason: /no pattern/,
  },
  {
    why: "bad level",
    inputs: { name: "ci", level: "global", permissions: pull },
    property: "level",
    reason: /must be one of "system", "project", not "global"/,
  },
  {
    why: "weak secret",
    inputs: { name: "ci", secret: "onlylowercaseletters", permissions: pull },
    property: "secret",
    reason: /lacks an uppercase letter, a digit/,
  },
  {
    why: "short secret",
    inputs: { name: "ci", secret: "Ab1", permissions: pull },
    property: "secret",
    reason: /lacks a length of 8 to 128/,
  },
  {
    // Harbor counts bytes (Go's len): 66 characters, 129 bytes in UTF-8, is too long there.
    why: "secret too long in bytes (non-ASCII)",
    inputs: { name: "ci", secret: `Aa1${"é".repeat(63)}`, permissions: pull },
    property: "secret",
    reason: /8 to 128 bytes in UTF-8.*lacks a length of 8 to 128 bytes \(it has 129 bytes in 66 characters\)/,
  },
  {
    why: "bad project name",
    inputs: { name: "ci", permissions: [{ projects: ["Team A"], access: ["pull"] }] },
    property: "permissions[0].projects[0]",
    reason: /not a valid Harbor project name/,
  },
  {
    why: "bad glob",
    inputs: { name: "ci", permissions: [{ projects: ["team-[a"], access: ["pull"] }] },
    property: "permissions[0].projects[0]",
    reason: /not a valid glob pattern/,
  },
  {
    why: "star as a project",
    inputs: { name: "ci", permissions: [{ projects: ["*"], access: ["pull"] }] },
    property: "permissions[0].projects[0]",
    reason: /allProjects/,
  },
  {
    why: "system scope with projects",
    inputs: { name: "ci", permissions: [{ scope: "system", projects: ["p"], access: ["project:list"] }] },
    property: "permissions[0].projects",
    reason: /left out/,
  },
  {
    why: "typo in a field",
    inputs: { name: "ci", descripton: "x", permissions: pull },
    property: "descripton",
    reason: /is not an input of this resource \(the inputs are: name, description,/,
  },

  {
    why: "rotationTrigger with a chosen secret",
    inputs: { name: "ci", secret: "Chosen-Secret-123", rotationTrigger: 1, permissions: pull },
    property: "rotationTrigger",
    reason: /must be left out when secret is set: a chosen secret is rotated by changing secret/,
  },
  {
    why: "an over-long bad project name, shown cut short",
    inputs: { name: "ci", permissions: [{ projects: ["X".repeat(5000)], access: ["pull"] }] },
    property: "permissions[0].projects[0]",
    reason: /(^|: )"X{60}…" \(5000 characters\) is not a valid Harbor project name/,
  },
  {
    why: "an access item of the wrong shape",
    inputs: { name: "ci", permissions: [{ projects: ["p"], access: [42] }] },
    property: "permissions[0].access[0]",
    reason:
      /(^|: )42 must be a permission name such as "pull", a "resource:action" pair, or \{ resource, action, effect \}/,
  },
  {
    why: "a string where a list belongs",
    inputs: { name: "ci", permissions: [{ projects: "p", access: ["pull"] }] },
    property: "permissions[0].projects",
    reason: /(^|: )must be a list, not text \(a string\)/,
  },
  {
    why: "a connection URL that is not http(s)",
    inputs: { name: "ci", permissions: pull, connection: { url: "ftp://nowhere" } },
    property: "connection.url",
    reason: /must be an https:\/\/ URL \(or http:\/\/ for local use\), got "ftp:\/\/nowhere"/,
  },
  {
    why: "a connection URL with credentials in it (never echoed)",
    inputs: { name: "ci", permissions: pull, connection: { url: "https://admin:Hunter22@har bor" } },
    property: "connection.url",
    reason: /is not a valid URL: "https:\/\/\*\*\*@har bor"/,
  },
  {
    why: "a connection URL with credentials and the host left out (never echoed)",
    inputs: { name: "ci", permissions: pull, connection: { url: "https://admin:Hunter22" } },
    property: "connection.url",
    reason: /is not a valid URL: "https:\/\/admin:\*\*\*"/,
  },
  {
    why: "a connection URL with a query or fragment (never echoed)",
    inputs: {
      name: "ci",
      permissions: pull,
      connection: { url: "https://h.example.com/?token=Hunter22#Hunter22" },
    },
    property: "connection.url",
    reason: /must not have a query or fragment, got "https:\/\/h\.example\.com\/\?\*\*\*"/,
  },
  {
    why: "a connection URL for another registry without its own credentials",
    inputs: { name: "ci", permissions: pull, connection: { url: "https://other-harbor.example.com" } },
    property: "connection.password",
    reason: /No username or password for https:\/\/other-harbor\.example\.com .* so they are not sent/,
    stackConnection: true,
  },
];
