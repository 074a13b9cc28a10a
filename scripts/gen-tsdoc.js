#!/usr/bin/env node
// `npm run gen:docs` (second step): write the TSDoc comments of the TypeScript members that mirror the package schema
// from the schema's property descriptions, so the schema (provider/native/: schema.ts and the resources' schema files)
// is the one source of every input, output and object-type description. The members are found with the TypeScript
// compiler API wherever they are declared under provider/ and sdk/ (by interface or class name, see TARGETS): a
// resource's `<Name>Args` interface mirrors its inputs, the `<Name>` resource class its outputs, and each object type
// its interface. A declaration's members include those it inherits from a base declared there too (an abstract resource
// class in provider/shared/, an `extends`ed interface): a member shared that way is written once, and only while every
// declaration inheriting it has the same description for it (else it is reported: declare it in each).
// Only the comment's text is written; a comment's block tags (`@default`, `@internal`, ...) are kept.
// `--check` writes nothing and exits 1 naming each member that differs (tests/docs/tsdoc.test.ts runs the same plan).
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const ts = require("typescript");
const { loadSchema } = require("./gen-docs");

const ROOT = path.join(__dirname, "..");
/** Where the mirrored declarations may live. */
const SOURCE_DIRS = ["provider", "sdk"];
/** A comment on one line while it fits this many columns, else wrapped to it. */
const WIDTH = 120;
/** A one-line comment may reach the formatter's line width (biome.jsonc). */
const ONE_LINE_WIDTH = 160;

/**
 * Object types of the schema -> the TypeScript interface that mirrors them (its members are the type's properties).
 * `null` with a reason: the type has no interface of its own on purpose.
 */
const TYPE_INTERFACES = {
  "dts:index:SynchronizationTable": "SynchronizationTable",
  "dts:index:ExcludedTable": { none: "TypeScript writes it inline in SynchronizationDatabase.tableExcludes (`{ tableName: string }[]`)" },
  "dts:index:SynchronizationDatabase": "SynchronizationDatabase",
  "dts:index:WaitOptions": "WaitOptions",
  "dts:index:FailOnOptions": "FailOnOptions",
  "dts:index:PrecheckItem": "PrecheckItemOutput",
  "dts:index:Precheck": "PrecheckOutput",
  "dts:index:Phase": "PhaseOutput",
  "dts:index:FailedTable": "FailedTable",
  "dts:index:TableCounts": "TablesOutput",
  "dts:index:DbListDatabase": "DtsDbListEntry",
  "dts:index:DbListTable": "DtsDbListTable",
  "dts:index:DtsJobFailOnOptions": "DtsJobFailOnOptions",
  "dts:index:FailedObject": "FailedObjectOutput",
  "dts:index:CaughtUpOptions": "CaughtUpOption",
  "dts:index:CaughtUpResult": "CaughtUpOutput",
  "dts:index:SynchronizationJobInitializationFailOnOptions": "SynchronizationJobInitializationFailOnOptions",
  "dts:index:DtsJobInitializationFailOnOptions": "DtsJobInitializationFailOnOptions",
};

/**
 * Where the TypeScript face deliberately differs from the schema, by resource token, `inputs` or `outputs`, member.
 * `absent`: the schema property has no TypeScript member (why). `note`: a paragraph written after the schema's text in
 * the TypeScript comment only (what differs there).
 */
const TS_DIFFERENCES = {
  "dts:index:SynchronizationObjectModification": {
    inputs: {
      synchronizationObjectsJson: { absent: "TypeScript's `synchronizationObjects` takes the JSON text itself (a string | list union)" },
      synchronizationObjects: {
        note: 'TypeScript: this input also takes the JSON text (`[{"DBName":"db","TableIncludes":[{"TableName":"t"}]}]`; there is no `synchronizationObjectsJson`); both forms are stored as the typed list.',
      },
    },
    outputs: {
      synchronizationObjects: { note: "TypeScript: the JSON text is given to `synchronizationObjects` itself." },
    },
  },
  "dts:index:DtsJobModification": {
    inputs: {
      dbListJson: { absent: "TypeScript's `dbList` takes the JSON text itself (a string | map union)" },
      dbList: { note: "TypeScript: this input also takes the JSON text (there is no `dbListJson`); both forms are stored as the canonical text." },
      waitOnly: { note: "TypeScript: exactly one of `dbList` and `waitOnly` (`dbList` takes the JSON text too)." },
    },
    outputs: {
      dbList: { note: "TypeScript: the JSON text is given to `dbList` itself." },
    },
  },
};

