/**
 * Every YAML sample (```yaml) of the README and docs/ runs `pulumi preview` through the real engine (Pulumi YAML's
 * type check against the plugin's schema, the plugin's own Check of every input) with the native plugin installed
 * from its tarball, configured against the emulator. To keep it cheap, all samples go into one program (each
 * sample's resources, variables and outputs renamed `s<i>-<name>`, its `${...}` references following) previewed once;
 * when that preview fails, each sample is previewed alone in the same project, and the failure names every sample
 * that fails (`file:line`) with the engine's words. tests/docs/samples-yaml.test.ts checks the same samples against
 * the schema without an engine.
 */
import type { CodeBlock } from "../support/markdown";
import { codeBlocks, sampleFiles } from "../support/markdown";
import { useEngine } from "../support/engine";
import type { PulumiProject } from "../support/pulumi-project";
import * as fs from "node:fs";
import * as path from "node:path";

jest.setTimeout(600_000);

// js-yaml comes with @pulumi/pulumi (a devDependency); its own types are not installed.
const yaml = require("js-yaml") as { load(text: string): unknown; dump(value: unknown, opts?: { lineWidth?: number }): string };

const engine = useEngine({ yaml: true });

/** The project name of every program written here (one stack serves them all: its name must not change). */
const PROJECT = "docs-yaml-samples";
/** The top-level keys a sample may have and the merge knows; a sample with another key is previewed alone. */
const MERGEABLE = new Set(["name", "runtime", "description", "resources", "variables", "outputs"]);

type Doc = Record<string, unknown>;
const isObject = (v: unknown): v is Doc => typeof v === "object" && v !== null && !Array.isArray(v);

interface Sample {
  block: CodeBlock;
  /** `file:line` of the sample's fence. */
  where: string;
  doc: Doc;
}

const samples = (): Sample[] =>
  sampleFiles()
    .flatMap((f) => codeBlocks(f))
    .filter((b) => b.lang === "yaml" || b.lang === "yml")
    .map((block) => {
      const doc = yaml.load(block.code);
      if (!isObject(doc)) throw new Error(`${block.file}:${block.line}: not a YAML map`);
      return { block, where: `${block.file}:${block.line}`, doc };
    });

/** `value` with every `${name...}` reference to one of `names` renamed `${prefix}name`. */
function renameRefs(value: unknown, names: Set<string>, prefix: string): unknown {
  if (typeof value === "string") return value.replace(/\$\{([\w-]+)/g, (m, n: string) => (names.has(n) ? `\${${prefix}${n}` : m));
  if (Array.isArray(value)) return value.map((v) => renameRefs(v, names, prefix));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, renameRefs(v, names, prefix)]));
  return value;
}

/** One sample's sections with its names prefixed (resources, variables, outputs). */
function prefixed(doc: Doc, prefix: string): Record<"resources" | "variables" | "outputs", Doc> {
  const section = (key: string): Doc => (isObject(doc[key]) ? (doc[key] as Doc) : {});
  const names = new Set([...Object.keys(section("resources")), ...Object.keys(section("variables"))]);
  const rename = (key: string) => Object.fromEntries(Object.entries(section(key)).map(([k, v]) => [`${prefix}${k}`, renameRefs(v, names, prefix)])) as Doc;
  return { resources: rename("resources"), variables: rename("variables"), outputs: rename("outputs") };
}

/** One program holding `parts` (each sample already prefixed), under the fixed project name. */
function program(parts: Record<"resources" | "variables" | "outputs", Doc>[]): string {
  const merged: Doc = { name: PROJECT, runtime: "yaml" };
  for (const key of ["variables", "resources", "outputs"] as const) {
    const all = Object.assign({}, ...parts.map((p) => p[key]));
    if (Object.keys(all).length) merged[key] = all;
  }
  return yaml.dump(merged, { lineWidth: -1 });
}

const mergeable = (s: Sample) => Object.keys(s.doc).every((k) => MERGEABLE.has(k));
/** A sample alone, as written but for the project name. */
const alone = (s: Sample) => yaml.dump({ ...s.doc, name: PROJECT }, { lineWidth: -1 });

/** The last lines of an engine run (its diagnostics), without the language host's PATH warning. */
const tail = (text: string, n = 25) =>
  text
    .trimEnd()
    .split("\n")
    .filter((l) => !l.includes("using pulumi-language-yaml from $PATH"))
    .slice(-n)
    .join("\n");

let project: PulumiProject;
async function preview(text: string): Promise<{ code: number; output: string }> {
  fs.writeFileSync(path.join(project.programDir, "Pulumi.yaml"), text);
  return project.preview({ allowFailure: true, timeoutMs: 300_000 });
}

test("there are YAML samples, and each one's resources are in the merged program", () => {
  const all = samples();
  expect(all.length).toBeGreaterThanOrEqual(4);
  const merged = yaml.load(program(all.filter(mergeable).map((s, i) => prefixed(s.doc, `s${i}-`)))) as Doc;
  all.filter(mergeable).forEach((s, i) => {
    for (const name of Object.keys((s.doc.resources as Doc) ?? {}))
      expect({ sample: s.where, name, merged: `s${i}-${name}` in (merged.resources as Doc) }).toEqual({ sample: s.where, name, merged: true });
  });
});

test("every YAML sample of README.md and docs/ previews through the engine with the native plugin", async () => {
  const all = samples();
  const together = all.filter(mergeable);
  const apart = all.filter((s) => !mergeable(s));
  project = await engine.yaml("dtsi76118o3w92xxxx", { program: program([]), label: "docs-yaml" });

  const failures: string[] = [];
  const merged = await preview(program(together.map((s, i) => prefixed(s.doc, `s${i}-`))));
  // Each resource of each sample was planned (the preview summary counts them: `+ N to create`).
  const resources = together.reduce((n, s) => n + Object.keys((s.doc.resources as Doc) ?? {}).length, 0);
  if (merged.code === 0) expect(merged.output).toMatch(new RegExp(`\\+ ${resources + 1} to create`));
  else {
    // Find the culprits: each sample alone (only on failure, so a green run costs one preview).
    for (const s of together) {
      const r = await preview(alone(s));
      if (r.code !== 0) failures.push(`${s.where}: pulumi preview failed:\n${tail(r.output)}`);
    }
    if (failures.length === 0) failures.push(`the merged program failed but every sample alone passes (the merge is at fault):\n${tail(merged.output)}`);
  }
  for (const s of apart) {
    const r = await preview(alone(s));
    if (r.code !== 0) failures.push(`${s.where}: pulumi preview failed:\n${tail(r.output)}`);
  }
  expect(failures).toEqual([]);
});
