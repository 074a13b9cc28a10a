/** Progress lines (phase changes + periodic percent), the outputs builder, and the plain look-up functions. */
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { getInitializationReport, getSynchronizationObjectModifyStatus } from "../../provider";
import { buildStatusOutputs, countTables } from "../../sdk/reports/sync-job-outputs";
import { outputsSucceeded } from "../../provider/synchronization-object-modification/outputs";
import { ProgressReporter } from "../../provider/shared/progress";
import type { SynchronizationObjectModifyStatus } from "../../sdk/types";

function status(
  over: { status?: string; pre?: [string, number]; str?: [string, number]; data?: [string, number]; dataError?: string } = {},
): SynchronizationObjectModifyStatus {
  const [ps, pp] = over.pre ?? ["Migrating", 10];
  const [ss, sp] = over.str ?? ["NotStarted", 0];
  const [ds, dp] = over.data ?? ["NotStarted", 0];
  return {
    requestId: "r",
    status: over.status ?? "Migrating",
    precheck: { status: ps, percent: pp, items: [] },
    structureInitialization: { status: ss, percent: sp, progress: 0 },
    dataInitialization: { status: ds, percent: dp, progress: 0, ...(over.dataError ? { errorMessage: over.dataError } : {}) },
  };
}

describe("ProgressReporter", () => {
  it("prints the first status, one line per phase change, and a percent line per interval", () => {
    let t = 0;
    const lines: string[] = [];
    const r = new ProgressReporter(
      "[dts-objects] objs (task t1)",
      (l) => lines.push(l),
      30_000,
      () => t,
    );
    r.onStatus(status(), 0);
    t = 5_000;
    r.onStatus(status({ pre: ["Migrating", 50] }), 5_000); // no change, interval not reached: silent
    t = 31_000;
    r.onStatus(status({ pre: ["Migrating", 90] }), 31_000); // interval reached: percent line
    t = 33_000;
    r.onStatus(status({ pre: ["Finished", 100], str: ["Migrating", 20] }), 33_000); // two phase changes
    t = 40_000;
    r.onStatus(status({ pre: ["Finished", 100], str: ["Finished", 100], data: ["Failed", 30], dataError: "boom" }), 40_000);
    expect(lines).toEqual([
      "[dts-objects] objs (task t1): status Migrating; precheck Migrating 10%, structure initialization NotStarted 0%, data initialization NotStarted 0%",
      "[dts-objects] objs (task t1): precheck Migrating 90%, structure initialization NotStarted 0%, data initialization NotStarted 0% (31s)",
      "[dts-objects] objs (task t1): precheck Migrating -> Finished",
      "[dts-objects] objs (task t1): structure initialization NotStarted -> Migrating",
      "[dts-objects] objs (task t1): structure initialization Migrating -> Finished",
      "[dts-objects] objs (task t1): data initialization NotStarted -> Failed (boom)",
    ]);
  });
});

