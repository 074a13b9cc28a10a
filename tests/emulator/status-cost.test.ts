/**
 * A status call must not cost a pass over every table (issue 18: 200 000 tables blocked the emulator per call).
 * Cost is checked by counting reads of the per-table arrays (deterministic; timings live in bench/), and the
 * cheap sum is checked against the per-table pages over HTTP.
 */
import { startEmulator } from "../../emulator";
import { buildPlan, dataRowsAt, rowsAt, viewAt, type TaskPlan, type TaskRecord } from "../../emulator/state";
import type { ScenarioConfig } from "../../emulator/scenarios";
import { ManualClock, popClient } from "./helpers";

function task(tables: number, scenario: ScenarioConfig, perDb = 500): TaskRecord {
  const objects = [];
  for (let i = 0; i < tables; i += perDb) {
    const names = [];
    for (let j = i; j < Math.min(tables, i + perDb); j++) names.push(j % 97 === 5 ? `t${j}_fail` : `t${j}`);
    objects.push({ dbName: `db${i / perDb}`, newDbName: `db${i / perDb}`, tables: names.map((name) => ({ name, newName: name })) });
  }
  return { taskId: "t", jobId: "j", createdAt: 0, timeScale: 1, seed: 3, objectsJson: "", objects, direction: "Forward", scenario };
}

/** Wrap a plan's per-table arrays so that every indexed read is counted. */
function counted(plan: TaskPlan): { plan: TaskPlan; reads: () => number } {
  let reads = 0;
  const wrap = <T extends object>(a: T): T =>
    new Proxy(a, {
      get(target, key) {
        if (typeof key === "string" && /^\d+$/.test(key)) reads++;
        const v = Reflect.get(target, key) as unknown;
        return typeof v === "function" ? (v as (...args: unknown[]) => unknown).bind(target) : v;
      },
    });
  return {
    plan: { ...plan, tables: wrap(plan.tables), tableStart: wrap(plan.tableStart), tableEnd: wrap(plan.tableEnd), tableFinalRows: wrap(plan.tableFinalRows) },
    reads: () => reads,
  };
}

test("the overall status of a 20 000-table task reads a handful of tables, not all of them", () => {
  const plan = buildPlan(task(20_000, { name: "success", durations: { precheckItemMs: 0, structureTableMs: 0 } }, 1000));
  const c = counted(plan);
  for (const f of [0, 0.01, 0.5, 0.99, 1.5]) {
    const before = c.reads();
    const view = viewAt(c.plan, plan.dataStart + f * (plan.dataEnd - plan.dataStart), false);
    expect(view.data.status).toBe(f >= 1 ? "Finished" : "Migrating");
    // 4 workers: a binary search over their end times and one table each (was 3 reads of every table).
    expect([f, c.reads() - before <= 4 * 8]).toEqual([f, true]);
  }
});

test("over HTTP: Modify plans the task, and a status call of a 20 000-table task reads a handful of its tables", async () => {
  const clock = new ManualClock();
  const emu = await startEmulator({
    port: 0,
    clock,
    maxHeaderBytes: 4 * 1024 * 1024,
    scenario: { name: "success", durations: { precheckItemMs: 0, structureTableMs: 0 } },
  });
  try {
    const dbs = [];
    for (let d = 0; d < 20; d++) dbs.push({ DBName: `db${d}`, TableIncludes: Array.from({ length: 1000 }, (_, t) => ({ TableName: `t${t}` })) });
    const c = popClient(emu);
    const { TaskId } = await c.request("ModifySynchronizationObject", { SynchronizationJobId: emu.demoJobId, SynchronizationObjects: JSON.stringify(dbs) });
    // The plan was built by the Modify call, not left to the first status call.
    expect((emu.state as unknown as { plans: Map<string, TaskPlan> }).plans.has(TaskId)).toBe(true);
    const plan = emu.state.plan(emu.state.task(TaskId));
    const c2 = counted(plan);
    Object.assign(plan, { tables: c2.plan.tables, tableStart: c2.plan.tableStart, tableEnd: c2.plan.tableEnd, tableFinalRows: c2.plan.tableFinalRows });
    clock.advance(plan.dataStart + (plan.dataEnd - plan.dataStart) / 3);
    const s = await c.request("DescribeSynchronizationObjectModifyStatus", { TaskId });
    expect(s.DataInitializationStatus.Status).toBe("Migrating");
    expect(Number(s.DataInitializationStatus.Progress)).toBeGreaterThan(0);
    expect(c2.reads()).toBeLessThanOrEqual(4 * 8);
  } finally {
    await emu.stop();
  }
});

