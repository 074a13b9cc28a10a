/** Each scenario and name convention, progressed with an injected clock (no sleeping). */
import { startEmulator, DEFAULT_DURATIONS, type EmulatorHandle } from "../../emulator";
import { PRECHECK_ITEM_NAMES } from "../../sdk/types";
import { ManualClock, objects, popClient, popError, type PopClient } from "./helpers";

const DAY = 24 * 3600 * 1000;
const PRECHECK_MS = DEFAULT_DURATIONS.precheckItemMs * 16;

let emu: EmulatorHandle;
let client: PopClient;
const clock = new ManualClock();

beforeAll(async () => {
  emu = await startEmulator({ port: 0, clock, seed: 11, maxHeaderBytes: 4 * 1024 * 1024 });
  client = popClient(emu);
});
afterAll(() => emu.stop());

async function start(jobId: string, dbs: Parameters<typeof objects>[0]): Promise<string> {
  const r = await client.request("ModifySynchronizationObject", { SynchronizationJobId: jobId, SynchronizationObjects: objects(dbs) }, { method: "POST" });
  return r.TaskId;
}
const status = (taskId: string) => client.request("DescribeSynchronizationObjectModifyStatus", { TaskId: taskId });
const details = (jobId: string, p: Record<string, unknown> = {}) =>
  client.request("DescribeInitializationStatus", { SynchronizationJobId: jobId, PageSize: 100, ...p });

