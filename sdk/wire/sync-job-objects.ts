/**
 * `SynchronizationObjects`: the typed form (`SynchronizationDatabase[]`) and the wire JSON string the API takes,
 * `[{"DBName":"db","NewDBName":"db","TableIncludes":[{"TableName":"t","NewTableName":"t"}],"TableExcludes":[{"TableName":"x"}]}]`.
 *
 * User input goes through `z.strictObject`, so a typo such as `tablename` fails with its path instead of being
 * dropped silently (which would sync a whole database instead of one table). Names are not checked for
 * characters: the API accepts regular expressions there.
 */
import { z } from "zod";
import { DtsInputError } from "../errors/errors";
import { formatPath } from "./decode";
import type { SynchronizationDatabase } from "../types";

/**
 * A database or table name. NUL bytes and line breaks are refused: DTS documents no such names, no database stores a
 * NUL in a name, and a line break would only forge lines wherever the name is printed.
 */
const name = (what: string) =>
  z
    .string({ error: `expected the ${what} as a string` })
    .trim()
    .min(1, { error: `the ${what} must not be empty` })
    .superRefine((value, ctx) => {
      const at = value.search(/[\0\r\n\u2028\u2029]/);
      if (at === -1) return;
      const c = value[at]!;
      const which = c === "\0" ? "a NUL byte" : "a line break";
      ctx.addIssue({ code: "custom", message: `the ${what} must not contain ${which} (found at character ${at + 1}): remove it` });
    });

/** One table in the typed form. */
export const SynchronizationTableInput = z.strictObject({
  tableName: name("source table name"),
  newTableName: name("destination table name").optional(),
});

/** One database in the typed form. */
export const SynchronizationDatabaseInput = z.strictObject({
  dbName: name("source database name"),
  newDbName: name("destination database name").optional(),
  tableIncludes: z.array(SynchronizationTableInput).min(1, { error: "tableIncludes must not be empty: omit it to sync the whole database" }).optional(),
  tableExcludes: z.array(z.strictObject({ tableName: name("excluded table name") })).optional(),
});

/**
 * The typed `synchronizationObjects` input: at least one database.
 *
 * @example
 * ```ts
 * SynchronizationObjectsInput.parse([{ dbName: "dtstestdata", tableIncludes: [{ tableName: "customer" }] }]);
 * ```
 */
export const SynchronizationObjectsInput = z
  .array(SynchronizationDatabaseInput, { error: "expected an array of databases" })
  .min(1, { error: "at least one database is required" })
  .superRefine((dbs, ctx) => {
    const seen = new Map<string, number>();
    dbs.forEach((db, i) => {
      const prior = seen.get(db.dbName);
      if (prior !== undefined) {
        ctx.addIssue({ code: "custom", path: [i, "dbName"], message: `database "${db.dbName}" is listed twice (also at [${prior}]): merge the entries` });
      }
      seen.set(db.dbName, i);
      if (db.tableIncludes && db.tableExcludes?.length) {
        ctx.addIssue({
          code: "custom",
          path: [i, "tableExcludes"],
          message: "tableExcludes applies only when the whole database is synced: drop it or drop tableIncludes",
        });
      }
    });
  });

/** The wire form, as sent to `ModifySynchronizationObject` (strict too: a misspelt key must not be ignored). */
export const SynchronizationObjectsWire = z
  .array(
    z.strictObject({
      DBName: name("DBName"),
      NewDBName: name("NewDBName").optional(),
      TableIncludes: z.array(z.strictObject({ TableName: name("TableName"), NewTableName: name("NewTableName").optional() })).optional(),
      TableExcludes: z.array(z.strictObject({ TableName: name("TableName") })).optional(),
    }),
    { error: 'expected a JSON array such as [{"DBName":"db"}]' },
  )
  .min(1, { error: "at least one database is required" });

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
  const parsed = SynchronizationObjectsInput.safeParse(dbs);
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
