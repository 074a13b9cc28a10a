/**
 * The `DbList` of `ModifyDtsJob` and the `DbObject` of `DescribeDtsJobDetail`: the same JSON map of databases
 * ("Objects of DTS tasks", help.aliyun.com/document_detail/209545): `{"srcDb":{"name":"dstDb","all":true}}`, or
 * `"all":false` with a `Table` map, per-table `filter`/`column`, `dml_op`/`ddl_op`. The API **replaces** the whole
 * list with the one sent, so the list given here is the complete list after the change.
 */
import { DtsInputError } from "../errors/errors";

/** A DbList: source database name -> its entry (kept open: the document lists more keys than are modelled). */
export type DtsDbList = Record<string, DtsDbListEntry>;
/**
 * One database of a {@link DtsDbList}. The members are the keys the native schema types (provider/native,
 * `dts:index:DbListDatabase`; tests/native/schema.test.ts compares them); other keys pass through as they are.
 */
export interface DtsDbListEntry {
  /** Destination database name (`name`). */
  name?: string;
  /** `true`: the whole database; `false`: only the tables in `Table`. */
  all?: boolean;
  /** The tables to sync when `all` is false: source table name -> its entry (`Table`). */
  Table?: Record<string, DtsDbListTable>;
  /** The DML operations to sync for this database (`dml_op`), as the DbList document describes. */
  dml_op?: string;
  /** The DDL operations to sync for this database (`ddl_op`), as the DbList document describes. */
  ddl_op?: string;
  [key: string]: unknown;
}
/** One table of a {@link DtsDbListEntry}'s `Table` map (`dts:index:DbListTable` in the native schema). */
export interface DtsDbListTable {
  /** Destination table name (`name`). */
  name?: string;
  /** `true`: every column; `false`: the columns in `column`. */
  all?: boolean;
  /** A filter condition rows must match (`filter`, e.g. `id>10`). */
  filter?: string;
  /** The columns to sync when `all` is false (`column`), as the DbList document describes. */
  column?: Record<string, unknown>;
  /** The DML operations to sync for this table (`dml_op`). */
  dml_op?: string;
  /** The DDL operations to sync for this table (`ddl_op`). */
  ddl_op?: string;
  [key: string]: unknown;
}

/** `ModifyDtsJob` limits the DbList (filters included) to 1 MB (the ModifyDtsJob API page). */
export const DB_LIST_MAX_BYTES = 1024 * 1024;

/**
 * The JSON text to send as `DbList`: a map given as an object is serialized, a string must parse to a non-empty
 * JSON object. Over 1 MB is refused before any call.
 *
 * @throws DtsInputError naming `dbList` and the fix.
 */
export function dbListText(input: DtsDbList | string): string {
  let value: unknown = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch (error) {
      throw new DtsInputError("dbList", `is not valid JSON (${(error as Error).message})`, 'pass a JSON object such as {"db1":{"name":"db1","all":true}}');
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value) || Object.keys(value).length === 0) {
    throw new DtsInputError(
      "dbList",
      "must be a non-empty JSON object of databases",
      'pass e.g. {"db1":{"name":"db1","all":true}}: the complete list after the change',
    );
  }
  for (const [db, entry] of Object.entries(value as Record<string, unknown>)) {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw new DtsInputError(`dbList.${db}`, "must be an object", 'give each database an entry such as {"name":"db1","all":true}');
    }
  }
  const text = typeof input === "string" ? input : JSON.stringify(input);
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > DB_LIST_MAX_BYTES) {
    throw new DtsInputError(
      "dbList",
      `is ${bytes} bytes, over the API's 1 MB limit`,
      "split the change or select whole databases instead of tables and columns",
    );
  }
  return text;
}

/** Keys of a read-back `DbObject` that are state, not selection (`"state":"normal"` in the official examples). */
const STATE_KEYS = new Set(["state"]);

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === "object" && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      if (STATE_KEYS.has(key)) continue;
      out[key] = canonical((value as Record<string, unknown>)[key]);
    }
    return out;
  }
  return value;
}

/**
 * The canonical text of a DbList or DbObject (keys sorted at every level, `state` keys dropped), or undefined for
 * text that is not a JSON object. Nothing else is assumed: a missing `name` is not taken to equal the source name,
 * because no document says so (a wrong guess would skip a needed write).
 */
export function canonicalDbList(input: DtsDbList | string | undefined): string | undefined {
  if (input === undefined) return undefined;
  let value: unknown = input;
  if (typeof input === "string") {
    try {
      value = JSON.parse(input);
    } catch {
      return undefined;
    }
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  return JSON.stringify(canonical(value));
}

/** True when both lists select the same objects ({@link canonicalDbList}); false when either is unreadable. */
export function sameDbList(a: DtsDbList | string | undefined, b: DtsDbList | string | undefined): boolean {
  const x = canonicalDbList(a);
  return x !== undefined && x === canonicalDbList(b);
}
