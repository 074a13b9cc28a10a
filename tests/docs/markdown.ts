/**
 * The user documentation the doc tests read (README.md, CONTRIBUTING.md, docs/*.md and the parts' own READMEs), and
 * the few things they take out of it: fenced code blocks, relative links, heading anchors.
 */
import * as fs from "node:fs";
import * as path from "node:path";

export const ROOT = path.join(__dirname, "..", "..");

/**
 * Pages other branches add (none pending now; docs/bounds.md, docs/dynamic-and-native.md and docs/initialization.md were): a link to one of
 * them may point nowhere until that branch is merged. Once the page exists it must leave this list (a test says so),
 * so the list never hides a broken link for long.
 */
export const PENDING_PAGES: readonly string[] = [];

/** Every Markdown file of the user and contributor documentation, relative to the repository. */
export function docFiles(): string[] {
  const docs = fs
    .readdirSync(path.join(ROOT, "docs"))
    .filter((f) => f.endsWith(".md"))
    .map((f) => `docs/${f}`);
  const top = ["README.md", "CONTRIBUTING.md", "cli/README.md", "emulator/README.md", "examples/README.md"];
  return [...top.filter((f) => fs.existsSync(path.join(ROOT, f))), ...docs.sort()];
}

/**
 * docs/CONTRACTS.md is left out: it is the contributors' list of internal signatures (```ts blocks of declarations
 * such as `new DtsClient(options?: DtsClientOptions)`), not programs a user copies.
 */
export const NOT_SAMPLES = ["docs/CONTRACTS.md"];

/** The Markdown files whose samples users copy: README.md and the docs pages. */
export function sampleFiles(): string[] {
  return docFiles().filter((f) => (f === "README.md" || f.startsWith("docs/")) && !NOT_SAMPLES.includes(f));
}

export const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), "utf8");

export interface CodeBlock {
  file: string;
  /** 1-based line of the opening fence. */
  line: number;
  lang: string;
  code: string;
}

/** The fenced code blocks of a Markdown text (``` fences; the info string's first word is the language). */
export function codeBlocks(file: string, text = read(file)): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\S*)/.exec(lines[i]!);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !/^\s*```\s*$/.test(lines[i]!); i++) body.push(lines[i]!.slice(open[1]!.length));
    blocks.push({ file, line: start + 1, lang: open[2]!.toLowerCase(), code: `${body.join("\n")}\n` });
  }
  return blocks;
}

/** The text outside code blocks (links and paths inside code are code, not references). */
export function prose(text: string): string {
  return text.replace(/^\s*```[\s\S]*?^\s*```\s*$/gm, "");
}

/** GitHub's anchor for a heading: lower case, punctuation dropped, spaces to dashes. */
export function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[`*_]/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/[^\p{L}\p{N} -]/gu, "")
    .replace(/ /g, "-");
}

/** The anchors of a Markdown text's headings (duplicates get -1, -2 as on GitHub). */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const m of prose(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = slug(m[1]!);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  return out;
}

/** Relative links `[text](target)` of a Markdown text (absolute URLs and mailto left out). */
export function relativeLinks(text: string): string[] {
  const links: string[] = [];
  for (const m of prose(text).matchAll(/\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)) {
    const target = m[1]!;
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    links.push(target);
  }
  return links;
}
