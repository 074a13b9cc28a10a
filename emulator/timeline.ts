/**
 * What a task looks like at a virtual time: phase statuses and percents, rows per table. Pure functions of the plan.
 */
import { PRECHECK_ITEM_NAMES } from "../sdk/types";
import { DATA_ERROR } from "./scenarios";

import type { PhaseView, PrecheckItemView, TableSpec, TableView, TaskPlan, TaskRecord, TaskView } from "./model";

/** Virtual time of a task now, honouring a hold and its release. */
export function virtualTime(task: TaskRecord, plan: TaskPlan, now: number): { v: number; held: boolean } {
  const raw = Math.max(0, (now - task.createdAt) * task.timeScale);
  if (plan.holdAt === undefined) return { v: raw, held: false };
  if (task.releasedAt === undefined) return raw >= plan.holdAt ? { v: plan.holdAt, held: true } : { v: raw, held: false };
  const atRelease = (task.releasedAt - task.createdAt) * task.timeScale;
  if (atRelease <= plan.holdAt) return { v: raw, held: false };
  return { v: plan.holdAt + Math.max(0, now - task.releasedAt) * task.timeScale, held: false };
}

export function pct(done: number, total: number): number {
  return total <= 0 ? 0 : Math.floor((done * 100) / total);
}

export function structureDone(plan: TaskPlan, v: number): number {
  const n = plan.tables.length;
  if (v < plan.structureStart) return 0;
  if (plan.structureTableMs <= 0) return n;
  return Math.min(n, Math.floor((v - plan.structureStart) / plan.structureTableMs));
}

/** Rows of table `i` copied by data-phase time `u`. */
export function rowsAt(plan: TaskPlan, i: number, u: number): number {
  const start = plan.tableStart[i]!;
  if (u < start) return 0;
  const final = plan.tableFinalRows[i]!;
  if (u >= plan.tableEnd[i]!) return final;
  return Math.max(0, Math.min(final, Math.floor((u - start - plan.overheadMs) * plan.rowsPerMs)));
}

/**
 * Rows copied by data-phase time `u`, over all tables: equal to the sum of {@link rowsAt} over every table, but a
 * worker's tables run one after another, so per worker the finished ones are a prefix (binary search on their end
 * times, prefix sum of their rows) and at most one is in progress.
 */
export function dataRowsAt(plan: TaskPlan, u: number): number {
  let rows = 0;
  for (const w of plan.workers) {
    let lo = 0;
    let hi = w.ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (w.ends[mid]! <= u) lo = mid + 1;
      else hi = mid;
    }
    rows += w.rowsBefore[lo]!;
    if (lo < w.tables.length) rows += rowsAt(plan, w.tables[lo]!, u);
  }
  return rows;
}

/** The state of a task at virtual time `v`. */
export function viewAt(plan: TaskPlan, v: number, held: boolean): TaskView {
  const items = PRECHECK_ITEM_NAMES.length;
  const doneItems = plan.itemMs <= 0 ? items : Math.min(items, Math.floor(v / plan.itemMs));
  const pf = plan.precheckFail;
  const itemViews: PrecheckItemView[] = [];
  for (let i = 0; i < doneItems; i++) {
    const itemName = PRECHECK_ITEM_NAMES[i] as string;
    itemViews.push(
      pf && pf.index === i
        ? { itemName, checkStatus: "Failed", errorMessage: pf.errorMessage, repairMethod: pf.repairMethod }
        : { itemName, checkStatus: "Success" },
    );
  }
  const precheckDone = v >= plan.precheckEnd;
  const precheck = {
    status: !precheckDone ? "Migrating" : pf ? "Failed" : "Finished",
    percent: pct(doneItems, items),
    items: itemViews,
  };
  const notStarted: PhaseView = { status: "NotStarted", percent: 0, progress: 0 };
  if (precheckDone && pf) {
    return {
      status: "Failed",
      errorMessage: `Precheck failed: ${pf.item}: ${pf.errorMessage}`,
      precheck,
      structure: notStarted,
      data: notStarted,
      terminal: true,
      held: false,
    };
  }
  if (!precheckDone) {
    return { status: "Prechecking", precheck, structure: notStarted, data: { ...notStarted }, terminal: false, held: false };
  }

  const n = plan.tables.length;
  const done = structureDone(plan, v);
  const k = plan.structureFailIndex;
  if (k >= 0 && done > k) {
    return {
      status: "Failed",
      errorMessage: plan.structureFailMessage,
      precheck,
      structure: { status: "Failed", percent: pct(k, n), progress: k, errorMessage: plan.structureFailMessage },
      data: notStarted,
      terminal: true,
      held: false,
    };
  }
  if (done < n) {
    return {
      status: "Migrating",
      precheck,
      structure: { status: "Migrating", percent: pct(done, n), progress: done },
      data: notStarted,
      terminal: false,
      held: false,
    };
  }
  const structure: PhaseView = { status: "Finished", percent: 100, progress: n };
  if (v < plan.dataStart) {
    return { status: "Migrating", precheck, structure, data: notStarted, terminal: false, held: false };
  }
  const rows = dataRowsAt(plan, v - plan.dataStart);
  const dataDone = v >= plan.dataEnd && !held;
  if (!dataDone) {
    return {
      status: "Migrating",
      precheck,
      structure,
      data: { status: "Migrating", percent: Math.min(99, pct(rows, plan.totalRows)), progress: rows },
      terminal: false,
      held,
    };
  }
  if (plan.failedTableCount > 0 && plan.dataPhaseOnFailed === "Failed") {
    const msg = plan.dataFailMessage ?? DATA_ERROR;
    return {
      status: "Failed",
      errorMessage: msg,
      precheck,
      structure,
      data: { status: "Failed", percent: pct(rows, plan.totalRows), progress: rows, errorMessage: msg },
      terminal: true,
      held: false,
    };
  }
  return {
    status: "Migrating",
    precheck,
    structure,
    data: { status: "Finished", percent: 100, progress: rows },
    terminal: true,
    held: false,
  };
}

/** Table `i` of a task at virtual time `v`. */
export function tableAt(plan: TaskPlan, i: number, v: number): TableView {
  const spec = plan.tables[i] as TableSpec;
  const done = structureDone(plan, v);
  const k = plan.structureFailIndex;
  const precheckBlocked = v < plan.precheckEnd || !!plan.precheckFail;
  const n = plan.tables.length;
  let structureStatus = "NotStarted";
  let structureError: string | undefined;
  if (!precheckBlocked) {
    if (k >= 0 && done > k) {
      if (i < k) structureStatus = "Finished";
      else if (i === k) {
        structureStatus = "Failed";
        structureError = plan.structureFailMessage;
      }
    } else if (i < done) structureStatus = "Finished";
    else if (i === done && done < n) structureStatus = "Migrating";
  }
  let dataStatus = "NotStarted";
  let finishRows = 0;
  let usedTimeSec = 0;
  let dataError: string | undefined;
  if (!precheckBlocked && k < 0 && done >= n && v >= plan.dataStart) {
    const u = v - plan.dataStart;
    const start = plan.tableStart[i]!;
    const end = plan.tableEnd[i]!;
    if (u >= start) {
      finishRows = rowsAt(plan, i, u);
      usedTimeSec = (Math.min(u, end) - start) / 1000;
      if (u >= end) {
        dataStatus = spec.dataError ? "Failed" : "Finished";
        if (spec.dataError) dataError = spec.dataError.message;
      } else dataStatus = "Migrating";
    }
  }
  return { spec, structureStatus, structureError, dataStatus, finishRows, usedTimeSec, dataError };
}
