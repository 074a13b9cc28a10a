/**
 * A task's plan, computed once when it starts: its tables (expanded from the objects with the scenario's sizes)
 * and when each phase and table starts and ends in virtual time.
 */
import { PRECHECK_ITEM_NAMES } from "../sdk/types";
import { hash32, intBetween, unit } from "./random";
import { DATA_ERROR, DEFAULT_PRECHECK_FAILURE, DEFAULT_ROWS, STRUCTURE_ERROR, conventions, durationsOf, type ScenarioConfig } from "./scenarios";

import { DEFAULT_TABLE_POOL, type DbSpec, type TableSpec, type TaskPlan, type TaskRecord } from "./model";

/** Own property lookup (never an inherited member such as `constructor`). */
export function own<T>(record: Record<string, T> | undefined, key: string): T | undefined {
  return record && Object.hasOwn(record, key) ? record[key] : undefined;
}

export function matchesName(names: readonly string[] | undefined, t: { sourceDb: string; table: string }): boolean {
  return !!names && (names.includes(t.table) || names.includes(`${t.sourceDb}.${t.table}`));
}

export function mergeScenario(base: ScenarioConfig, over: ScenarioConfig | undefined): ScenarioConfig {
  if (!over) return base;
  return {
    ...base,
    ...over,
    durations: { ...(base.durations ?? {}), ...(over.durations ?? {}) },
    rows: { ...(base.rows ?? {}), ...(over.rows ?? {}), tables: { ...(base.rows?.tables ?? {}), ...(over.rows?.tables ?? {}) } },
  };
}

/** Expand the databases of a task into tables, with seeded row counts. */
export function expandTables(objects: DbSpec[], seed: number, scenario: ScenarioConfig): TableSpec[] {
  const out: TableSpec[] = [];
  const min = scenario.rows?.min ?? DEFAULT_ROWS.min;
  const max = Math.max(min, scenario.rows?.max ?? DEFAULT_ROWS.max);
  // A Map, not the record: looking up 200 000 fresh `db.table` strings as object keys is ~1 s (key internalization).
  const fixed = new Map(Object.entries(scenario.rows?.tables ?? {}));
  for (const db of objects) {
    let tables = db.tables;
    if (!tables) {
      const count = intBetween(3, DEFAULT_TABLE_POOL.length, seed, "tables", db.dbName);
      tables = DEFAULT_TABLE_POOL.slice(0, count).map((name) => ({ name, newName: name }));
    }
    const excludes = new Set(db.excludes ?? []);
    for (const t of tables) {
      if (excludes.has(t.name)) continue;
      const rows =
        (fixed.size ? (fixed.get(`${db.dbName}.${t.name}`) ?? fixed.get(t.name)) : undefined) ?? intBetween(min, max, seed, "rows", db.dbName, t.name);
      const dev = (intBetween(0, 1000, seed, "stat", db.dbName, t.name) - 500) / 100_000;
      out.push({
        sourceDb: db.dbName,
        destDb: db.newDbName,
        table: t.name,
        newTable: t.newName,
        rows,
        statRows: Math.max(0, Math.round(rows * (1 + dev))),
        hasIndex: hash32(seed, "index", db.dbName, t.name) % 3 === 0,
      });
    }
  }
  return out;
}

