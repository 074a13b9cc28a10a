/**
 * The zod schemas of `SynchronizationObjects` (the typed form and the wire form), used by `sync-job-objects.ts`
 * and the provider's input check. Internal: the public declarations type the typed form as a plain `WireParser`
 * (`sync-job-objects.ts`).
 *
 * User input goes through `z.strictObject`, so a typo such as `tablename` fails with its path instead of being
 * dropped silently. Names are not checked for characters: the API accepts regular expressions there.
 */
import { z } from "zod";

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
