/**
 * The canonical compare of two object lists (the requested one and the job's), which decides whether a
 * modification is needed: databases and tables compared as sets, with the first difference in words; table renames
 * the job state cannot show are reported as hidden, not as a difference.
 */
import type { SynchronizationDatabase } from "../types";

/** Result of {@link compareObjects}. */
export interface ObjectsComparison {
  /** The job syncs exactly the requested objects (as far as the job state shows them). */
  same: boolean;
  /** The first difference, in words (when not the same). */
  difference?: string;
  /**
   * The request renames tables (`newTableName`) and the job state does not show destination table names (the API
   * page lists only `TableName` under `TableIncludes`), so those renames could not be compared.
   */
  hiddenRenames: boolean;
}

interface CanonicalDb {
  db: string;
  newDb: string;
  /** Source name -> destination name (undefined: not shown); absent = the whole database. */
  tables?: Map<string, string | undefined>;
  excludes: string[];
}

function canonical(dbs: readonly SynchronizationDatabase[], showsNewNames: boolean): Map<string, CanonicalDb> {
  const out = new Map<string, CanonicalDb>();
  for (const d of dbs) {
    out.set(d.dbName, {
      db: d.dbName,
      newDb: d.newDbName ?? d.dbName,
      ...(d.tableIncludes
        ? { tables: new Map(d.tableIncludes.map((t) => [t.tableName, showsNewNames ? (t.newTableName ?? t.tableName) : t.newTableName])) }
        : {}),
      excludes: [...new Set((d.tableExcludes ?? []).map((t) => t.tableName))].sort(),
    });
  }
  return out;
}

/**
 * Compares the requested objects with the job's current ones, ignoring order (databases, tables, excludes) and
 * filling defaults (`newDbName` = `dbName`, `newTableName` = `tableName`). Destination table names are compared
 * only where the job state carries them.
 *
 * @param options.trustHiddenRenames - count requested renames the job state cannot show as in place (used only
 *   when an earlier attempt may have applied this very request).
 * @example
 * ```ts
 * compareObjects([{ dbName: "a" }], job.synchronizationObjects).same
 * ```
 */
export function compareObjects(
  requested: readonly SynchronizationDatabase[],
  current: readonly SynchronizationDatabase[],
  options: { trustHiddenRenames?: boolean } = {},
): ObjectsComparison {
  const want = canonical(requested, true);
  const have = canonical(current, false);
  let hiddenRenames = false;
  const differ = (difference: string): ObjectsComparison => ({ same: false, difference, hiddenRenames });
  for (const name of have.keys()) if (!want.has(name)) return differ(`the job also syncs database "${name}"`);
  for (const [name, w] of want) {
    const h = have.get(name);
    if (!h) return differ(`the job does not sync database "${name}"`);
    if (h.newDb !== w.newDb) return differ(`database "${name}" goes to "${h.newDb}", not "${w.newDb}"`);
    if (!w.tables !== !h.tables) return differ(`database "${name}" is synced ${h.tables ? "table by table" : "whole"}`);
    if (w.excludes.join("\u0000") !== h.excludes.join("\u0000")) return differ(`database "${name}" excludes other tables`);
    if (w.tables && h.tables) {
      if (w.tables.size !== h.tables.size) return differ(`database "${name}" syncs ${h.tables.size} table(s), not ${w.tables.size}`);
      for (const [table, newName] of w.tables) {
        if (!h.tables.has(table)) return differ(`the job does not sync table "${name}.${table}"`);
        const shown = h.tables.get(table);
        if (shown !== undefined) {
          if (shown !== newName) return differ(`table "${name}.${table}" goes to "${shown}", not "${newName}"`);
        } else if (newName !== table) {
          hiddenRenames = true;
        }
      }
    }
  }
  if (hiddenRenames && !options.trustHiddenRenames) {
    return differ("the request renames tables and the job state does not show destination table names");
  }
  return { same: true, hiddenRenames };
}
