/**
 * The emulator's model of a new job's life (initialization-life.ts), both families, through Alibaba's generic
 * OpenAPI client (V3 signatures) as user code calls it, the control API and the bin's flag. Time is the emulator's
 * manual clock.
 */
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { parseCli, runCli } from "../../emulator/bin";
import { lifeAt } from "../../emulator/initialization-life";
import { InitializationLifeSchema } from "../../emulator/initialization-life-schema";
import { emulatorControl } from "../support/dts-job";
import { ManualClock } from "./helpers";
import { callDts, openApiClient } from "./openapi-client";

const AK = "LTAI5tInitLife0001";
const SECRET = "init-life-secret-01";
const clock = new ManualClock();
let emu: EmulatorHandle;

beforeAll(async () => {
  emu = await startEmulator({ port: 0, clock, seed: 5, accessKeys: { [AK]: SECRET }, log: false });
});
afterAll(() => emu.stop());

const client = () => openApiClient({ endpoint: emu.url, accessKeyId: AK, accessKeySecret: SECRET, mode: "V3" });
const call = async (action: string, query: Record<string, string>) => {
  const r = await callDts(client(), action, { query });
  expect(r.statusCode).toBe(200);
  return r.body;
};
const newJob = async (life: Record<string, unknown>) => {
  const r = await emulatorControl(emu.url, "initialization-jobs", life);
  expect(r.status).toBe(200);
  return r.data as { jobId: string; dtsJobId: string; synchronizationJobId: string };
};

describe("life of a new job (pure)", () => {
  const life = InitializationLifeSchema.parse({ startAfterSeconds: 5, precheckSeconds: 10, structureSeconds: 10, dataSeconds: 100, initialDelaySeconds: 30 });
  it("goes not started -> precheck -> structure -> data -> synchronizing with a falling delay", () => {
    expect(lifeAt(life, 0).stage).toBe("not-started");
    expect(lifeAt(life, 10)).toMatchObject({ stage: "precheck", precheck: { status: "Checking", percent: 50 } });
    expect(lifeAt(life, 20)).toMatchObject({ stage: "initializing", structure: { status: "Migrating", percent: 50 }, data: { status: "NotStarted" } });
    expect(lifeAt(life, 75)).toMatchObject({ stage: "initializing", structure: { status: "Finished" }, data: { status: "Migrating", percent: 50 } });
    expect(lifeAt(life, 125)).toMatchObject({ stage: "synchronizing", incremental: { status: "Migrating" }, delaySeconds: 30 });
    expect(lifeAt(life, 145).delaySeconds).toBe(10);
    expect(lifeAt(life, 200)).toMatchObject({ incremental: { status: "Catched" }, delaySeconds: 0 });
  });
  it("a stalled catch-up keeps its delay; autoStart false never starts", () => {
    expect(lifeAt({ ...life, stall: true }, 10_000).delaySeconds).toBe(30);
    expect(lifeAt({ ...life, autoStart: false }, 10_000).stage).toBe("not-started");
  });
});

