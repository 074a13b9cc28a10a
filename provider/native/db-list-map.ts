/**
 * The typed `dbList` of the native schema (`dts:index:DbListDatabase` per database, `dts:index:DbListTable` per
 * table) checked at preview: a value of the wrong type under a key the schema types fails naming its path
 * (`dbList.db1.Table.orders.all`) and the fix. Languages that type-check (YAML, Go, .NET, mypy) catch most of this
 * first; a Python dict is not checked by the runtime. Other keys pass through as they are (the DbList document
 * lists more than is typed), as in the JSON text, which the shared check takes as it is.
 */
import { z } from "zod";
import { formatPath } from "../../sdk/wire/decode";
import type { CheckFailure } from "../shared/inputs";

const op = (kind: "DML" | "DDL") => z.string({ error: `expected the ${kind} operations as a string, as the DbList document describes` }).optional();

const DbListTable = z.looseObject(
  {
    name: z.string({ error: 'expected the destination table name as a string, e.g. name: "orders"' }).optional(),
    all: z.boolean({ error: "expected true (every column) or false (only the columns in column)" }).optional(),
    filter: z.string({ error: 'expected a condition as a string, e.g. filter: "id>10"' }).optional(),
    column: z.record(z.string(), z.unknown(), { error: "expected a map of columns, as the DbList document describes" }).optional(),
    dml_op: op("DML"),
    ddl_op: op("DDL"),
  },
  { error: 'expected a table entry such as {name: "orders", all: true}' },
);

const DbListDatabase = z.looseObject(
  {
    name: z.string({ error: 'expected the destination database name as a string, e.g. name: "db1"' }).optional(),
    all: z.boolean({ error: "expected true (the whole database) or false (only the tables in Table)" }).optional(),
    Table: z
      .record(z.string(), DbListTable, { error: 'expected a map of tables: source table name -> entry, e.g. Table: {orders: {name: "orders", all: true}}' })
      .optional(),
    dml_op: op("DML"),
    ddl_op: op("DDL"),
  },
  { error: 'expected a database entry such as {name: "db1", all: true}' },
);

const DbListMap = z.record(z.string(), DbListDatabase, {
  error: 'expected a map of databases: source database name -> entry, e.g. {db1: {name: "db1", all: true}}',
});

/** The failures of a typed `dbList` (plain values), each naming its path; none for a valid one. */
export function dbListMapFailures(value: unknown): CheckFailure[] {
  const parsed = DbListMap.safeParse(value);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => ({ property: formatPath(issue.path, "dbList"), reason: issue.message }));
}
