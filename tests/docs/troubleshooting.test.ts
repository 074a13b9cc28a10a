/**
 * docs/troubleshooting.md explains only messages that exist: each entry's message (its bold code spans) is found in
 * the package's own sources, or the entry is one of the few about another tool's message or a symptom, listed below
 * with where it comes from. A message the code no longer produces (such as the old `Cannot find module
 * 'pulumi-dts-objects/sdk'`) fails here.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { read, ROOT } from "./markdown";

/** Entries not about this package's own text: the start of the entry's bold part -> who prints it. */
const NOT_OURS: Record<string, string> = {
  "`TS5107`/`TS5110`": "the TypeScript compiler",
  "`npm warn EBADENGINE` for `pulumi-dts-objects`": "npm",
  "`npm warn EBADENGINE` for `@pulumi/pulumi`": "npm",
  "`Cannot find module 'pulumi-dts-objects'`": "Node.js's require",
  "`GetLatestVersion is not supported for plugins from http sources`": "the Pulumi engine",
  "`OperationDenied.JobStatusModifying`": "DTS (an error code of ModifySynchronizationObject / ModifyDtsJob)",
  "The overall status says `Migrating` forever": "a symptom, not a message",
  "Pending operations after pressing Ctrl-C twice": "the Pulumi engine",
  "A Ctrl-C does not stop a dynamic resource's wait": "a symptom, not a message",
};

const SOURCE_DIRS = ["sdk", "provider", "cli", "emulator", "scripts"];

function sourceText(): string {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.(ts|js)$/.test(e.name) || /^ensure-/.test(e.name)) out.push(fs.readFileSync(p, "utf8"));
    }
  };
  for (const d of SOURCE_DIRS) walk(path.join(ROOT, d));
  return out.join("\n");
}

/** The bold part of each `- **...**` entry. */
function entries(text: string): string[] {
  return [...text.matchAll(/^- \*\*(.+?)\*\*/gm)].map((m) => m[1]!);
}

/** The literal pieces of a message as the docs quote it: split at `...`, versions and `(Code.Name)` parts the code fills in. */
function fragments(span: string): string[] {
  return span
    .split(/\.\.\.|v?\d+\.\d+\.\d+|\([A-Za-z][\w.]*\)/)
    .map((f) => f.trim())
    .filter((f) => f.length >= 10);
}

const page = read("docs/troubleshooting.md");
const source = sourceText();

test("the page has entries, and each listed outside message is still on it", () => {
  const all = entries(page);
  expect(all.length).toBeGreaterThanOrEqual(10);
  for (const start of Object.keys(NOT_OURS)) expect({ start, listed: all.some((e) => e.startsWith(start)) }).toEqual({ start, listed: true });
});

test("every other entry quotes text the package's sources produce", () => {
  const unbacked: string[] = [];
  for (const entry of entries(page)) {
    if (Object.keys(NOT_OURS).some((start) => entry.startsWith(start))) continue;
    const spans = [...entry.matchAll(/`([^`]+)`/g)].map((m) => m[1]!);
    if (spans.length === 0) unbacked.push(`${entry}: quotes no message`);
    for (const f of spans.flatMap(fragments)) if (!source.includes(f)) unbacked.push(`${entry}: "${f}" is in no source file`);
  }
  expect(unbacked).toEqual([]);
});

test("the check fails on a message nothing produces", () => {
  const fake = "- **`Cannot find module 'pulumi-dts-objects/sdk'`**: ...";
  const [entry] = entries(fake);
  expect(fragments([...entry!.matchAll(/`([^`]+)`/g)][0]![1]!).some((f) => !source.includes(f))).toBe(true);
});
