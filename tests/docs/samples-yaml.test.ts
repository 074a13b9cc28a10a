/**
 * Every YAML sample (```yaml) of the README and docs/ is a Pulumi YAML program whose `dts` resources fit the package
 * schema: known properties with values of the schema's types (nested objects and lists followed), required inputs
 * present, `${resource.output}` references naming outputs the resource has, known resource options, and a `version`
 * beside every `pluginDownloadURL` (the engine cannot ask an http source for its latest version). Every sample also
 * runs `pulumi preview` through the engine in tests/docs/samples-yaml-preview.test.ts, and the SOM page's YAML
 * program `pulumi up` in tests/native/plugin-install.test.ts.
 */
import { ensureBuilt } from "../support/build";
import { loadSchema, type PropertySpec, type Schema } from "../../scripts/gen-docs";
import { type CodeBlock, codeBlocks, docFiles, ROOT, read, sampleFiles } from "../support/markdown";

// js-yaml comes with @pulumi/pulumi (a devDependency); its own types are not installed.
const yaml = require("js-yaml") as { load(text: string): unknown };

/** Resource options a Pulumi YAML program may set (pulumi-yaml's `options`). */
const OPTIONS = new Set([
  "additionalSecretOutputs",
  "aliases",
  "customTimeouts",
  "deleteBeforeReplace",
  "deletedWith",
  "dependsOn",
  "ignoreChanges",
  "import",
  "parent",
  "protect",
  "provider",
  "providers",
  "replaceOnChanges",
  "retainOnDelete",
  "version",
  "pluginDownloadURL",
]);

let schema: Schema;
beforeAll(() => {
  ensureBuilt();
  schema = loadSchema(ROOT);
});

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
/** A `${...}` interpolation or an `fn::` call: its type is known only to the engine. */
const isExpression = (v: unknown) => (typeof v === "string" && /^\$\{.+\}$/.test(v)) || (isObject(v) && Object.keys(v).some((k) => k.startsWith("fn::")));