/** The mirrored declarations: `{ owner, kind, name, props, differences }` (`owner` names it in messages). */
function targets(schema) {
  const out = [];
  for (const [token, res] of Object.entries(schema.resources)) {
    const name = token.split(":").pop();
    const diff = TS_DIFFERENCES[token] ?? {};
    out.push({ owner: `${token} inputs`, kind: "interface", name: `${name}Args`, props: res.inputProperties ?? {}, differences: diff.inputs ?? {} });
    out.push({ owner: `${token} outputs`, kind: "class", name, props: res.properties ?? {}, differences: diff.outputs ?? {} });
  }
  for (const [token, type] of Object.entries(schema.types ?? {})) {
    if (!type.properties) continue; // enums
    const mirror = TYPE_INTERFACES[token];
    if (mirror === undefined)
      throw new Error(`gen-tsdoc: the schema's type ${token} is not in TYPE_INTERFACES (scripts/gen-tsdoc.js): name its TypeScript interface`);
    if (typeof mirror === "object") continue;
    out.push({ owner: token, kind: "interface", name: mirror, props: type.properties, differences: {} });
  }
  return out;
}

/** Every .ts source under SOURCE_DIRS, relative to `root`. */
function sourceFiles(root) {
  const files = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
      const rel = path.join(dir, e.name);
      if (e.isDirectory()) walk(rel);
      else if (rel.endsWith(".ts") && !rel.endsWith(".d.ts")) files.push(rel);
    }
  };
  for (const dir of SOURCE_DIRS) walk(dir);
  return files.sort();
}

/** The interfaces and classes declared at the top of `sources`: `"interface X"` / `"class X"` -> `[{file, node}]`. */
function declarationsIn(sources) {
  const declarations = new Map();
  for (const source of sources) {
    source.forEachChild((node) => {
      const kind = ts.isInterfaceDeclaration(node) ? "interface" : ts.isClassDeclaration(node) ? "class" : undefined;
      if (!kind || !node.name) return;
      const key = `${kind} ${node.name.text}`;
      declarations.set(key, [...(declarations.get(key) ?? []), { file: source.fileName, node }]);
    });
  }
  return declarations;
}

/** The declarations under provider/ and sdk/ of a root, parsed once (for {@link locate}). */
const parsedRoots = new Map();

/** The file (relative to `root`) declaring the one interface or class `name` under provider/ and sdk/; throws unless exactly one does. */
function locate(kind, name, root = ROOT) {
  if (!parsedRoots.has(root)) {
    const sources = sourceFiles(root).map((f) => ts.createSourceFile(f, fs.readFileSync(path.join(root, f), "utf8"), ts.ScriptTarget.Latest, true));
    parsedRoots.set(root, declarationsIn(sources));
  }
  const found = parsedRoots.get(root).get(`${kind} ${name}`);
  if (found?.length !== 1) throw new Error(`gen-tsdoc: ${found?.length ? "more than one" : "no"} ${kind} ${name} under ${SOURCE_DIRS.join("/, ")}/`);
  return found[0].file;
}

/**
 * The property members a declaration mirrors: its own, then those of the declarations it extends (a class's base class,
 * an interface's `extends` list), found by name under provider/ and sdk/ like the targets, nearest first: a member
 * declared again lower down shadows the inherited one. A base declared elsewhere (`pulumi.dynamic.Resource`) adds
 * nothing. Returns `name -> { file, node, owner }` (`owner`: the declaration's name) and the bases found twice.
 */
function inheritedMembers(declarations, kind, file, node) {
  const members = new Map();
  const problems = [];
  const seen = new Set();
  const visit = (file, node) => {
    if (seen.has(node)) return;
    seen.add(node);
    for (const m of node.members) {
      const isProperty = ts.isPropertySignature(m) || ts.isPropertyDeclaration(m);
      const name = isProperty ? memberName(m) : undefined;
      if (name !== undefined && !name.startsWith("__") && !members.has(name)) members.set(name, { file, node: m, owner: node.name.text });
    }
    for (const clause of node.heritageClauses ?? []) {
      if (clause.token !== ts.SyntaxKind.ExtendsKeyword) continue; // a class's `implements` declares nothing
      for (const base of clause.types) {
        if (!ts.isIdentifier(base.expression)) continue; // pulumi.dynamic.Resource and the like
        const found = declarations.get(`${kind} ${base.expression.text}`) ?? [];
        if (found.length > 1) problems.push(`more than one ${kind} ${base.expression.text} (the base of ${node.name.text}) under ${SOURCE_DIRS.join("/, ")}/`);
        if (found.length === 1) visit(found[0].file, found[0].node);
      }
    }
  };
  visit(file, node);
  return { members, problems };
}