test("dataRowsAt equals the per-table sum at every instant (parallelism 1..7, failing tables, no overhead)", () => {
  for (const [parallelism, overhead] of [
    [1, 500],
    [3, 0],
    [4, 500],
    [7, 20],
  ] as const) {
    const plan = buildPlan(
      task(1_000, { name: "failed-tables", durations: { dataParallelism: parallelism, dataTableOverheadMs: overhead }, rows: { min: 0, max: 200_000 } }),
    );
    const span = plan.dataEnd - plan.dataStart;
    for (let k = -1; k <= 101; k++) {
      const u = (span * k) / 100 + (k % 3) * 0.37;
      let naive = 0;
      for (let i = 0; i < plan.tables.length; i++) naive += rowsAt(plan, i, u);
      expect([parallelism, k, dataRowsAt(plan, u)]).toEqual([parallelism, k, naive]);
    }
    for (const i of [0, 1, plan.tables.length - 1]) {
      // Table ends are the instants where the sum jumps.
      let naive = 0;
      for (let j = 0; j < plan.tables.length; j++) naive += rowsAt(plan, j, plan.tableEnd[i]!);
      expect(dataRowsAt(plan, plan.tableEnd[i]!)).toBe(naive);
    }
  }
});

test("over HTTP, the status Progress is the sum of FinishRowNum over every DescribeInitializationStatus page", async () => {
  const clock = new ManualClock();
  const emu = await startEmulator({
    port: 0,
    clock,
    maxHeaderBytes: 4 * 1024 * 1024,
    scenario: { name: "failed-tables", durations: { precheckItemMs: 10, structureTableMs: 1 } },
  });
  try {
    const c = popClient(emu);
    const dbs = [];
    for (let d = 0; d < 3; d++) {
      const names = [];
      for (let t = 0; t < 350; t++) names.push({ TableName: t % 50 === 7 ? `t${t}_fail` : `t${t}` });
      dbs.push({ DBName: `db${d}`, TableIncludes: names });
    }
    const { TaskId } = await c.request("ModifySynchronizationObject", { SynchronizationJobId: emu.demoJobId, SynchronizationObjects: JSON.stringify(dbs) });
    let sawMigrating = false;
    for (let step = 0; step < 40; step++) {
      const s = await c.request("DescribeSynchronizationObjectModifyStatus", { TaskId });
      let finished = 0;
      let pages = 0;
      for (let pageNum = 1; ; pageNum++) {
        const p = await c.request("DescribeInitializationStatus", { SynchronizationJobId: emu.demoJobId, PageSize: 100, PageNum: pageNum });
        const rows = p.DataInitializationDetails ?? [];
        pages += rows.length;
        for (const r of rows) finished += Number(r.FinishRowNum);
        if (rows.length < 100) break;
      }
      expect(pages).toBe(1050);
      if (s.DataInitializationStatus.Status !== "NotStarted") expect([step, Number(s.DataInitializationStatus.Progress)]).toEqual([step, finished]);
      if (s.DataInitializationStatus.Status === "Migrating") sawMigrating = true;
      if (s.DataInitializationStatus.Status === "Finished") break;
      clock.advance(60_000);
    }
    expect(sawMigrating).toBe(true);
  } finally {
    await emu.stop();
  }
});
