// List queries shared by /robots and /projects: Harbor's `q` language, `sort`, `page`/`page_size`
// and the X-Total-Count / Link headers.

import { badRequest, unprocessable } from "./errors";

export type QValue =
  | { kind: "exact"; value: string }
  | { kind: "fuzzy"; value: string }
  | { kind: "range"; min?: string; max?: string }
  | { kind: "or"; values: string[] }
  | { kind: "and"; values: string[] };

/** Go's url.QueryUnescape: "+" is a space and %XX must be well formed; undefined when it fails. */
function queryUnescape(s: string): string | undefined {
  try {
    return decodeURIComponent(s.replace(/\+/g, " "));
  } catch {
    return undefined;
  }
}

/** A value inside a range or list: trimmed, and stripped of quotes at both ends (q's parseValue). */
const listValue = (s: string) => s.trim().replace(/^["']+|["']+$/g, "");

/** One value of `q` (lib/q parsePattern): its first character says which kind it is. */
function parseValue(raw: string): QValue {
  const invalid = () => badRequest(`invalid query string value: ${raw}`);
  const inner = raw.slice(1, -1);
  switch (raw[0]) {
    case "~":
      if (raw.length < 2) throw invalid();
      return { kind: "fuzzy", value: raw.slice(1) };
    case "[": {
      if (!raw.endsWith("]") || raw.split("~").length !== 2) throw invalid();
      const [min, max] = inner.split("~").map(listValue);
      if (!min && !max) throw invalid();
      return { kind: "range", min: min || undefined, max: max || undefined };
    }
    case "{":
    case "(": {
      if (!raw.endsWith(raw[0] === "{" ? "}" : ")")) throw invalid();
      const values = inner.split(" ").map(listValue).filter(Boolean);
      return { kind: raw[0] === "{" ? "or" : "and", values };
    }
    default:
      // A leading backslash makes a value that starts with ~ [ { ( literal (q's escapeValue).
      return { kind: "exact", value: raw.startsWith("\\") ? raw.slice(1) : raw };
  }
}

/**
 * Parse `q` ("k1=v1,k2=~v2,k3=[min~max]") as Harbor's lib/q does. Harbor unescapes the
 * already-decoded value once more (keeping it as it is when that fails), so a literal "+" must arrive
 * double-encoded (%252B) or it turns into a space. Every comma-separated term needs a key and a value.
 */
export function parseQ(raw: string | null): Map<string, QValue> {
  const result = new Map<string, QValue>();
  if (raw === null || raw === "") return result;
  for (const part of (queryUnescape(raw) ?? raw).split(",")) {
    const eq = part.indexOf("=");
    if (eq <= 0 || eq === part.length - 1)
      throw badRequest('the query string must contain "=" and the key/value cannot be empty');
    result.set(part.slice(0, eq), parseValue(part.slice(eq + 1)));
  }
  return result;
}

export type FieldValue = string | number | boolean;
export type Fields<T> = Record<string, (row: T) => FieldValue>;

function asComparable(field: FieldValue, raw: string): [FieldValue, FieldValue] {
  if (typeof field === "number") {
    const n = Number(raw);
    return [field, Number.isNaN(n) ? Date.parse(raw) : n];
  }
  return typeof field === "boolean" ? [String(field), raw.toLowerCase()] : [field, raw];
}

function matches(field: FieldValue, q: QValue): boolean {
  const eq = (raw: string) => {
    const [a, b] = asComparable(field, raw);
    return a === b;
  };
  switch (q.kind) {
    case "exact":
      return eq(q.value);
    case "fuzzy":
      return String(field).toLowerCase().includes(q.value.toLowerCase());
    case "or":
      return q.values.some(eq);
    case "and":
      return q.values.every(eq);
    case "range": {
      const aboveMin = q.min === undefined || asComparable(field, q.min)[0] >= asComparable(field, q.min)[1];
      const belowMax = q.max === undefined || asComparable(field, q.max)[0] <= asComparable(field, q.max)[1];
      return aboveMin && belowMax;
    }
  }
}

/** Keys the model does not know are ignored, as Harbor's ORM filter ignores them. */
export function filterRows<T>(rows: T[], q: Map<string, QValue>, fields: Fields<T>): T[] {
  const active = [...q].filter(([key]) => fields[key]);
  return rows.filter((row) =>
    active.every(([key, value]) => matches((fields[key] as (r: T) => FieldValue)(row), value)),
  );
}

/** `sort=field1,-field2`; unknown keys are ignored; no usable key → the model's default order. */
export function sortRows<T>(rows: T[], sort: string | null, fields: Fields<T>, defaultKey: string): T[] {
  const keys = (sort ?? "")
    .split(",")
    .map((k) => k.trim())
    .filter((k) => fields[k.replace(/^-/, "")]);
  if (keys.length === 0) keys.push(defaultKey);
  return [...rows].sort((a, b) => {
    for (const k of keys) {
      const get = fields[k.replace(/^-/, "")] as (r: T) => FieldValue;
      const [x, y] = [get(a), get(b)];
      if (x !== y) return (x < y ? -1 : 1) * (k.startsWith("-") ? -1 : 1);
    }
    return 0;
  });
}

export interface Paging {
  page: number;
  pageSize: number;
}

function intParam(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw === "") return fallback;
  if (!/^-?\d+$/.test(raw)) throw unprocessable(`${name} in query must be of type int64: "${raw}"`);
  return Number(raw);
}

/** page defaults to 1, page_size to 10 with a maximum of 100 (go-swagger → 422); 0 means no limit. */
export function parsePaging(query: URLSearchParams): Paging {
  const page = intParam(query, "page", 1);
  const pageSize = intParam(query, "page_size", 10);
  if (pageSize > 100) throw unprocessable("page_size in query should be less than or equal to 100");
  return { page: Math.max(page, 1), pageSize };
}

export function pageRows<T>(rows: T[], { page, pageSize }: Paging): T[] {
  return pageSize <= 0 ? rows : rows.slice((page - 1) * pageSize, page * pageSize);
}

/** Harbor's relative Link header: "<path?…>; rel="prev" , <path?…>; rel="next"" (query sorted, unescaped). */
export function listHeaders(
  fullPath: string,
  query: URLSearchParams,
  total: number,
  paging: Paging,
): Record<string, string> {
  const headers: Record<string, string> = { "X-Total-Count": String(total) };
  const { page, pageSize } = paging;
  if (pageSize <= 0) return headers;
  const link = (n: number, rel: string) => {
    const q = new URLSearchParams(query);
    q.set("page", String(n));
    q.set("page_size", String(pageSize));
    q.sort();
    return `<${fullPath}?${decodeURIComponent(q.toString().replace(/\+/g, "%20"))}>; rel="${rel}"`;
  };
  const links: string[] = [];
  if (page > 1 && (page - 1) * pageSize < total) links.push(link(page - 1, "prev"));
  if (page * pageSize < total) links.push(link(page + 1, "next"));
  if (links.length) headers.Link = links.join(" , ");
  return headers;
}

/** Filter, sort and page in one go for a list handler. */
export function runList<T>(rows: T[], req: { fullPath: string; query: URLSearchParams }, spec: ListSpec<T>) {
  const filtered = sortRows(
    filterRows(rows, spec.q, spec.fields),
    req.query.get("sort"),
    spec.fields,
    spec.defaultKey,
  );
  return {
    items: pageRows(filtered, spec.paging),
    headers: listHeaders(req.fullPath, req.query, filtered.length, spec.paging),
  };
}

export interface ListSpec<T> {
  paging: Paging;
  q: Map<string, QValue>;
  fields: Fields<T>;
  defaultKey: string;
}