/**
 * The property members of the one interface or class `name` under provider/ and sdk/, inherited ones included
 * (see {@link inheritedMembers}): `name -> { file, optional }`. For tests that compare a declaration with the schema.
 */
function membersOf(kind, name, root = ROOT) {
  const file = locate(kind, name, root);
  const declarations = parsedRoots.get(root);
  const [{ node }] = declarations.get(`${kind} ${name}`);
  const { members, problems } = inheritedMembers(declarations, kind, file, node);
  if (problems.length) throw new Error(`gen-tsdoc: ${problems.join("; ")}`);
  return new Map([...members].map(([n, m]) => [n, { file: m.file, optional: !!m.node.questionToken }]));
}

/** A member's name as written (`dbName`, `"dml_op"` -> `dml_op`). */
function memberName(member) {
  const n = member.name;
  if (!n) return undefined;
  if (ts.isIdentifier(n) || ts.isStringLiteral(n)) return n.text;
  return undefined;
}

/** The `/** ... *\/` comment directly above `node` (only whitespace between), as `{ pos, end, text }`. */
function docComment(text, node) {
  const ranges = ts.getLeadingCommentRanges(text, node.pos) ?? [];
  const last = ranges[ranges.length - 1];
  if (!last || !text.startsWith("/**", last.pos)) return undefined;
  if (text.slice(last.end, node.getStart()).trim() !== "") return undefined;
  return { pos: last.pos, end: last.end, text: text.slice(last.pos, last.end) };
}

/** A comment's lines without the `/**`, `*\/` and ` * ` decoration. */
function commentLines(comment) {
  const body = comment.replace(/^\/\*\*/, "").replace(/\*\/$/, "");
  return body
    .split("\n")
    .map((l) => l.replace(/^\s*\* ?/, "").trimEnd())
    .filter((l, i, all) => !((i === 0 || i === all.length - 1) && l.trim() === ""));
}

/** A comment split into its text lines and its block tags (from the first `@tag` starting a word: `/** Text. @default 3 *\/`). */
function splitTags(comment) {
  const lines = commentLines(comment);
  for (let i = 0; i < lines.length; i++) {
    const at = lines[i].search(/(^|\s)@[a-z]/);
    if (at < 0) continue;
    const head = lines[i].slice(0, at).trim();
    return { text: [...lines.slice(0, i), ...(head ? [head] : [])], tags: [lines[i].slice(at).trim(), ...lines.slice(i + 1)] };
  }
  return { text: lines, tags: [] };
}

/** The block tags of a comment, kept as written. */
const blockTags = (comment) => splitTags(comment).tags;

/** `text` broken into lines of at most `width` columns (a longer word stays whole). */
function wrap(text, width) {
  const lines = [];
  let line = "";
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** The comment a member gets: the paragraphs (schema text, then a TypeScript note) and the kept tags, at `indent`. */
function renderComment(paragraphs, tags, indent) {
  for (const p of paragraphs) if (p.includes("*/")) throw new Error(`gen-tsdoc: a description holds "*/", which would end the comment: ${p}`);
  const oneLine = `${indent}/** ${paragraphs[0]} */`;
  if (paragraphs.length === 1 && tags.length === 0 && oneLine.length <= ONE_LINE_WIDTH) return oneLine.trimStart();
  const width = WIDTH - indent.length - 3;
  const body = [];
  paragraphs.forEach((p, i) => {
    if (i > 0) body.push("");
    body.push(...wrap(p, width));
  });
  body.push(...tags);
  return ["/**", ...body.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)), `${indent} */`].join("\n");
}

/** The paragraphs the comment of `prop` (a schema property of `target`) holds. */
function paragraphsOf(target, name, spec) {
  if (typeof spec.description !== "string" || spec.description.trim() === "") return undefined;
  const note = target.differences[name]?.note;
  return [spec.description.replace(/\s+/g, " ").trim(), ...(note ? [note] : [])];
}

/**
 * The plan: for each file holding a mirrored declaration, its text as it should be (`expected`) and as it is
 * (`actual`), with the members whose comment differs; and `problems`, the mirrors that do not line up (a declaration
 * missing or declared twice, a property without member or the other way round, a property without description).
 * `read(file)` returns a source's text (the test hands it an edited copy).
 */
