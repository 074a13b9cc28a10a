/**
 * The two initialization waiters (DtsClient over real HTTP) against the emulator's model of a new job's life, for
 * both families: success from not started to caught up, precheck failure with item and repair, initialization
 * failure with tables/objects, a phase the migration mode skips, an incremental failure, a stalled catch-up, a job
 * already initialized. Time is virtual: the SDK's sleeps advance the emulator's clock.
 */
import { formatFailure, waitForDtsJobInitialization, waitForSyncJobInitialization } from "../../sdk";
import { initializationJob, type InitializationJob } from "../support/dts-job";
import { useSdkEmulator } from "../support/sdk-emulator";

const fx = useSdkEmulator({ emulator: { seed: 7, log: false }, client: { retry: { maxAttempts: 1 } } });
const { clock, sleep } = fx;

const newJob = (life: Record<string, unknown>) => initializationJob(fx.emu.url, life);
const options = { clock, sleep, random: () => 0.5 };

type Family = "sync-job" | "dts-job";
const wait = (family: Family, job: InitializationJob, o: Record<string, unknown> = {}) =>
  family === "sync-job"
    ? waitForSyncJobInitialization(fx.client, job.jobId, { maxWaitSeconds: 3600, ...options, ...o })
    : waitForDtsJobInitialization(fx.client, job.dtsJobId, { maxWaitSeconds: 3600, ...options, ...o });

describe.each<Family>(["sync-job", "dts-job"])("%s family", (family) => {
  it("waits a not-started job through every phase to caught up, saying it has not started", async () => {
    const job = await newJob({ startAfterSeconds: 30, precheckSeconds: 20, structureSeconds: 30, dataSeconds: 300, initialDelaySeconds: 60 });
    const reasons: string[] = [];
    const r = await wait(family, job, {
      caughtUp: { maxDelaySeconds: 5, polls: 2 },
      onProgress: (e: { status: { status: string } }) => reasons.push(e.status.status),
    });
    expect(r).toMatchObject({ state: "success", stage: "caught-up", initialized: true });
    expect(r.caughtUp).toMatchObject({ reached: true, caughtUpPolls: 2 });
    expect(r.delaySeconds).toBeLessThanOrEqual(5);
    expect(reasons[0]?.toLowerCase()).toBe("notstarted");
    expect(reasons.map((s) => s.toLowerCase())).toEqual(expect.arrayContaining(["synchronizing"]));
    expect(r.elapsedMs).toBeGreaterThan(380_000);
  });

  it("a job already initialized answers on the first poll", async () => {
    const job = await newJob({ dataSeconds: 10, initialDelaySeconds: 0 });
    clock.advance(3_600_000);
    const r = await wait(family, job);
    expect(r).toMatchObject({ state: "success", polls: 1, stage: "initialized" });
  });

  it("a precheck failure fails at once with the item and its repair method", async () => {
    const job = await newJob({ failure: "precheck", precheckSeconds: 20 });
    const r = await wait(family, job, { maxWaitSeconds: 86_400 });
    expect(r).toMatchObject({ state: "failure", failedPhase: "precheck", endedBy: "task" });
    expect(r.failedItems).toEqual([expect.objectContaining({ itemName: "CHECK_BINLOG_MODE", repairMethod: expect.stringContaining("binlog_format=ROW") })]);
    expect(r.elapsedMs).toBeLessThan(60_000);
    expect(formatFailure(r)).toContain("repair:");
  });

  it("a data initialization failure names the failed tables", async () => {
    const job = await newJob({ failure: "data", tables: 6, failedTables: 2 });
    const r = await wait(family, job);
    expect(r).toMatchObject({ state: "failure", failedPhase: "dataInitialization" });
    const failed = family === "sync-job" ? r.failedTables.map((t) => t.table) : r.failedObjects.map((o) => o.names);
    expect(failed).toEqual(["table_5", "table_6"]);
  });

  it("a phase the migration mode turns off is not waited for", async () => {
    const job = await newJob({ migrationMode: { structureInitialization: false, dataInitialization: true, dataSynchronization: true } });
    const r = await wait(family, job);
    expect(r.state).toBe("success");
    expect(r.final?.structureInitialization.status).toBe("Skipped");
  });

  it("an incremental failure fails the caught-up wait with its message", async () => {
    const job = await newJob({ failure: "incremental", initialDelaySeconds: 600 });
    const r = await wait(family, job, { caughtUp: { maxDelaySeconds: 5 } });
    expect(r).toMatchObject({ state: "failure", incrementalFailed: true, initialized: true });
    expect(r.reason).toContain("binlog");
  });

  it("a stalled catch-up is not reached: timeout with the last delay", async () => {
    const job = await newJob({ stall: true, initialDelaySeconds: 90, dataSeconds: 30 });
    const r = await wait(family, job, { maxWaitSeconds: 600, caughtUp: { maxDelaySeconds: 5 } });
    expect(r).toMatchObject({ state: "timeout", initialized: true, delaySeconds: 90 });
    expect(r.caughtUp?.reached).toBe(false);
  });
});

it("dts-job: DTS giving up its retries fails the wait with the module's message", async () => {
  const job = await newJob({ failure: "retry-exhausted", dataSeconds: 30 });
  const r = await waitForDtsJobInitialization(fx.client, job.dtsJobId, { maxWaitSeconds: 3600, ...options, caughtUp: { maxDelaySeconds: 5 } });
  expect(r).toMatchObject({ state: "failure", incrementalFailed: true });
  expect(r.reason).toContain("DTS stopped retrying Incremental");
});

it("dts-job: the failed objects are read over every page of DescribePreCheckStatus", async () => {
  const job = await newJob({ failure: "data", tables: 130, failedTables: 120, rowsPerTable: 10 });
  const r = await waitForDtsJobInitialization(fx.client, job.dtsJobId, { maxWaitSeconds: 3600, ...options });
  expect(r).toMatchObject({ state: "failure", failedPhase: "dataInitialization" });
  expect(r.failedObjects).toHaveLength(120);
  expect(r.failedObjects[0]?.names).toBe("table_11");
  expect(r.failedObjectsError).toBeUndefined();
});

it("dts-job: a job DescribeDtsJobs does not list ends as not found, in three polls", async () => {
  const r = await waitForDtsJobInitialization(fx.client, "nosuchjob", { maxWaitSeconds: 3600, ...options });
  expect(r).toMatchObject({ state: "failure", endedBy: "api", polls: 3 });
});
