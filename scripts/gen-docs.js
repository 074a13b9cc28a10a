#!/usr/bin/env node
// `npm run gen:docs`: write the generated parts of docs/ from the package schema, the one source of the resources'
// descriptions (provider/native/: schema.ts and the resources' schema files, as `pulumi-resource-dts --schema` prints it).
//
// Every resource of the schema gets a page docs/<kebab-name>.md. In it, the regions between
// `<!-- gen:<section> begin ... -->` and `<!-- gen:<section> end -->` are generated (the resource's description, its
// inputs, its outputs, the object types they use); everything outside them is written by hand and kept. A resource
// without a page gets a new one holding the generated regions, ready for its examples. `--check` writes nothing and
// exits 1 naming each page that differs (tests/docs/tables.test.ts runs the same comparison).
"use strict";

const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.join(__dirname, "..");
const SECTIONS = ["description", "inputs", "outputs", "types"];

/** The schema, from the built plugin named in package.json's `bin` (so it follows the plugin wherever it moves). */
function loadSchema(root = ROOT) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
  const bin = path.join(root, pkg.bin["pulumi-resource-dts"]);
  const r = spawnSync(process.execPath, [bin, "--schema"], { encoding: "utf8" });
  if (r.error || r.status !== 0) {
    throw new Error(`gen-docs: \`node ${path.relative(root, bin)} --schema\` failed (${r.error?.message ?? `exit ${r.status}`}): ${r.stderr}`);
  }
  return JSON.parse(r.stdout);
}

/** `dts:index:DtsJobModification` -> `DtsJobModification`. */
const shortName = (token) => token.split(":").pop();
/** `DtsJobModification` -> `dts-job-modification`. */
const kebab = (name) => name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
/** The page of a resource token, relative to docs/. */
const pageOf = (token) => `${kebab(shortName(token))}.md`;
/** `synchronizationJobId` -> `synchronization_job_id` (the generated Python SDK's names). */
const snake = (name) => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();

/** A description as one table cell: one line, pipes escaped. */
const cell = (text) => (text ?? "").replace(/\s*\n\s*/g, " ").replace(/\|/g, "\\|");

/** A property's type in words, with object types linked to their table on the same page. */
function typeText(spec) {
  if (spec.$ref?.startsWith("pulumi.json#/")) return `\`${spec.$ref.slice("pulumi.json#/".length).toLowerCase()}\``;
  if (spec.$ref) {
    const name = shortName(spec.$ref.replace(/^#\/types\//, ""));
    return `[${name}](#${name.toLowerCase()})`;
  }
  if (spec.oneOf) return spec.oneOf.map(typeText).join(" or ");
  if (spec.type === "array") return `list of ${typeText(spec.items)}`;
  if (spec.type === "object" && spec.additionalProperties) return `map of ${typeText(spec.additionalProperties)}`;
  return `\`${spec.type}\``;
}

/** Object types a set of properties uses, followed through the types' own properties, in order of first use. */
function typesUsed(schema, propertySets) {
  const seen = [];
  const visit = (spec) => {
    if (!spec || typeof spec !== "object") return;
    if (spec.$ref?.startsWith("pulumi.json#/")) return; // Pulumi's built-in types (Any, Json, Archive, Asset)
    if (spec.$ref) {
      const token = spec.$ref.replace(/^#\/types\//, "");
      if (seen.includes(token)) return;
      seen.push(token);
      const type = schema.types?.[token];
      if (!type) throw new Error(`gen-docs: ${spec.$ref} names no type of the schema`);
      for (const p of Object.values(type.properties ?? {})) visit(p);
      return;
    }
    for (const s of spec.oneOf ?? []) visit(s);
    visit(spec.items);
    visit(spec.additionalProperties);
  };
  for (const props of propertySets) for (const p of Object.values(props ?? {})) visit(p);
  return seen;
}

function propertyTable(props, required, head) {
  const rows = Object.entries(props ?? {}).map(([name, spec]) => {
    const flags = [required.includes(name) ? "required" : "", spec.secret ? "secret" : ""].filter(Boolean).join(", ");
    return `| \`${name}\` | ${typeText(spec)} | ${flags} | ${cell(spec.description)} |`;
  });
  return [`| ${head} | type | | description |`, "|---|---|---|---|", ...rows].join("\n");
}

/** The generated regions of one resource's page. */
function renderSections(schema, token) {
  const res = schema.resources[token];
  const inputs = res.inputProperties ?? {};
  const outputs = res.properties ?? {};
  const pythonNames = Object.keys(inputs)
    .filter((k) => snake(k) !== k)
    .slice(0, 2)
    .map((k) => `\`${snake(k)}\``);
  const types = typesUsed(schema, [inputs, outputs]).map((t) => {
    const type = schema.types[t];
    const body = type.enum
      ? `One of: ${type.enum.map((e) => `\`${JSON.stringify(e.value)}\`${e.description ? ` (${cell(e.description)})` : ""}`).join(", ")}.`
      : propertyTable(type.properties, type.required ?? [], "property");
    return [`### ${shortName(t)}`, "", cell(type.description), "", body].join("\n");
  });
  return {
    description: [`Token: \`${token}\`.`, "", res.description ?? ""].join("\n"),
    inputs: [
      `Names as in TypeScript and YAML; Python uses snake_case (${pythonNames.join(", ") || "the same names"}, ...), Go and .NET PascalCase.`,
      "",
      propertyTable(inputs, res.requiredInputs ?? [], "input"),
    ].join("\n"),
    outputs: ["Every output of the resource; `required` marks the ones always set.", "", propertyTable(outputs, res.required ?? [], "output")].join("\n"),
    types: types.length ? types.join("\n\n") : "No object types.",
  };
}

const begin = (section) =>
  `<!-- gen:${section} begin: generated from the schema by \`npm run gen:docs\`; edit the schema in provider/native/ (schema.ts, dts-job-schema.ts, ...), not this -->`;
const end = (section) => `<!-- gen:${section} end -->`;
const region = (section, body) => `${begin(section)}\n${body.trim()}\n${end(section)}`;

/** A page for a resource that has none yet: the generated regions under the headings every resource page has. */
function newPage(schema, token, sections) {
  const name = shortName(token);
  const firstLine = (schema.resources[token].description ?? name).split("\n")[0];
  return [
    "---",
    `title: ${name}`,
    `meta_desc: ${firstLine.replace(/`/g, "")}`,
    "layout: package",
    "---",
    "",
    region("description", sections.description),
    "",
    "## Inputs",
    "",
    region("inputs", sections.inputs),
    "",
    "## Outputs",
    "",
    region("outputs", sections.outputs),
    "",
    "## Types",
    "",
    region("types", sections.types),
    "",
  ].join("\n");
}

/** `text` with each generated region replaced; throws when a region's markers are missing. */
function replaceSections(text, sections, page) {
  let out = text;
  for (const section of SECTIONS) out = replaceRegion(out, section, sections[section], page);
  return out;
}

/** docs/_index.md's list of resources: one line each, linking its page. */
function resourceList(schema) {
  return Object.keys(schema.resources)
    .map((token) => `- [${shortName(token)}](${pageOf(token)}) (\`${token}\`): ${cell((schema.resources[token].description ?? "").split("\n")[0])}`)
    .join("\n");
}

