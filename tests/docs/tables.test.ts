/**
 * One source for the resources' descriptions: the package schema (provider/native/schema.ts and its resource files, printed by the built
 * plugin). Each resource's page under docs/ holds tables generated from it by `npm run gen:docs`
 * (scripts/gen-docs.js); a page that differs from what the schema gives, a resource without a page, or an input or
 * output missing from its page's table fails here.
 */
import { ensureBuilt } from "../support/build";
import { expectedPages, loadSchema, pageOf, type Schema } from "../../scripts/gen-docs";
import { codeBlocks, read } from "./markdown";
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "./markdown";

let schema: Schema;
beforeAll(() => {
  ensureBuilt();
  schema = loadSchema(ROOT);
});

const readPage = (page: string): string | undefined => {
  const file = path.join(ROOT, "docs", page);
  return fs.existsSync(file) ? fs.readFileSync(file, "utf8") : undefined;
};

test("the schema has resources (else every check below is vacuous)", () => {
  expect(Object.keys(schema.resources).length).toBeGreaterThanOrEqual(2);
});

test("docs/_index.md and every resource page are what `npm run gen:docs` writes from the schema", () => {
  const stale = expectedPages(schema, readPage)
    .filter((p) => p.expected !== p.actual)
    .map((p) => `docs/${p.page} (${p.token}) ${p.actual === undefined ? "is missing" : "differs"}: run \`npm run gen:docs\``);
  expect(stale).toEqual([]);
});

/** The first column of a page's table rows under a heading (`## Inputs`, `## Outputs`). */
function tableNames(text: string, heading: string): string[] {
  const from = text.indexOf(`\n## ${heading}\n`);
  if (from < 0) return [];
  const next = text.indexOf("\n## ", from + 1);
  const section = text.slice(from, next < 0 ? undefined : next);
  return [...section.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]!);
}

test("every input and output of the schema has its row in its resource's page, and no other row is there", () => {
  for (const [token, res] of Object.entries(schema.resources)) {
    const text = read(`docs/${pageOf(token)}`);
    expect({ token, inputs: tableNames(text, "Inputs") }).toEqual({ token, inputs: Object.keys(res.inputProperties ?? {}) });
    expect({ token, outputs: tableNames(text, "Outputs") }).toEqual({ token, outputs: Object.keys(res.properties ?? {}) });
  }
});

test("every resource page has examples in TypeScript, Python and YAML using that resource", () => {
  for (const token of Object.keys(schema.resources)) {
    const page = `docs/${pageOf(token)}`;
    const name = token.split(":").pop()!;
    const blocks = codeBlocks(page);
    const has = (lang: string, pattern: RegExp) => blocks.some((b) => b.lang === lang && pattern.test(b.code));
    expect({
      page,
      ts: has("ts", new RegExp(`new ${name}\\(`)),
      python: has("python", new RegExp(`dts\\.${name}\\(`)),
      yaml: has("yaml", new RegExp(`type: ${token}\\b`)),
    }).toEqual({
      page,
      ts: true,
      python: true,
      yaml: true,
    });
  }
});

test("a page whose table drifted from the schema is reported (the comparison can fail)", () => {
  const token = Object.keys(schema.resources)[0]!;
  const page = pageOf(token);
  const drifted = read(`docs/${page}`).replace(/^\| `([^`]+)` \| /m, "| `renamedInput` | ");
  const [result] = expectedPages(schema, (p) => (p === page ? drifted : readPage(p))).filter((p) => p.page === page);
  expect(result!.expected).not.toBe(result!.actual);
  expect(tableNames(result!.expected, "Inputs")).not.toContain("renamedInput");
});
