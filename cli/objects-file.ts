/**
 * Reads the `--objects` file of `modify`: a JSON array in the typed form (`[{"dbName": ..., "tableIncludes":
 * [{"tableName": ...}]}]`) or the wire form the API takes (`[{"DBName": ..., "TableIncludes": [{"TableName": ...}]}]`).
 * Errors name the field, rooted at the file name (`objects.json[0].tableIncludes[1].tableName`).
 */
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { parseSynchronizationObjects, validateSynchronizationObjects, type SynchronizationDatabase } from "../sdk";
import { UsageError } from "./usage-error";

const ARGUMENT = "--objects <file>";
const WIRE_KEYS = ["DBName", "NewDBName", "TableIncludes", "TableExcludes"];

/** Which form the file uses, judged by the keys of its first entry. */
export function objectsForm(raw: unknown[]): "typed" | "wire" {
  const first = raw[0];
  return first !== null && typeof first === "object" && WIRE_KEYS.some((k) => k in first) ? "wire" : "typed";
}

/** Parses the text of an objects file. @throws UsageError (not JSON, not an array) or DtsInputError (naming the field). */
export function parseObjectsText(text: string, root: string): SynchronizationDatabase[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new UsageError([{ argument: ARGUMENT, message: `${root} is not valid JSON (${(error as Error).message})` }]);
  }
  if (!Array.isArray(raw)) {
    throw new UsageError([
      {
        argument: ARGUMENT,
        message: `${root} must hold a JSON array of databases, e.g. [{"dbName":"db","tableIncludes":[{"tableName":"t"}]}] or [{"DBName":"db"}]`,
      },
    ]);
  }
  return objectsForm(raw) === "wire" ? parseSynchronizationObjects(text, root) : validateSynchronizationObjects(raw, root);
}

/** Reads and parses an objects file. */
export function readObjectsFile(path: string): SynchronizationDatabase[] {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError([{ argument: ARGUMENT, message: `cannot read ${path}${code ? ` (${code})` : ""}` }]);
  }
  return parseObjectsText(text, basename(path));
}