/** `text` with the one region `section` replaced; throws when its markers are missing. */
function replaceRegion(text, section, body, page) {
  const from = text.indexOf(begin(section));
  const to = text.indexOf(end(section));
  if (from < 0 || to < from) throw new Error(`gen-docs: docs/${page} has no region gen:${section} (its markers were removed or changed)`);
  return text.slice(0, from) + region(section, body) + text.slice(to + end(section).length);
}

/**
 * docs/_index.md and every resource page as they should be: `{page, token, expected, actual}` (`actual` undefined when the page is
 * missing). `read(page)` returns a page's text or undefined.
 */
function expectedPages(schema, read) {
  const index = read("_index.md");
  if (index === undefined) throw new Error("gen-docs: docs/_index.md is missing");
  const indexPage = {
    page: "_index.md",
    token: "(all resources)",
    expected: replaceRegion(index, "resources", resourceList(schema), "_index.md"),
    actual: index,
  };
  const resourcePages = Object.keys(schema.resources).map((token) => {
    const page = pageOf(token);
    const sections = renderSections(schema, token);
    const actual = read(page);
    const expected = actual === undefined ? newPage(schema, token, sections) : replaceSections(actual, sections, page);
    return { page, token, expected, actual };
  });
  return [indexPage, ...resourcePages];
}

function main() {
  const check = process.argv.includes("--check");
  const docs = path.join(ROOT, "docs");
  const read = (page) => (fs.existsSync(path.join(docs, page)) ? fs.readFileSync(path.join(docs, page), "utf8") : undefined);
  const pages = expectedPages(loadSchema(), read);
  const stale = pages.filter((p) => p.expected !== p.actual);
  if (check) {
    for (const p of stale) process.stderr.write(`docs/${p.page} differs from the schema (${p.token}): run \`npm run gen:docs\`\n`);
    process.exitCode = stale.length ? 1 : 0;
    return;
  }
  for (const p of stale) {
    fs.writeFileSync(path.join(docs, p.page), p.expected);
    process.stdout.write(`${p.actual === undefined ? "created" : "updated"} docs/${p.page}\n`);
  }
  if (stale.length === 0) process.stdout.write(`docs/ is up to date with the schema (${pages.length - 1} resource pages and _index.md)\n`);
}

module.exports = { loadSchema, expectedPages, renderSections, pageOf, typeText, snake, SECTIONS };

if (require.main === module) main();