/** Compute the timeline of a task. */
export function buildPlan(task: TaskRecord): TaskPlan {
  const s = task.scenario;
  const d = durationsOf(s);
  const tables = expandTables(task.objects, task.seed, s);
  const n = tables.length;
  const name = s.name ?? "success";

  // Precheck.
  const itemMs = d.precheckItemMs;
  const precheckEnd = itemMs * PRECHECK_ITEM_NAMES.length;
  let precheckFail: TaskPlan["precheckFail"];
  if (name === "precheck-failure" || task.objects.some((db) => conventions.precheckFails(db.dbName))) {
    const item = s.precheck?.item ?? DEFAULT_PRECHECK_FAILURE.item;
    precheckFail = {
      index: (PRECHECK_ITEM_NAMES as readonly string[]).indexOf(item),
      item,
      errorMessage: s.precheck?.errorMessage ?? DEFAULT_PRECHECK_FAILURE.errorMessage,
      repairMethod: s.precheck?.repairMethod ?? DEFAULT_PRECHECK_FAILURE.repairMethod,
    };
  }

  // Structure.
  let structureFailIndex = tables.findIndex((t) => conventions.structureFails(t.table));
  if (structureFailIndex < 0 && name === "structure-failure" && n > 0) {
    const wanted = s.structure?.table;
    structureFailIndex = wanted ? tables.findIndex((t) => matchesName([wanted], t)) : -1;
    if (structureFailIndex < 0) structureFailIndex = tables.findIndex((t) => t.table === "customer");
    if (structureFailIndex < 0) structureFailIndex = 0;
  }
  const failTable = structureFailIndex >= 0 ? tables[structureFailIndex] : undefined;
  const structureFailMessage = failTable ? (s.structure?.errorMessage ?? STRUCTURE_ERROR(failTable.newTable)) : "";
  const structureStart = precheckEnd;
  const structureEnd = structureFailIndex >= 0 ? structureStart + (structureFailIndex + 1) * d.structureTableMs : structureStart + n * d.structureTableMs;

  // Failing tables in data initialization.
  const ft = s.failedTables;
  const dataMessage = ft?.errorMessage ?? DATA_ERROR;
  let failing = tables.map((t) => conventions.dataFails(t.table));
  if (name === "failed-tables" && n > 0) {
    if (ft?.tables) {
      failing = failing.map((f, i) => f || matchesName(ft.tables, tables[i] as TableSpec));
    } else {
      const fraction = ft?.fraction ?? 0.25;
      failing = failing.map((f, i) => f || unit(task.seed, "fail", tables[i]!.sourceDb, tables[i]!.table) < fraction);
      if (fraction > 0 && !failing.some(Boolean)) failing[n - 1] = true;
    }
  }
  failing.forEach((f, i) => {
    if (f) {
      const t = tables[i]!;
      t.dataError = { message: dataMessage, fraction: 0.2 + unit(task.seed, "failAt", t.sourceDb, t.table) * 0.6 };
    }
  });

  // Data: list scheduling of tables, in order, on `dataParallelism` workers.
  const dataStart = structureEnd;
  const rowsPerMs = d.dataRowsPerSecond / 1000;
  const tableStart = new Float64Array(n);
  const tableEnd = new Float64Array(n);
  const tableFinalRows = new Float64Array(n);
  const workers = new Array<number>(Math.max(1, d.dataParallelism)).fill(0);
  const assigned: number[][] = workers.map(() => []);
  let dataSpan = 0;
  let totalRows = 0;
  let failedTableCount = 0;
  for (let i = 0; i < n; i++) {
    const t = tables[i]!;
    let w = 0;
    for (let j = 1; j < workers.length; j++) if (workers[j]! < workers[w]!) w = j;
    const start = workers[w]!;
    const finalRows = t.dataError ? Math.floor(t.rows * t.dataError.fraction) : t.rows;
    const end = start + d.dataTableOverheadMs + finalRows / rowsPerMs;
    tableStart[i] = start;
    tableEnd[i] = end;
    tableFinalRows[i] = finalRows;
    workers[w] = end;
    assigned[w]!.push(i);
    if (end > dataSpan) dataSpan = end;
    totalRows += t.rows;
    if (t.dataError) failedTableCount++;
  }
  const dataEnd = dataStart + dataSpan;
  const perWorker = assigned.map((list) => {
    const ends = new Float64Array(list.length);
    const rowsBefore = new Float64Array(list.length + 1);
    list.forEach((i, k) => {
      ends[k] = tableEnd[i]!;
      rowsBefore[k + 1] = rowsBefore[k]! + tableFinalRows[i]!;
    });
    return { tables: Int32Array.from(list), ends, rowsBefore };
  });
  let holdAt: number | undefined;
  if (name === "never-finishes" || tables.some((t) => conventions.holds(t.table))) {
    holdAt = dataStart + (s.hold?.at ?? 0.5) * dataSpan;
  }
  return {
    tables,
    itemMs,
    precheckEnd,
    precheckFail,
    structureStart,
    structureTableMs: d.structureTableMs,
    structureFailIndex,
    structureFailMessage,
    dataStart,
    overheadMs: d.dataTableOverheadMs,
    rowsPerMs,
    tableStart,
    tableEnd,
    tableFinalRows,
    dataEnd,
    totalRows,
    workers: perWorker,
    failedTableCount,
    dataFailMessage: tables.find((t) => t.dataError)?.dataError?.message,
    dataPhaseOnFailed: ft?.phaseStatus ?? "Finished",
    holdAt,
  };
}