describe("success", () => {
  test("precheck items one by one with rising Percent, then structure (tables), then data (rows), then Migrating", async () => {
    const jobId = emu.createJob();
    const taskId = await start(jobId, [{ db: "shop", tables: ["customer", "orders", "items"] }]);
    let s = await status(taskId);
    expect(s.Status).toBe("Prechecking");
    expect(s.PrecheckStatus).toEqual({ Status: "Migrating", Percent: "0", Detail: [] });
    expect(s.StructureInitializationStatus).toEqual({ Status: "NotStarted", Progress: "0", Percent: "0" });
    expect(s.DataInitializationStatus).toEqual({ Status: "NotStarted", Progress: "0", Percent: "0" });

    clock.advance(DEFAULT_DURATIONS.precheckItemMs * 3);
    s = await status(taskId);
    expect(s.PrecheckStatus.Percent).toBe("18");
    expect(s.PrecheckStatus.Detail.map((d: any) => d.ItemName)).toEqual(PRECHECK_ITEM_NAMES.slice(0, 3));

    clock.advance(PRECHECK_MS - DEFAULT_DURATIONS.precheckItemMs * 3);
    s = await status(taskId);
    expect(s.Status).toBe("Migrating");
    expect(s.PrecheckStatus.Status).toBe("Finished");
    expect(s.PrecheckStatus.Percent).toBe("100");
    expect(s.PrecheckStatus.Detail).toHaveLength(16);
    expect(s.StructureInitializationStatus).toEqual({ Status: "Migrating", Progress: "0", Percent: "0" });
    let d = await details(jobId);
    expect(d.StructureInitializationDetails.map((x: any) => x.Status)).toEqual(["Migrating", "NotStarted", "NotStarted"]);

    clock.advance(DEFAULT_DURATIONS.structureTableMs);
    s = await status(taskId);
    expect(s.StructureInitializationStatus).toEqual({ Status: "Migrating", Progress: "1", Percent: "33" });
    clock.advance(DEFAULT_DURATIONS.structureTableMs * 2);
    s = await status(taskId);
    expect(s.StructureInitializationStatus).toEqual({ Status: "Finished", Progress: "3", Percent: "100" });
    expect(s.DataInitializationStatus.Status).toBe("Migrating");

    // Data: rows rise; per table FinishRowNum/UsedTime rise; 3 tables on 4 workers all run at once.
    let lastRows = -1;
    let lastPercent = -1;
    for (let i = 0; i < 200; i++) {
      clock.advance(1000);
      s = await status(taskId);
      const rows = Number(s.DataInitializationStatus.Progress);
      const pct = Number(s.DataInitializationStatus.Percent);
      expect(rows).toBeGreaterThanOrEqual(lastRows);
      expect(pct).toBeGreaterThanOrEqual(lastPercent);
      lastRows = rows;
      lastPercent = pct;
      if (i === 2) {
        d = await details(jobId);
        for (const t of d.DataInitializationDetails) {
          expect(t.Status).toBe("Migrating");
          expect(Number(t.FinishRowNum)).toBeGreaterThan(0);
          expect(Number(t.UsedTime)).toBeCloseTo(3, 5);
        }
      }
      if (s.DataInitializationStatus.Status === "Finished") break;
    }
    expect(s.DataInitializationStatus.Status).toBe("Finished");
    expect(s.DataInitializationStatus.Percent).toBe("100");
    expect(s.Status).toBe("Migrating");
    d = await details(jobId);
    const sum = d.DataInitializationDetails.reduce((a: number, t: any) => a + Number(t.FinishRowNum), 0);
    expect(Number(s.DataInitializationStatus.Progress)).toBe(sum);
    for (const t of d.DataInitializationDetails) {
      expect(t.Status).toBe("Finished");
      // UsedTime = overhead + rows / rate (seconds).
      const expected = (DEFAULT_DURATIONS.dataTableOverheadMs + (Number(t.FinishRowNum) * 1000) / DEFAULT_DURATIONS.dataRowsPerSecond) / 1000;
      expect(Number(t.UsedTime)).toBeCloseTo(expected, 0);
    }
    // It stays so.
    clock.advance(DAY);
    expect((await status(taskId)).Status).toBe("Migrating");
    expect(emu.tasks().find((t) => t.taskId === taskId)).toMatchObject({ terminal: true, status: "Migrating" });
  });

  test("a database without TableIncludes gets a seeded set of tables; TableExcludes apply", async () => {
    const jobId = emu.createJob();
    await client.request("ModifySynchronizationObject", {
      SynchronizationJobId: jobId,
      SynchronizationObjects: JSON.stringify([{ DBName: "erp", NewDBName: "erp2", TableExcludes: [{ TableName: "orders" }] }]),
    });
    const d = await details(jobId);
    const names = d.DataInitializationDetails.map((t: any) => t.TableName);
    expect(names.length).toBeGreaterThanOrEqual(2);
    expect(names[0]).toBe("customer");
    expect(names).not.toContain("orders");
    expect(d.DataInitializationDetails[0]).toMatchObject({ SourceOwnerDBName: "erp", DestinationOwnerDBName: "erp2" });
    // Deterministic: another emulator with the same seed has the same tables and row counts.
    const other = await startEmulator({ port: 0, clock, seed: 11 });
    try {
      const c2 = popClient(other);
      const j2 = other.createJob();
      await c2.request("ModifySynchronizationObject", {
        SynchronizationJobId: j2,
        SynchronizationObjects: JSON.stringify([{ DBName: "erp", NewDBName: "erp2", TableExcludes: [{ TableName: "orders" }] }]),
      });
      const d2 = await c2.request("DescribeInitializationStatus", { SynchronizationJobId: j2, PageSize: 100 });
      expect(d2.DataInitializationDetails.map((t: any) => [t.TableName, t.TotalRowNum])).toEqual(
        d.DataInitializationDetails.map((t: any) => [t.TableName, t.TotalRowNum]),
      );
    } finally {
      await other.stop();
    }
  });
});

