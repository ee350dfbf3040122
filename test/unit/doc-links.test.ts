// Every relative link in the project's Markdown resolves: to a file or folder of the repository, and a
// `#fragment` to a heading of the Markdown file it names (or of its own file), by GitHub's anchor rules.
// A reader who follows a link from the README into docs/ must land where the text says.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { slug } from "github-slugger";
import MarkdownIt from "markdown-it";
import { repoRoot } from "../../scripts/engine";

const markdown = new MarkdownIt({ html: true });

/** The Markdown files a reader meets: every *.md of the repository outside dependencies and builds. */
function markdownFiles(dir = repoRoot): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith(".") || entry.name === "node_modules" || entry.name === "dist") continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) found.push(...markdownFiles(full));
    else if (entry.name.endsWith(".md")) found.push(full);
  }
  return found;
}

/**
 * The anchors GitHub gives a file's headings: the heading's text lower-cased, punctuation dropped,
 * spaces turned into `-` (github-slugger, the rules GitHub uses), a repeated one suffixed -1, -2, ….
 */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  const tokens = markdown.parse(fs.readFileSync(file, "utf8"), {});
  tokens.forEach((token, i) => {
    if (token.type !== "heading_open") return;
    const text = (tokens[i + 1]?.children ?? [])
      .filter((t) => t.type === "text" || t.type === "code_inline")
      .map((t) => t.content)
      .join("");
    const base = slug(text);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  });
  return anchors;
}

/** Every link and image target of a file, as written (code spans and code blocks hold none). */
function linksOf(file: string): string[] {
  const targets: string[] = [];
  const visit = (tokens: MarkdownIt.Token[]) => {
    for (const token of tokens) {
      if (token.type === "link_open") targets.push(String(token.attrGet("href") ?? ""));
      if (token.type === "image") targets.push(String(token.attrGet("src") ?? ""));
      if (token.children) visit(token.children);
    }
  };
  visit(markdown.parse(fs.readFileSync(file, "utf8"), {}));
  return targets;
}

/** Why a link from `file` does not resolve, or undefined when it does (external links are not followed). */
function brokenBecause(file: string, target: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return undefined; // https:, mailto:, …
  const [rawPath = "", fragment] = target.split("#", 2);
  const pathPart = decodeURIComponent(rawPath);
  const resolved = pathPart === "" ? file : path.resolve(path.dirname(file), pathPart);
  if (!resolved.startsWith(repoRoot + path.sep)) return "points outside the repository";
  if (!fs.existsSync(resolved)) return `${path.relative(repoRoot, resolved)} does not exist`;
  if (fragment === undefined) return undefined;
  if (!resolved.endsWith(".md")) return `#${fragment} on a file that is not Markdown`;
  if (!anchorsOf(resolved).has(decodeURIComponent(fragment)))
    return `${path.relative(repoRoot, resolved)} has no heading with the anchor #${fragment}`;
  return undefined;
}

/** The broken links of the given files, one line each: file, target and why. */
export function brokenLinks(files: string[]): string[] {
  return files.flatMap((file) =>
    linksOf(file).flatMap((target) => {
      const why = brokenBecause(file, target);
      return why ? [`${path.relative(repoRoot, file)}: (${target}) ${why}`] : [];
    }),
  );
}

describe("Markdown links", () => {
  const files = markdownFiles();

  it("covers the README, the docs pages and the READMEs of the examples, the emulator and the shims", () => {
    const relative = files.map((f) => path.relative(repoRoot, f));
    for (const expected of [
      "README.md",
      "docs/design.md",
      "docs/configuration.md",
      "docs/robot-account.md",
      "docs/robot-settings.md",
      "docs/native-provider.md",
      "docs/inventory.md",
      "docs/troubleshooting.md",
      "docs/performance.md",
      "docs/contributing.md",
      "examples/README.md",
      "examples/yaml/README.md",
      "emulator/README.md",
      "provider/shims/README.md",
    ])
      assert.ok(relative.includes(expected), `${expected} is not among the files checked`);
  });

  it("every relative link reaches a file, and every #anchor a heading, by GitHub's rules", () => {
    assert.deepEqual(brokenLinks(files), []);
  });

  it("reports a link to a missing file, a missing heading and a heading spelled another way", () => {
    const dir = fs.mkdtempSync(path.join(repoRoot, "dist", "doc-links-"));
    try {
      const page = path.join(dir, "page.md");
      fs.writeFileSync(
        page,
        [
          "# Page",
          "## Tests and `tools` (e2e)",
          "## Tests and `tools` (e2e)",
          "[ok](#tests-and-tools-e2e) [ok again](#tests-and-tools-e2e-1) [self](page.md#page)",
          "[gone](missing.md) [no heading](#nothing-here) [case](#Tests-and-tools-e2e)",
          "`[in code](missing-too.md)`",
        ].join("\n\n"),
      );
      const rel = path.relative(repoRoot, dir);
      assert.deepEqual(brokenLinks([page]), [
        `${rel}/page.md: (missing.md) ${rel}/missing.md does not exist`,
        `${rel}/page.md: (#nothing-here) ${rel}/page.md has no heading with the anchor #nothing-here`,
        `${rel}/page.md: (#Tests-and-tools-e2e) ${rel}/page.md has no heading with the anchor #Tests-and-tools-e2e`,
      ]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
