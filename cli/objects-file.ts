/**
 * Reads the `--objects` file of `modify`: a JSON array in the typed form (`[{"dbName": ..., "tableIncludes":
 * [{"tableName": ...}]}]`) or the wire form the API takes (`[{"DBName": ..., "TableIncludes": [{"TableName": ...}]}]`).
 * Errors name the field, rooted at the file name (`objects.json[0].tableIncludes[1].tableName`).
 */
import { closeSync, openSync, readSync } from "node:fs";
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

/**
 * Largest objects file read, bytes. The whole object list goes into one request parameter; 4 MiB is far above any
 * real list, and the bound keeps `--objects /dev/zero` (or a huge file) from exhausting memory.
 */
export const MAX_OBJECTS_FILE_BYTES = 4 * 1024 * 1024;

/** Reads at most `limit + 1` bytes of `path` (also a device or a pipe, which have no size). */
function readBounded(path: string, limit: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(limit + 1);
    let length = 0;
    while (length < buffer.length) {
      const n = readSync(fd, buffer, length, buffer.length - length, null);
      if (n === 0) break;
      length += n;
    }
    return buffer.subarray(0, length);
  } finally {
    closeSync(fd);
  }
}

/** Reads and parses an objects file (at most {@link MAX_OBJECTS_FILE_BYTES}). */
export function readObjectsFile(path: string, limit = MAX_OBJECTS_FILE_BYTES): SynchronizationDatabase[] {
  let bytes: Buffer;
  try {
    bytes = readBounded(path, limit);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError([{ argument: ARGUMENT, message: `cannot read ${path}${code ? ` (${code})` : ""}` }]);
  }
  if (bytes.length > limit) {
    throw new UsageError([{ argument: ARGUMENT, message: `${path} is larger than ${limit / (1024 * 1024)} MiB: pass a JSON file with the object list` }]);
  }
  return parseObjectsText(bytes.toString("utf8"), basename(path));
}