describe("precheck-failure", () => {
  test("CHECK_AUTH_DEST fails with ErrorMessage and RepairMethod; precheck Failed, overall Failed", async () => {
    const jobId = emu.createJob({ scenario: "precheck-failure" });
    const taskId = await start(jobId, [{ db: "shop", tables: ["customer"] }]);
    clock.advance(DEFAULT_DURATIONS.precheckItemMs * 5);
    let s = await status(taskId);
    expect(s.PrecheckStatus.Status).toBe("Migrating");
    expect(s.PrecheckStatus.Detail[3]).toEqual({
      CheckStatus: "Failed",
      ItemName: "CHECK_AUTH_DEST",
      ErrorMessage: "Original error: Access denied for user 'dtstest'@'100.104.xxx.xx' (using password: YES)",
      RepairMethod: "CHECK_ERROR_DEST_CONN_REPAIR2",
    });
    clock.advance(PRECHECK_MS);
    s = await status(taskId);
    expect(s.Status).toBe("Failed");
    expect(s.ErrorMessage).toContain("CHECK_AUTH_DEST");
    expect(s.PrecheckStatus.Status).toBe("Failed");
    expect(s.PrecheckStatus.Percent).toBe("100");
    expect(s.PrecheckStatus.Detail.filter((d: any) => d.CheckStatus === "Failed")).toHaveLength(1);
    expect(s.PrecheckStatus.Detail.filter((d: any) => d.CheckStatus === "Success")).toHaveLength(15);
    expect(s.StructureInitializationStatus.Status).toBe("NotStarted");
    expect(s.DataInitializationStatus.Status).toBe("NotStarted");
    clock.advance(DAY);
    expect((await status(taskId)).Status).toBe("Failed");
    const d = await details(jobId);
    expect(d.DataInitializationDetails[0].Status).toBe("NotStarted");
    // A failed task does not block the next modification.
    emu.setScenario("success", jobId);
    const next = await start(jobId, [{ db: "shop", tables: ["customer"] }]);
    expect(next).not.toBe(taskId);
  });

  test("configurable item and texts", async () => {
    const jobId = emu.createJob({
      scenario: { name: "precheck-failure", precheck: { item: "CHECK_BINLOG_ON", errorMessage: "binlog off", repairMethod: "FIX_IT" } },
    });
    const taskId = await start(jobId, [{ db: "x", tables: ["a"] }]);
    clock.advance(PRECHECK_MS);
    const s = await status(taskId);
    expect(s.PrecheckStatus.Detail[4]).toEqual({ CheckStatus: "Failed", ItemName: "CHECK_BINLOG_ON", ErrorMessage: "binlog off", RepairMethod: "FIX_IT" });
  });
});

describe("structure-failure", () => {
  test("`customer` fails with 'already exists'; tables before it Finished, after it NotStarted; data NotStarted", async () => {
    const jobId = emu.createJob({ scenario: "structure-failure" });
    const taskId = await start(jobId, [{ db: "dtstestdata", tables: ["orders", "customer", "items"] }]);
    clock.advance(PRECHECK_MS + DEFAULT_DURATIONS.structureTableMs * 1.5);
    let s = await status(taskId);
    expect(s.StructureInitializationStatus).toEqual({ Status: "Migrating", Progress: "1", Percent: "33" });
    clock.advance(DEFAULT_DURATIONS.structureTableMs);
    s = await status(taskId);
    const msg = "DTS-1020042 Execute sql error sql: Table 'customer' already exists";
    expect(s.Status).toBe("Failed");
    expect(s.ErrorMessage).toBe(msg);
    expect(s.StructureInitializationStatus).toEqual({ Status: "Failed", Progress: "1", Percent: "33", ErrorMessage: msg });
    expect(s.DataInitializationStatus.Status).toBe("NotStarted");
    const d = await details(jobId);
    expect(d.StructureInitializationDetails.map((x: any) => [x.ObjectName, x.Status, x.ErrorMessage])).toEqual([
      ["orders", "Finished", undefined],
      ["customer", "Failed", msg],
      ["items", "NotStarted", undefined],
    ]);
    expect(d.DataInitializationDetails.every((x: any) => x.Status === "NotStarted")).toBe(true);
    clock.advance(DAY);
    expect((await status(taskId)).StructureInitializationStatus.Status).toBe("Failed");
  });
});

