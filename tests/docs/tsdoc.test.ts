/**
 * One source for the resources' descriptions, in TypeScript too: the TSDoc comment of every member that mirrors the
 * package schema (each resource's `<Name>Args` interface = its inputs, its resource class = its outputs, and each
 * object type's interface) is the schema property's description, as `npm run gen:docs` (scripts/gen-tsdoc.js) writes
 * it. A comment edited by hand, a schema property without its TypeScript member or a member without its property fails
 * here; the deliberate differences (TypeScript-only unions that stand for the schema's `*Json` inputs) are listed in
 * scripts/gen-tsdoc.js `TS_DIFFERENCES`, each with its reason.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { loadSchema, type Schema } from "../../scripts/gen-docs";
import { plan, targets } from "../../scripts/gen-tsdoc";
import { ensureBuilt } from "../support/build";
import { ROOT } from "../support/markdown";

let schema: Schema;
beforeAll(() => {
  ensureBuilt();
  schema = loadSchema(ROOT);
});

const readSource = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");

test("the mirrored declarations cover every resource's inputs and outputs and the schema's object types (else the checks below are vacuous)", () => {
  const all = targets(schema);
  for (const token of Object.keys(schema.resources)) {
    const name = token.split(":").pop()!;
    expect(all.filter((t) => t.owner.startsWith(`${token} `)).map((t) => `${t.kind} ${t.name}`)).toEqual([`interface ${name}Args`, `class ${name}`]);
  }
  const members = all.reduce((n, t) => n + Object.keys(t.props).length, 0);
  expect(members).toBeGreaterThan(150);
});

test("every mirrored TypeScript member's comment is its schema description (`npm run gen:docs` writes them), and the members line up with the schema", () => {
  const { changes, problems } = plan(schema, ROOT);
  expect(problems).toEqual([]);
  expect(changes.map((c) => `${c.file}: ${c.members.join(", ")} differ from the schema: run \`npm run gen:docs\``)).toEqual([]);
});

test("a comment edited by hand is reported, naming the file and the member", () => {
  const file = "provider/synchronization-object-modification/types.ts";
  const edited = readSource(file).replace(/\/\*\* Service URL[^*]*\*\//, "/** The service URL (edited by hand). */");
  expect(edited).not.toBe(readSource(file));
  const { changes } = plan(schema, ROOT, (f) => (f === file ? edited : readSource(f)));
  expect(changes.map((c) => [c.file, c.members])).toEqual([[file, ["endpoint"]]]);
  expect(changes[0]!.expected).toBe(readSource(file));
});

test("a schema property without its TypeScript member, and a member without its property, are reported", () => {
  const file = "provider/dts-job-modification/types.ts";
  const text = readSource(file);
  const edited = text.replace(/\n\s*\/\*\*[^/]*\*\/\n\s*waitOnly\?: pulumi\.Input<boolean>;/, "\n  waitOnlyRenamed?: pulumi.Input<boolean>;");
  expect(edited).not.toBe(text);
  const { problems } = plan(schema, ROOT, (f) => (f === file ? edited : readSource(f)));
  expect(problems).toEqual([
    `dts:index:DtsJobModification inputs: ${file} DtsJobModificationArgs.waitOnlyRenamed has no property in the schema`,
    `dts:index:DtsJobModification inputs: the schema's \`waitOnly\` has no member in ${file} DtsJobModificationArgs`,
  ]);
});

test("a member written without a comment gets one, and a second run changes nothing (idempotent)", () => {
  const file = "sdk/reports/sync-job-outputs.ts";
  const text = readSource(file);
  const bare = text.replace(/\n\s*\/\*\* Tables in the report\. \*\/\n(\s*)total: number;/, "\n$1total: number;");
  expect(bare).not.toBe(text);
  const first = plan(schema, ROOT, (f) => (f === file ? bare : readSource(f)));
  expect(first.changes.map((c) => [c.file, c.members])).toEqual([[file, ["total"]]]);
  const second = plan(schema, ROOT, (f) => (f === file ? first.changes[0]!.expected : readSource(f)));
  expect(second.changes).toEqual([]);
});

test("a member inherited from a shared base (InitializationResource, InitializationArgs) is written once, where it is declared", () => {
  const file = "provider/shared/initialization-resource.ts";
  const text = readSource(file);
  const edited = text.replace(/\/\*\* Status calls made for this resource since it started waiting\. \*\//, "/** Edited by hand. */");
  expect(edited).not.toBe(text);
  const { changes, problems } = plan(schema, ROOT, (f) => (f === file ? edited : readSource(f)));
  expect(problems).toEqual([]);
  expect(changes.map((c) => [c.file, c.members])).toEqual([[file, ["polls"]]]);
  expect(changes[0]!.expected).toBe(text);
});

test("a shared base's member whose description differs between the resources inheriting it is reported (declare it in each)", () => {
  const differing = structuredClone(schema);
  differing.resources["dts:index:SynchronizationJobInitialization"]!.properties!.polls!.description = "Status calls, described otherwise here.";
  const { problems } = plan(differing, ROOT);
  expect(problems).toEqual([
    expect.stringMatching(
      /^dts:index:(SynchronizationJob|DtsJob)Initialization outputs: provider\/shared\/initialization-resource\.ts InitializationResource\.polls is shared with dts:index:(DtsJob|SynchronizationJob)Initialization outputs, whose schema description differs: declare `polls` in/,
    ),
  ]);
});
