// The inventory as the command prints it: a table for people, JSON (an array, one object per robot)
// or CSV (a header, one row per robot) for tools.
import type { InventoryRobot } from "../provider/model/inventory";

export const OUTPUT_FORMATS = ["table", "json", "csv"] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/**
 * Text for a terminal or a log: control characters (C0, DEL, C1) as `\uXXXX`. What an owner mark
 * names comes from a description anyone allowed to edit the robot may write, and its JSON escapes
 * decode to any character: raw, an escape sequence could rewrite the screen, set the clipboard, or a
 * line break fake a row.
 */
export function printable(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** How the owner reads in the table and in messages: the stack and the resource, or "unmanaged". */
export function ownerText(r: InventoryRobot): string {
  if (!r.owner) return "unmanaged";
  const owner = printable(`${r.owner.stack} (${r.owner.resource})`);
  return `${owner}${r.ownerClass === "thisStack" ? " [this stack]" : ""}`;
}

function stateText(r: InventoryRobot): string {
  const states = [r.expired ? "expired" : "", r.disabled ? "disabled" : "", r.editable ? "" : "legacy"];
  return states.filter(Boolean).join(",") || "active";
}

function table(robots: InventoryRobot[]): string {
  const header = ["ID", "NAME", "LEVEL", "PROJECTS", "OWNER", "EXPIRES", "DAYS LEFT", "STATE", "CREATOR"];
  const rows = robots.map((r) =>
    [
      String(r.id),
      r.fullName,
      r.level,
      r.projects.join(",") || "-",
      ownerText(r),
      r.expiresAt === null ? "never" : r.expiresAt.slice(0, 10),
      r.daysLeft === null ? "-" : String(r.daysLeft),
      stateText(r),
      r.creator ? `${r.creator.type}:${r.creator.ref}` : "-",
    ].map(printable),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  const count = `${robots.length} robot${robots.length === 1 ? "" : "s"}`;
  return [line(header), ...rows.map(line), count].join("\n") + "\n";
}

/** RFC 4180: a field with a comma, a quote or a line break is quoted, its quotes doubled. */
function csvField(value: string | number | boolean | null): string {
  const text = value === null ? "" : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CSV_COLUMNS: Array<[string, (r: InventoryRobot) => string | number | boolean | null]> = [
  ["id", (r) => r.id],
  ["fullName", (r) => r.fullName],
  ["level", (r) => r.level],
  ["projects", (r) => r.projects.join(" ")],
  ["description", (r) => r.description],
  ["ownerStack", (r) => r.owner?.stack ?? null],
  ["ownerResource", (r) => r.owner?.resource ?? null],
  ["ownerClass", (r) => r.ownerClass],
  ["createdAt", (r) => r.createdAt],
  ["expiresAt", (r) => r.expiresAt],
  ["daysLeft", (r) => r.daysLeft],
  ["expired", (r) => r.expired],
  ["disabled", (r) => r.disabled],
  ["editable", (r) => r.editable],
  ["creatorType", (r) => r.creator?.type ?? null],
  ["creatorRef", (r) => r.creator?.ref ?? null],
  ["permissions", (r) => r.permissions],
];

function csv(robots: InventoryRobot[]): string {
  const lines = [
    CSV_COLUMNS.map(([name]) => name).join(","),
    ...robots.map((r) => CSV_COLUMNS.map(([, get]) => csvField(get(r))).join(",")),
  ];
  return lines.join("\r\n") + "\r\n";
}

export function render(robots: InventoryRobot[], format: OutputFormat): string {
  if (format === "json") return `${JSON.stringify(robots, null, 2)}\n`;
  if (format === "csv") return csv(robots);
  return table(robots);
}