describe("failed-tables", () => {
  test("some tables fail data init (NumberFormatException); the phase is Finished with failed tables", async () => {
    const jobId = emu.createJob({ scenario: "failed-tables" });
    const tables = Array.from({ length: 12 }, (_, i) => `t${i}`);
    const taskId = await start(jobId, [{ db: "db", tables }]);
    clock.advance(DAY);
    const s = await status(taskId);
    expect(s.Status).toBe("Migrating");
    expect(s.DataInitializationStatus).toEqual({ Status: "Finished", Progress: expect.any(String), Percent: "100" });
    const d = await details(jobId);
    const failed = d.DataInitializationDetails.filter((t: any) => t.Status === "Failed");
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed.length).toBeLessThan(12);
    for (const f of failed) {
      expect(f.ErrorMessage).toBe('java.lang.NumberFormatException: For input string: ""');
      expect(Number(f.FinishRowNum)).toBeLessThan(Number(f.TotalRowNum));
    }
    expect(d.DataInitializationDetails.filter((t: any) => t.Status === "Finished")).toHaveLength(12 - failed.length);
  });

  test("explicit tables and phaseStatus Failed", async () => {
    const jobId = emu.createJob({ scenario: { name: "failed-tables", failedTables: { tables: ["db.b"], phaseStatus: "Failed" } } });
    const taskId = await start(jobId, [{ db: "db", tables: ["a", "b", "c"] }]);
    clock.advance(DAY);
    const s = await status(taskId);
    expect(s.Status).toBe("Failed");
    expect(s.DataInitializationStatus.Status).toBe("Failed");
    expect(s.DataInitializationStatus.ErrorMessage).toContain("NumberFormatException");
    const d = await details(jobId);
    expect(d.DataInitializationDetails.map((t: any) => t.Status)).toEqual(["Finished", "Failed", "Finished"]);
  });
});

describe("never-finishes", () => {
  test("held in data initialization until released, then it goes on", async () => {
    const jobId = emu.createJob({ scenario: "never-finishes" });
    const taskId = await start(jobId, [{ db: "db", tables: ["a", "b"] }]);
    clock.advance(DAY);
    let s = await status(taskId);
    expect(s.Status).toBe("Migrating");
    expect(s.DataInitializationStatus.Status).toBe("Migrating");
    const heldRows = s.DataInitializationStatus.Progress;
    expect(Number(s.DataInitializationStatus.Percent)).toBeLessThan(100);
    clock.advance(30 * DAY);
    s = await status(taskId);
    expect(s.DataInitializationStatus.Progress).toBe(heldRows);
    expect(emu.tasks().find((t) => t.taskId === taskId)).toMatchObject({ held: true, terminal: false });
    // Still running: a second modification is denied.
    const e = await popError(start(jobId, [{ db: "db", tables: ["c"] }]));
    expect(e.code).toBe("OperationDenied.JobStatusModifying");
    expect(emu.release(jobId)).toBe(taskId);
    clock.advance(1000);
    s = await status(taskId);
    expect(Number(s.DataInitializationStatus.Progress)).toBeGreaterThan(Number(heldRows));
    clock.advance(DAY);
    s = await status(taskId);
    expect(s.DataInitializationStatus.Status).toBe("Finished");
    expect(s.Status).toBe("Migrating");
  });
});