function plan(schema, root = ROOT, read = (file) => fs.readFileSync(path.join(root, file), "utf8")) {
  const problems = [];
  const files = sourceFiles(root);
  const texts = new Map();
  const parsed = new Map();
  const parse = (file) => {
    if (!parsed.has(file)) {
      const text = read(file);
      texts.set(file, text);
      parsed.set(file, ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true));
    }
    return parsed.get(file);
  };
  const declarations = declarationsIn(files.map(parse));
  const edits = new Map(); // file -> [{pos, end, insert, member}]
  const wantedAt = new Map(); // `file:start` of a member -> the comment the first target wanting it wants, and that target
  for (const target of targets(schema)) {
    const found = declarations.get(`${target.kind} ${target.name}`) ?? [];
    if (found.length !== 1) {
      problems.push(`${target.owner}: ${found.length ? "more than one" : "no"} ${target.kind} ${target.name} under ${SOURCE_DIRS.join("/, ")}/`);
      continue;
    }
    const [{ file, node }] = found;
    const inherited = inheritedMembers(declarations, target.kind, file, node);
    for (const p of inherited.problems) problems.push(`${target.owner}: ${p}`);
    const members = inherited.members;
    for (const name of Object.keys(target.differences)) {
      if (!(name in target.props)) problems.push(`${target.owner}: TS_DIFFERENCES names \`${name}\`, which the schema does not have`);
    }
    for (const [name, m] of members) {
      if (!(name in target.props)) problems.push(`${target.owner}: ${m.file} ${m.owner}.${name} has no property in the schema`);
    }
    for (const [name, spec] of Object.entries(target.props)) {
      const found = members.get(name);
      const absent = target.differences[name]?.absent;
      if (!found) {
        if (!absent) problems.push(`${target.owner}: the schema's \`${name}\` has no member in ${file} ${target.name}`);
        continue;
      }
      if (absent) problems.push(`${target.owner}: ${target.name}.${name} exists, but TS_DIFFERENCES says it is absent (${absent})`);
      const paragraphs = paragraphsOf(target, name, spec);
      if (!paragraphs) {
        problems.push(`${target.owner}: the schema's \`${name}\` has no description`);
        continue;
      }
      const { file: memberFile, node: member, owner } = found;
      const text = texts.get(memberFile);
      const start = member.getStart();
      const lineStart = text.lastIndexOf("\n", start - 1) + 1;
      const indent = text.slice(lineStart, start);
      const current = docComment(text, member);
      const wanted = renderComment(paragraphs, current ? blockTags(current.text) : [], indent);
      // A member of a shared base serves every declaration that extends it: they must all want the same comment.
      const key = `${memberFile}:${start}`;
      const first = wantedAt.get(key);
      if (first && first.wanted !== wanted) {
        problems.push(
          `${target.owner}: ${memberFile} ${owner}.${name} is shared with ${first.owner}, whose schema description differs: declare \`${name}\` in ${target.name} and in ${first.name} instead`,
        );
        continue;
      }
      if (first) continue;
      wantedAt.set(key, { wanted, owner: target.owner, name: target.name });
      if (current?.text === wanted) continue;
      const list = edits.get(memberFile) ?? [];
      list.push(
        current
          ? { pos: current.pos, end: current.end, insert: wanted, member: name }
          : { pos: start, end: start, insert: `${wanted}\n${indent}`, member: name },
      );
      edits.set(memberFile, list);
    }
  }
  const changes = [...edits].map(([file, list]) => {
    let expected = texts.get(file);
    for (const e of [...list].sort((a, b) => b.pos - a.pos)) expected = expected.slice(0, e.pos) + e.insert + expected.slice(e.end);
    return { file, expected, actual: texts.get(file), members: list.map((e) => e.member) };
  });
  return { changes, problems };
}

/** The comment text of a member (tags left out), for messages and tests. */
function commentText(comment) {
  return splitTags(comment).text.join(" ").replace(/\s+/g, " ").trim();
}

function main() {
  const check = process.argv.includes("--check");
  const { changes, problems } = plan(loadSchema());
  for (const p of problems) process.stderr.write(`gen-tsdoc: ${p}\n`);
  if (check) {
    for (const c of changes) process.stderr.write(`${c.file}: the comments of ${c.members.join(", ")} differ from the schema: run \`npm run gen:docs\`\n`);
    process.exitCode = changes.length || problems.length ? 1 : 0;
    return;
  }
  for (const c of changes) {
    fs.writeFileSync(path.join(ROOT, c.file), c.expected);
    process.stdout.write(`updated ${c.file} (${c.members.join(", ")})\n`);
  }
  if (changes.length === 0) process.stdout.write("the TSDoc of the mirrored members is up to date with the schema\n");
  if (problems.length) process.exitCode = 1;
}

module.exports = { plan, targets, locate, membersOf, commentText, docComment, renderComment, TYPE_INTERFACES, TS_DIFFERENCES };

if (require.main === module) main();