describe("outputs", () => {
  it("builds the documented shape from a status, with defaults when no status was seen", () => {
    const none = buildStatusOutputs({ taskId: "t", startedAt: 0, polls: 0 });
    expect(none).toEqual({
      taskId: "t",
      source: "task",
      status: "Unknown",
      precheck: { status: "NotStarted", percent: 0, items: [], failedItems: [] },
      structureInitialization: { status: "NotStarted", percent: 0, progress: 0 },
      dataInitialization: { status: "NotStarted", percent: 0, progress: 0 },
      failedTables: [],
      tables: { total: 0, finished: 0, failed: 0 },
      startedAt: "1970-01-01T00:00:00.000Z",
      polls: 0,
    });
    const s = status({ pre: ["Failed", 50] });
    s.precheck.items = [
      { itemName: "CHECK_CONN_SRC", checkStatus: "Success" },
      { itemName: "CHECK_AUTH_DEST", checkStatus: "Failed", errorMessage: "denied", repairMethod: "FIX" },
    ];
    const out = buildStatusOutputs({ taskId: "t", status: s, startedAt: 0, finishedAt: 1000, polls: 3 });
    expect(out.precheck.failedItems).toEqual([{ name: "CHECK_AUTH_DEST", status: "Failed", errorMessage: "denied", repairMethod: "FIX" }]);
    expect(out.finishedAt).toBe("1970-01-01T00:00:01.000Z");
  });

  it("counts tables over both phases; a failed constraint counts its table once", () => {
    const row = (table: string, status: string) => ({
      sourceOwnerDbName: "db",
      destinationOwnerDbName: "db",
      tableName: table,
      status,
      finishRowNum: 0,
      totalRowNum: 0,
      usedTime: 0,
    });
    const report = {
      structureInitializationDetails: [
        { sourceOwnerDbName: "db", destinationOwnerDbName: "db", objectName: "a", objectType: "Table", status: "Finished", constraints: [] },
        { sourceOwnerDbName: "db", destinationOwnerDbName: "db", objectName: "v", objectType: "View", status: "Finished", constraints: [] },
      ],
      dataInitializationDetails: [row("a", "Finished"), row("b", "Failed"), row("c", "Migrating")],
    };
    const failed = [{ sourceDb: "db", destinationDb: "db", table: "b", phase: "dataInitialization" as const, status: "Failed", errorMessage: "x" }];
    expect(countTables(report, failed)).toEqual({ total: 3, finished: 1, failed: 1 });
  });

  it("judges stored outputs: finished phases and (by default) no failed table", () => {
    const done = {
      finishedAt: "x",
      precheck: { status: "Finished", percent: 100, items: [], failedItems: [] },
      structureInitialization: { status: "Finished", percent: 100, progress: 1 },
      dataInitialization: { status: "Finished", percent: 100, progress: 1 },
      failedTables: [],
    };
    expect(outputsSucceeded(done, undefined)).toBe(true);
    expect(outputsSucceeded({ ...done, finishedAt: undefined }, undefined)).toBe(false);
    const withFailed = {
      ...done,
      failedTables: [{ sourceDb: "d", destinationDb: "d", table: "t", phase: "dataInitialization" as const, status: "Failed", errorMessage: "" }],
    };
    expect(outputsSucceeded(withFailed, undefined)).toBe(false);
    expect(outputsSucceeded(withFailed, { failedTables: false })).toBe(true);
  });
});

describe("look-up functions", () => {
  let emu: EmulatorHandle;
  // The emulator's task clock is injected: the task is "running" until the test moves time past its end.
  let now = Date.now();
  beforeAll(async () => {
    emu = await startEmulator({ timeScale: 300, seed: 5, clock: { now: () => now } });
  });
  afterAll(async () => {
    await emu?.stop();
  });

  it("getSynchronizationObjectModifyStatus and getInitializationReport read a task and its job", async () => {
    const jobId = emu.createJob({ scenario: { name: "failed-tables", failedTables: { tables: ["b"] } } });
    const credentials = { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret };
    const { DtsClient } = await import("../../sdk/client/client");
    const client = new DtsClient({ endpoint: emu.url, credentials });
    const { taskId } = await client.modifySynchronizationObject({
      synchronizationJobId: jobId,
      synchronizationObjects: [{ dbName: "db", tableIncludes: [{ tableName: "a" }, { tableName: "b" }] }],
    });
    let s = await getSynchronizationObjectModifyStatus({ taskId, endpoint: emu.url, credentials });
    expect(s.taskId).toBe(taskId);
    expect(s.state).toBe("running");
    now += 24 * 3600 * 1000; // a day later: every phase has ended
    s = await getSynchronizationObjectModifyStatus({ taskId, endpoint: emu.url, credentials });
    expect(s.state).toBe("success");
    expect(s.dataInitialization).toMatchObject({ status: "Finished", percent: 100 });
    expect(s.precheck.items.length).toBeGreaterThan(0);

    const r = await getInitializationReport({ synchronizationJobId: jobId, endpoint: emu.url, credentials });
    expect(r.tables).toEqual({ total: 2, finished: 1, failed: 1 });
    expect(r.failedTables).toEqual([expect.objectContaining({ table: "b", phase: "dataInitialization" })]);
    expect(r.report.dataInitializationDetails).toHaveLength(2);
  });
});