describe("DescribeDtsJobs (dts-job family) through the generic OpenAPI client", () => {
  it("lists a new job only with JobType=SYNC, with its own phase blocks and documented field names", async () => {
    const { dtsJobId, jobId } = await newJob({ precheckSeconds: 10, structureSeconds: 10, dataSeconds: 100 });
    expect((await call("DescribeDtsJobs", { DtsJobId: dtsJobId, Region: "cn-hangzhou" })).DtsJobList).toEqual([]);
    clock.advance(60_000);
    const body = await call("DescribeDtsJobs", { DtsJobId: dtsJobId, JobType: "SYNC", Region: "cn-hangzhou", WithoutDbList: "true" });
    expect(body.TotalRecordCount).toBe(1);
    const item = body.DtsJobList[0];
    expect(item).toMatchObject({
      DtsJobId: dtsJobId,
      DtsInstanceID: jobId,
      JobType: "SYNC",
      Status: "Initializing",
      PrecheckStatus: { Status: "Finished", Percent: "100" },
      StructureInitializationStatus: { Status: "Finished", Percent: "100" },
      DataInitializationStatus: { Status: "Migrating", Percent: "40" },
      DataSynchronizationStatus: { Status: "NotStarted" },
      MigrationMode: { StructureInitialization: true, DataInitialization: true, DataSynchronization: true },
    });
    expect(item.PrecheckStatus.Detail[0]).toEqual({ CheckItem: "CHECK_CONN_SRC", CheckItemDescription: "CHECK_CONN_SRC", CheckResult: "Success" });
    clock.advance(80_000);
    const steady = (await call("DescribeDtsJobs", { DtsJobId: dtsJobId, JobType: "SYNC" })).DtsJobList[0];
    expect(steady).toMatchObject({ Status: "synchronizing", Delay: 40, DataSynchronizationStatus: { Status: "Migrating" } });
    clock.advance(40_000);
    const caught = (await call("DescribeDtsJobs", { DtsJobId: dtsJobId, JobType: "SYNC" })).DtsJobList[0];
    expect(caught).toMatchObject({ Delay: 0, DataSynchronizationStatus: { Status: "Catched" } });
  });

  it("a precheck failure names its item, reason and repair method; DescribePreCheckStatus 01 has it too", async () => {
    const { dtsJobId } = await newJob({ failure: "precheck" });
    clock.advance(6_000);
    const item = (await call("DescribeDtsJobs", { DtsJobId: dtsJobId, JobType: "SYNC" })).DtsJobList[0];
    expect(item.Status).toBe("PrecheckFailed");
    const failed = item.PrecheckStatus.Detail.filter((d: { CheckResult: string }) => d.CheckResult === "Failed");
    expect(failed).toEqual([expect.objectContaining({ CheckItem: "CHECK_BINLOG_MODE", FailedReason: expect.any(String), RepairMethod: expect.any(String) })]);
    const pre = await call("DescribePreCheckStatus", { DtsJobId: dtsJobId, JobCode: "01", StructType: "before" });
    expect(pre.JobProgress.filter((p: { State: string }) => p.State === "Failed").map((p: { Item: string }) => p.Item)).toEqual(["CHECK_BINLOG_MODE"]);
  });

  it("a data failure: InitializeFailed, the phase Failed, the failed tables in DescribePreCheckStatus 03", async () => {
    const { dtsJobId } = await newJob({ failure: "data", failedTables: 2, tables: 5 });
    clock.advance(80_000);
    const item = (await call("DescribeDtsJobs", { DtsJobId: dtsJobId, JobType: "SYNC" })).DtsJobList[0];
    expect(item).toMatchObject({
      Status: "InitializeFailed",
      DataInitializationStatus: { Status: "Failed", ErrorMessage: expect.stringContaining("Duplicate") },
    });
    const pre = await call("DescribePreCheckStatus", { DtsJobId: dtsJobId, JobCode: "03", StructType: "before" });
    expect(pre.JobProgress.filter((p: { State: string }) => p.State === "Failed").map((p: { Names: string }) => p.Names)).toEqual(["table_4", "table_5"]);
  });
});

describe("DescribeSynchronizationJobStatus / DescribeInitializationStatus (sync-job family)", () => {
  it("speaks the page's lower camel statuses, Success precheck, Delay (s) and DelayMillis (ms), the phase switches", async () => {
    const { synchronizationJobId } = await newJob({ migrationMode: { structureInitialization: false }, dataSeconds: 40, initialDelaySeconds: 20 });
    clock.advance(15_000);
    const init = await call("DescribeSynchronizationJobStatus", { SynchronizationJobId: synchronizationJobId });
    expect(init).toMatchObject({
      Status: "initializating",
      StructureInitialization: "false",
      DataInitialization: "true",
      PrecheckStatus: { Status: "Success" },
      StructureInitializationStatus: { Status: "NotStarted" },
      DataInitializationStatus: { Status: "Migrating" },
    });
    clock.advance(40_000);
    const steady = await call("DescribeSynchronizationJobStatus", { SynchronizationJobId: synchronizationJobId });
    expect(steady).toMatchObject({
      Status: "synchronizing",
      Delay: "15",
      DelayMillis: 15000,
      DataSynchronizationStatus: { Status: "Migrating", DelayMillis: 15000 },
    });
    const tables = await call("DescribeInitializationStatus", { SynchronizationJobId: synchronizationJobId, PageSize: "3", PageNum: "2" });
    expect(tables.DataInitializationDetails.map((d: { TableName: string }) => d.TableName)).toEqual(["table_4"]);
  });

  it("an incremental failure: failed, the block Failed with its message", async () => {
    const { synchronizationJobId } = await newJob({ failure: "incremental" });
    clock.advance(200_000);
    const r = await call("DescribeSynchronizationJobStatus", { SynchronizationJobId: synchronizationJobId });
    expect(r).toMatchObject({ Status: "failed", DataSynchronizationStatus: { Status: "Failed", ErrorMessage: expect.stringContaining("binlog") } });
  });
});

describe("control API and bin flag", () => {
  it("the control API names a bad key", async () => {
    const r = await emulatorControl(emu.url, "initialization-jobs", { failure: "meteor" });
    expect(r.status).toBe(400);
    expect(JSON.stringify(r.data)).toContain("failure");
  });

  it("--initialization-job creates a job with that life; a bad value is a usage error naming the flag", async () => {
    expect(() => parseCli(["--initialization-job", "{not json"])).toThrow(/--initialization-job/);
    expect(() => parseCli(["--initialization-job", '{"dataSeconds":-1}'])).toThrow(/--initialization-job/);
    const { code, handle } = await runCli(["--quiet", "--initialization-job", '{"jobId":"dtsbinlife1","failure":"structure"}'], {
      stdout: () => undefined,
      stderr: () => undefined,
    });
    expect(code).toBe(0);
    try {
      expect(handle!.state.jobs.get("dtsbinlife1")?.initialization).toMatchObject({ failure: "structure", dataSeconds: 60 });
    } finally {
      await handle!.stop();
    }
  });
});
