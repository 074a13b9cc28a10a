/**
 * `SynchronizationObjects`: the typed form (`SynchronizationDatabase[]`) and the wire JSON string the API takes,
 * `[{"DBName":"db","NewDBName":"db","TableIncludes":[{"TableName":"t","NewTableName":"t"}],"TableExcludes":[{"TableName":"x"}]}]`.
 *
 * User input goes through `z.strictObject`, so a typo such as `tablename` fails with its path instead of being
 * dropped silently (which would sync a whole database instead of one table). Names are not checked for
 * characters: the API accepts regular expressions there.
 */
import type { z } from "zod";
import { DtsInputError } from "../errors/errors";
import { formatPath } from "./decode";
import type { SynchronizationDatabase } from "../types";
import { sameType, type WireParser } from "./parser";
import { SynchronizationObjectsInput as objectsSchema, SynchronizationObjectsWire } from "./sync-job-objects-schemas";

/**
 * The typed `synchronizationObjects` input: at least one database (the zod schema stays internal; see
 * `parser.ts`).
 *
 * @example
 * ```ts
 * SynchronizationObjectsInput.parse([{ dbName: "dtstestdata", tableIncludes: [{ tableName: "customer" }] }]);
 * ```
 */
export const SynchronizationObjectsInput: WireParser<SynchronizationDatabase[]> = objectsSchema;
// Compile-time: the schema parses to exactly the public SynchronizationDatabase[].
sameType<z.output<typeof objectsSchema>, SynchronizationDatabase[]>(true);

/** Turns the first issue into a DtsInputError naming the path (e.g. `synchronizationObjects[0].tableIncludes[1].tableName`). */
function inputError(error: z.ZodError, root: string, fix: string): DtsInputError {
  // A misspelt key shows up twice (the unknown key, and the required one missing): report the spelling, it is the cause.
  const issue = error.issues.find((i) => i.code === "unrecognized_keys") ?? error.issues[0]!;
  let problem = issue.message;
  let path = issue.path;
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0]!;
    const meant = error.issues
      .map((i) => i.path)
      .filter((p) => p.length === issue.path.length + 1 && issue.path.every((k, n) => p[n] === k))
      .map((p) => String(p[p.length - 1]))
      .find((k) => k.toLowerCase() === key.toLowerCase());
    problem = `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")}${meant ? ` (did you mean "${meant}"?)` : ""}`;
    path = [...issue.path, key];
  }
  const more = error.issues.length > 1 ? ` (and ${error.issues.length - 1} more problem${error.issues.length > 2 ? "s" : ""})` : "";
  return new DtsInputError(formatPath(path, root), problem + more, fix);
}

const TYPED_FIX = "use {dbName, newDbName?, tableIncludes?: [{tableName, newTableName?}], tableExcludes?: [{tableName}]}";
const WIRE_FIX = 'use [{"DBName":"db","NewDBName":"db","TableIncludes":[{"TableName":"t","NewTableName":"t"}]}]';

/**
 * Validates typed objects and returns them normalized (names trimmed).
 *
 * @throws DtsInputError naming the path and the fix.
 */
export function validateSynchronizationObjects(dbs: unknown, root = "synchronizationObjects"): SynchronizationDatabase[] {
  const parsed = objectsSchema.safeParse(dbs);
  if (!parsed.success) throw inputError(parsed.error, root, TYPED_FIX);
  return parsed.data;
}

/**
 * Typed objects -> the wire JSON string. Optional names are sent only when given (the service defaults them).
 *
 * @throws DtsInputError naming the path, e.g. `synchronizationObjects[0].tableIncludes[1].tableName`.
 * @example
 * ```ts
 * serializeSynchronizationObjects([{ dbName: "db", tableIncludes: [{ tableName: "t" }] }])
 * // '[{"DBName":"db","TableIncludes":[{"TableName":"t"}]}]'
 * ```
 */
export function serializeSynchronizationObjects(dbs: SynchronizationDatabase[]): string {
  const valid = validateSynchronizationObjects(dbs);
  return JSON.stringify(
    valid.map((db) => ({
      DBName: db.dbName,
      ...(db.newDbName !== undefined ? { NewDBName: db.newDbName } : {}),
      ...(db.tableIncludes
        ? {
            TableIncludes: db.tableIncludes.map((t) => ({
              TableName: t.tableName,
              ...(t.newTableName !== undefined ? { NewTableName: t.newTableName } : {}),
            })),
          }
        : {}),
      ...(db.tableExcludes?.length ? { TableExcludes: db.tableExcludes.map((t) => ({ TableName: t.tableName })) } : {}),
    })),
  );
}

/**
 * The wire JSON string -> typed objects.
 *
 * @throws DtsInputError naming the path in wire terms (e.g. `synchronizationObjects[0].TableIncludes[0].TableName`).
 * @example
 * ```ts
 * parseSynchronizationObjects('[{"DBName":"db"}]') // [{ dbName: "db" }]
 * ```
 */
export function parseSynchronizationObjects(json: string, root = "synchronizationObjects"): SynchronizationDatabase[] {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (error) {
    throw new DtsInputError(root, `not valid JSON (${(error as Error).message})`, WIRE_FIX);
  }
  const parsed = SynchronizationObjectsWire.safeParse(raw);
  if (!parsed.success) throw inputError(parsed.error, root, WIRE_FIX);
  const typed: SynchronizationDatabase[] = parsed.data.map((db) => ({
    dbName: db.DBName,
    ...(db.NewDBName !== undefined ? { newDbName: db.NewDBName } : {}),
    ...(db.TableIncludes
      ? { tableIncludes: db.TableIncludes.map((t) => ({ tableName: t.TableName, ...(t.NewTableName !== undefined ? { newTableName: t.NewTableName } : {}) })) }
      : {}),
    ...(db.TableExcludes ? { tableExcludes: db.TableExcludes.map((t) => ({ tableName: t.TableName })) } : {}),
  }));
  // The typed rules (no duplicate database, no includes + excludes) apply to wire input too.
  return validateSynchronizationObjects(typed, root);
}