describe("scenario selection", () => {
  test("name conventions in any scenario: _fail, _exists, _hold tables and _noauth databases", async () => {
    const j1 = emu.createJob();
    const t1 = await start(j1, [{ db: "db", tables: ["ok", "bad_fail"] }]);
    const j2 = emu.createJob();
    const t2 = await start(j2, [{ db: "db", tables: ["ok", "customer_exists"] }]);
    const j3 = emu.createJob();
    const t3 = await start(j3, [{ db: "db", tables: ["big_hold"] }]);
    const j4 = emu.createJob();
    const t4 = await start(j4, [{ db: "crm_noauth", tables: ["a"] }]);
    clock.advance(DAY);
    const d1 = await details(j1);
    expect(d1.DataInitializationDetails.map((t: any) => t.Status)).toEqual(["Finished", "Failed"]);
    expect((await status(t1)).DataInitializationStatus.Status).toBe("Finished");
    const s2 = await status(t2);
    expect(s2.StructureInitializationStatus.ErrorMessage).toBe("DTS-1020042 Execute sql error sql: Table 'customer_exists' already exists");
    const s3 = await status(t3);
    expect(s3.DataInitializationStatus.Status).toBe("Migrating");
    emu.release(t3);
    const s4 = await status(t4);
    expect(s4.PrecheckStatus.Status).toBe("Failed");
    expect(s4.PrecheckStatus.Detail.find((d: any) => d.CheckStatus === "Failed").ItemName).toBe("CHECK_AUTH_DEST");
  });

  test("run scenario vs job scenario; a running task keeps the scenario it started with", async () => {
    const plain = emu.createJob();
    const own = emu.createJob({ scenario: "success" });
    emu.setScenario("precheck-failure");
    try {
      const a = await start(plain, [{ db: "d", tables: ["x"] }]);
      const b = await start(own, [{ db: "d", tables: ["x"] }]);
      emu.setScenario("success");
      clock.advance(DAY);
      expect((await status(a)).Status).toBe("Failed");
      expect((await status(b)).PrecheckStatus.Status).toBe("Finished");
    } finally {
      emu.setScenario("success");
    }
  });

  test("per-run durations in a scenario config", async () => {
    const fast = await startEmulator({ port: 0, clock, scenario: { durations: { precheckItemMs: 10, structureTableMs: 10, dataParallelism: 1 } } });
    try {
      const c = popClient(fast);
      const r = await c.request("ModifySynchronizationObject", {
        SynchronizationJobId: fast.demoJobId,
        SynchronizationObjects: objects([{ db: "d", tables: ["a"] }]),
      });
      clock.advance(160);
      const s = await c.request("DescribeSynchronizationObjectModifyStatus", { TaskId: r.TaskId });
      expect(s.PrecheckStatus.Status).toBe("Finished");
    } finally {
      await fast.stop();
    }
  });

  test("timeScale multiplies elapsed time", async () => {
    const fast = await startEmulator({ port: 0, clock, timeScale: 100 });
    try {
      const c = popClient(fast);
      const r = await c.request("ModifySynchronizationObject", {
        SynchronizationJobId: fast.demoJobId,
        SynchronizationObjects: objects([{ db: "d", tables: ["a"] }]),
      });
      clock.advance(PRECHECK_MS / 100);
      const s = await c.request("DescribeSynchronizationObjectModifyStatus", { TaskId: r.TaskId });
      expect(s.PrecheckStatus.Status).toBe("Finished");
    } finally {
      await fast.stop();
    }
  });

  test("unknown scenario names and bad configs are rejected", () => {
    expect(() => emu.setScenario("chaos" as never)).toThrow(/unknown scenario "chaos"/);
    expect(() => emu.setScenario({ name: "success", durations: { precheckItemMs: -1 } })).toThrow(/precheckItemMs/);
    expect(() => emu.setScenario("success", "dtsnosuchjob")).toThrow(/does not exist/);
  });
});

describe("10 000 tables", () => {
  test("a large task pages and progresses correctly", async () => {
    const jobId = emu.createJob();
    const tables = Array.from({ length: 10_000 }, (_, i) => `table_${i}`);
    const taskId = await start(jobId, [{ db: "big", tables }]);
    clock.advance(PRECHECK_MS + DEFAULT_DURATIONS.structureTableMs * 5000);
    let s = await status(taskId);
    expect(s.StructureInitializationStatus).toEqual({ Status: "Migrating", Progress: "5000", Percent: "50" });
    const page = await details(jobId, { PageNum: 50 });
    expect(page.StructureInitializationDetails[99].ObjectName).toBe("table_4999");
    expect(page.StructureInitializationDetails[99].Status).toBe("Finished");
    expect((await details(jobId, { PageNum: 51 })).StructureInitializationDetails[0].Status).toBe("Migrating");
    clock.advance(30 * DAY);
    s = await status(taskId);
    expect(s.DataInitializationStatus.Status).toBe("Finished");
    expect(s.StructureInitializationStatus.Progress).toBe("10000");
    const last = await details(jobId, { PageNum: 100 });
    expect(last.DataInitializationDetails).toHaveLength(100);
    expect(last.DataInitializationDetails[99].TableName).toBe("table_9999");
    expect((await details(jobId, { PageNum: 101 })).DataInitializationDetails).toEqual([]);
    // Many status polls on it stay cheap enough to run in a test.
    for (let i = 0; i < 50; i++) await status(taskId);
  });

  test("10 000 tables also fit in a GET query string (pop-core's default method)", async () => {
    const jobId = emu.createJob();
    const tables = Array.from({ length: 10_000 }, (_, i) => `table_with_a_longer_name_${i}`);
    const r = await client.request("ModifySynchronizationObject", { SynchronizationJobId: jobId, SynchronizationObjects: objects([{ db: "big", tables }]) });
    expect(emu.tasks().find((t) => t.taskId === r.TaskId)?.tables).toBe(10_000);
  });
});
