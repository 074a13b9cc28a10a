// The runtime matrix (scripts/matrix.json) and what is derived from it in one place: the pinned versions of a cell,
// its name, and the README's "Versions" table (tests/matrix checks the README holds exactly this table;
// `npm run matrix:bump` rewrites it).
"use strict";

const fs = require("node:fs");
const path = require("node:path");

const MATRIX_PATH = path.join(__dirname, "matrix.json");
const MATRIX = JSON.parse(fs.readFileSync(MATRIX_PATH, "utf8"));

/** Markers around the generated table in README.md. */
const TABLE_BEGIN = "<!-- matrix:begin (generated from scripts/matrix.json by `npm run matrix:bump`) -->";
const TABLE_END = "<!-- matrix:end -->";

/** The pinned versions of a cell: {node, pulumi, typescript?, typesNode?}. Throws naming a key the file lacks. */
function cellVersions(cell, matrix = MATRIX) {
  const pick = (table, key, what) => {
    const v = key === undefined ? undefined : table[key];
    if (!v) throw new Error(`scripts/matrix.json: a cell names ${what} "${key}", which the file does not pin`);
    return v;
  };
  const ts = cell.program === "typescript";
  return {
    node: pick(matrix.node, cell.node, "node"),
    pulumi: pick(matrix.pulumi, cell.pulumi, "pulumi"),
    typescript: ts ? pick(matrix.typescript, cell.typescript, "typescript") : undefined,
    typesNode: ts ? pick(matrix.typesNode, cell.node, "typesNode") : undefined,
  };
}

function programName(cell, v) {
  return cell.program === "esm" ? "ESM program (JavaScript)" : `TypeScript ${v.typescript} program (CommonJS)`;
}

/** "Node 24.22.3, @pulumi/pulumi 3.276.0, ESM program (JavaScript)". */
function cellName(cell, matrix = MATRIX) {
  const v = cellVersions(cell, matrix);
  return `Node ${v.node}, @pulumi/pulumi ${v.pulumi}, ${programName(cell, v)}`;
}

/** The README table of the tested cells (markers included). */
function versionsTable(matrix = MATRIX) {
  const rows = matrix.cells.map((cell) => {
    const v = cellVersions(cell, matrix);
    return `| ${v.node} | ${v.pulumi} | ${programName(cell, v)} |`;
  });
  return [TABLE_BEGIN, "| Node.js | `@pulumi/pulumi` | program |", "|---|---|---|", ...rows, TABLE_END].join("\n");
}

/** Replace the table between the markers in `readme` (throws when the markers are missing). */
function replaceVersionsTable(readme, matrix = MATRIX) {
  const a = readme.indexOf(TABLE_BEGIN);
  const b = readme.indexOf(TABLE_END);
  if (a < 0 || b < a) throw new Error(`README.md: the matrix table markers are missing (${TABLE_BEGIN} ... ${TABLE_END})`);
  return readme.slice(0, a) + versionsTable(matrix) + readme.slice(b + TABLE_END.length);
}

/** The table currently in `readme` (markers included), or undefined. */
function readmeVersionsTable(readme) {
  const a = readme.indexOf(TABLE_BEGIN);
  const b = readme.indexOf(TABLE_END);
  return a < 0 || b < a ? undefined : readme.slice(a, b + TABLE_END.length);
}

module.exports = {
  MATRIX,
  MATRIX_PATH,
  TABLE_BEGIN,
  TABLE_END,
  cellVersions,
  cellName,
  versionsTable,
  replaceVersionsTable,
  readmeVersionsTable,
};