/** Problems of `value` against the schema property `spec`, at `where`. */
function checkValue(value: unknown, spec: PropertySpec, where: string): string[] {
  if (isExpression(value)) return [];
  if (Array.isArray(spec.oneOf)) {
    const arms = (spec.oneOf as PropertySpec[]).map((arm) => checkValue(value, arm, where));
    return arms.some((a) => a.length === 0) ? [] : [`${where}: fits none of the types ${JSON.stringify(spec.oneOf)}`];
  }
  if (spec.$ref === "pulumi.json#/Any" || spec.$ref === "pulumi.json#/Json") return [];
  if (typeof spec.$ref === "string") {
    const token = spec.$ref.replace(/^#\/types\//, "");
    const type = schema.types?.[token];
    if (!type) return [`${where}: the schema has no type ${token}`];
    if ((type as PropertySpec).type !== "object") {
      const allowed = (type as { enum?: { value: unknown }[] }).enum?.map((e) => e.value);
      if (allowed && !allowed.includes(value)) return [`${where}: ${JSON.stringify(value)} is not one of ${JSON.stringify(allowed)}`];
      return checkValue(value, { type: (type as PropertySpec).type }, where);
    }
    return checkObject(value, type.properties ?? {}, type.required ?? [], where);
  }
  switch (spec.type) {
    case "string":
      return typeof value === "string" ? [] : [`${where}: expected a string, got ${JSON.stringify(value)}`];
    case "number":
    case "integer":
      return typeof value === "number" ? [] : [`${where}: expected a number, got ${JSON.stringify(value)}`];
    case "boolean":
      return typeof value === "boolean" ? [] : [`${where}: expected a boolean, got ${JSON.stringify(value)}`];
    case "array":
      return Array.isArray(value)
        ? value.flatMap((v, i) => checkValue(v, spec.items as PropertySpec, `${where}[${i}]`))
        : [`${where}: expected a list, got ${JSON.stringify(value)}`];
    case "object":
      return isObject(value)
        ? Object.entries(value).flatMap(([k, v]) =>
            spec.additionalProperties ? checkValue(v, spec.additionalProperties as PropertySpec, `${where}.${k}`) : [],
          )
        : [`${where}: expected a map, got ${JSON.stringify(value)}`];
    default:
      return [`${where}: the schema type ${JSON.stringify(spec)} is not handled by this check`];
  }
}

function checkObject(value: unknown, props: Record<string, PropertySpec>, required: string[], where: string): string[] {
  if (!isObject(value)) return [`${where}: expected an object, got ${JSON.stringify(value)}`];
  const problems = Object.entries(value).flatMap(([k, v]) =>
    props[k] ? checkValue(v, props[k]!, `${where}.${k}`) : [`${where}.${k}: not a property of the schema`],
  );
  for (const r of required) if (!(r in value)) problems.push(`${where}: required ${r} is missing`);
  return problems;
}

/** Every problem of one YAML sample. */
function checkProgram(block: CodeBlock): string[] {
  const at = `${block.file}:${block.line}`;
  let doc: unknown;
  try {
    doc = yaml.load(block.code);
  } catch (e) {
    return [`${at}: not YAML: ${(e as Error).message}`];
  }
  if (!isObject(doc)) return [`${at}: not a Pulumi YAML program (no top-level map)`];
  const problems: string[] = [];
  if (typeof doc.name !== "string" || doc.runtime !== "yaml") problems.push(`${at}: a program needs \`name\` and \`runtime: yaml\``);
  const resources = isObject(doc.resources) ? doc.resources : {};
  if (Object.keys(resources).length === 0) problems.push(`${at}: no resources`);
  const typeOf = new Map<string, string>();
  for (const [name, res] of Object.entries(resources)) {
    if (!isObject(res) || typeof res.type !== "string") {
      problems.push(`${at} ${name}: no type`);
      continue;
    }
    typeOf.set(name, res.type);
    const options = isObject(res.options) ? res.options : {};
    for (const k of Object.keys(options)) if (!OPTIONS.has(k)) problems.push(`${at} ${name}.options.${k}: not a resource option`);
    if ("pluginDownloadURL" in options && !("version" in options)) {
      problems.push(`${at} ${name}: pluginDownloadURL without version (the engine cannot ask an http source for the latest version)`);
    }
    if (res.type === "pulumi:providers:dts") {
      const config = (schema.provider as { inputProperties?: Record<string, PropertySpec> } | undefined)?.inputProperties ?? {};
      problems.push(...checkObject(res.properties ?? {}, config, [], `${at} ${name}.properties`));
      continue;
    }
    const spec = schema.resources[res.type];
    if (!res.type.startsWith("dts:")) continue;
    if (!spec) {
      problems.push(`${at} ${name}: the schema has no resource ${res.type}`);
      continue;
    }
    problems.push(...checkObject(res.properties ?? {}, spec.inputProperties ?? {}, spec.requiredInputs ?? [], `${at} ${name}.properties`));
  }
  for (const m of block.code.matchAll(/\$\{([\w-]+)\.(\w+)/g)) {
    const type = typeOf.get(m[1]!);
    if (!type) problems.push(`${at}: \${${m[1]}.${m[2]}} names no resource of the program`);
    else if (schema.resources[type] && !(m[2]! in (schema.resources[type]!.properties ?? {}))) problems.push(`${at}: ${type} has no output ${m[2]}`);
  }
  return problems;
}

const samples = () =>
  sampleFiles()
    .flatMap((f) => codeBlocks(f))
    .filter((b) => b.lang === "yaml" || b.lang === "yml");

test("there are YAML samples, one for each resource at least", () => {
  const blocks = samples();
  for (const token of Object.keys(schema.resources))
    expect({ token, found: blocks.some((b) => b.code.includes(`type: ${token}`)) }).toEqual({ token, found: true });
});

test("every YAML sample is a program whose dts resources fit the schema", () => {
  expect(samples().flatMap(checkProgram)).toEqual([]);
});

test("the check finds a misspelt input, a wrong type, a missing required input, an unknown output and a mirror without version", () => {
  const bad = `name: x
runtime: yaml
resources:
  objs:
    type: dts:index:SynchronizationObjectModification
    properties:
      synchronizationObjets: []
      wait:
        timeoutMinutes: "sixty"
    options:
      pluginDownloadURL: http://mirror.example/dts
outputs:
  id: \${objs.taskIdentifier}
`;
  const problems = checkProgram({ file: "(test)", line: 1, lang: "yaml", code: bad }).join("\n");
  expect(problems).toMatch(/synchronizationObjets: not a property/);
  expect(problems).toMatch(/timeoutMinutes: expected a number/);
  expect(problems).toMatch(/required synchronizationJobId is missing/);
  expect(problems).toMatch(/has no output taskIdentifier/);
  expect(problems).toMatch(/pluginDownloadURL without version/);
});

test("wherever the docs show an http(s) pluginDownloadURL, the same paragraph or program shows `version`", () => {
  const missing: string[] = [];
  let shown = 0;
  for (const file of docFiles()) {
    for (const paragraph of read(file).split(/\n\s*\n/)) {
      if (!/pluginDownloadURL:?\s*`?https?:\/\//.test(paragraph)) continue;
      shown++;
      if (!/version/.test(paragraph)) missing.push(`${file}: ${paragraph.slice(0, 120)}`);
    }
  }
  expect(shown).toBeGreaterThanOrEqual(2);
  expect(missing).toEqual([]);
});
