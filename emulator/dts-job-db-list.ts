/**
 * The new API's `DbList` / `DbObject` format (DTS "Objects of DTS tasks", doc 209545) <-> the emulator's DbSpec.
 * `{"srcDb":{"name":"dstDb","all":true}}` is a whole database; `"all":false,"Table":{"t":{"name":"t2","all":true}}`
 * lists tables. Other keys (dml_op, ddl_op, filter, column, state) are kept in the raw JSON the job reads back.
 */
import { z } from "zod";
import type { DbSpec } from "./model";
import { invalidParameter } from "./protocol";

const Table = z.object({ name: z.string().min(1).optional(), all: z.boolean().optional() }).passthrough();
const Db = z.object({ name: z.string().min(1).optional(), all: z.boolean().optional(), Table: z.record(z.string().min(1), Table).optional() }).passthrough();
const DbListSchema = z.record(z.string().min(1), Db);

/** 1 MB, including filters (ModifyDtsJob page). */
export const DB_LIST_MAX_BYTES = 1024 * 1024;

/** Parse `DbList`; `InvalidParameter.DbList` naming the bad field and the fix. */
export function parseDbList(json: string): DbSpec[] {
  if (Buffer.byteLength(json) > DB_LIST_MAX_BYTES) throw invalidParameter("DbList", "It must be at most 1 MB, including filters.");
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch (e) {
    throw invalidParameter("DbList", `It is not valid JSON: ${(e as Error).message}`);
  }
  const r = DbListSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const path = issue.path.length ? issue.path.join(".") : "(root)";
    throw invalidParameter("DbList", `At ${path}: ${issue.message}. Expected {"srcDb":{"name":"dstDb","all":true}}.`);
  }
  const dbs = Object.entries(r.data);
  if (dbs.length === 0) throw invalidParameter("DbList", 'It lists no database. Expected {"srcDb":{"name":"dstDb","all":true}}.');
  return dbs.map(([src, db]) => {
    const tables = db.all === false && db.Table ? Object.entries(db.Table).map(([t, spec]) => ({ name: t, newName: spec.name ?? t })) : undefined;
    if (db.all === false && (!tables || tables.length === 0)) {
      throw invalidParameter("DbList", `At ${src}: "all":false needs a "Table" map with at least one table.`);
    }
    return { dbName: src, newDbName: db.name ?? src, ...(tables ? { tables } : {}) };
  });
}

/** DbSpec -> the DbObject JSON string (for jobs whose list did not come from a DbList). */
export function renderDbObject(objects: DbSpec[]): string {
  const out: Record<string, unknown> = {};
  for (const db of objects) {
    if (!db.tables) {
      out[db.dbName] = { name: db.newDbName, all: true };
      continue;
    }
    const Table: Record<string, unknown> = {};
    for (const t of db.tables) Table[t.name] = { name: t.newName, all: true };
    out[db.dbName] = { name: db.newDbName, all: false, Table };
  }
  return JSON.stringify(out);
}
