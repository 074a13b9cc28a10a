/**
 * The SDK's DtsJob path (ensureDtsJobModification + waitForDtsJobModification, DtsClient over real HTTP) against the
 * emulator's DtsJob actions, for each documented-open reading (parent status while modifying × whether a finished
 * SubSyncJob stays in the reply). Time is virtual: the SDK's sleeps advance the emulator's clock.
 */
import { setDtsJobOptions } from "../../emulator/dts-job-actions";
import { ensureDtsJobModification, formatFailure, waitForDtsJobModification } from "../../sdk";
import { cliEnv, ensureBuilt, removeTempDirs, runCli } from "../support/cli";
import { DTS_JOB_READINGS, describeEachReading, dtsJobDocument, emulatorControl } from "../support/dts-job";
import { useSdkEmulator } from "../support/sdk-emulator";

const fx = useSdkEmulator({ emulator: { seed: 31, log: false }, client: { retry: { maxAttempts: 1 } } });
const { clock, sleep } = fx;

const LIST = { dtstestdata: { name: "dtstestdata", all: false, Table: { customer: { name: "customer", all: true }, orders: { name: "orders", all: true } } } };
const OTHER = { dtstestdata: { name: "dtstestdata", all: false, Table: { items: { name: "items", all: true } } } };

let jobSeq = 0;
/** A job with the documented id forms (DtsInstanceId `dts<x>`, DtsJobId `<x>`): distinct, so a mix-up of the two fails. */
function newJob(scenario?: "precheck-failure"): { instanceId: string; dtsJobId: string } {
  const instanceId = fx.emu.createJob({ jobId: `dtsx${String(++jobSeq).padStart(7, "0")}`, ...(scenario ? { scenario } : {}) });
  const dtsJobId = instanceId.replace(/^dts/, "");
  expect(dtsJobId).not.toBe(instanceId);
  return { instanceId, dtsJobId };
}

const modifyCount = () => fx.emu.stats().byAction.ModifyDtsJob ?? 0;
const timing = { clock, sleep, random: () => 0.5, minDelaySeconds: 2, maxDelaySeconds: 10 };
const waitOpts = { maxWaitSeconds: 3600, ...timing };

/** ensureDtsJobModification of LIST on the job, an hour's deadline, virtual time. */
const ensureList = (instanceId: string, dtsJobId: string, extra: Partial<Parameters<typeof ensureDtsJobModification>[1]> = {}) =>
  ensureDtsJobModification(fx.client, { dtsJobId, dtsInstanceId: instanceId, dbList: LIST, deadlineMs: clock.now() + 3600_000, ...timing, ...extra });

const control = (path: string, body: unknown) => emulatorControl(fx.emu.url, path, body);

describeEachReading(
  () => fx.emu,
  (reading) => {
    test("ensure + wait: one ModifyDtsJob, success when the phases finish, DbObject is the requested list", async () => {
      const { instanceId, dtsJobId } = newJob();
      const before = modifyCount();
      const outcome = await ensureList(instanceId, dtsJobId);
      expect(outcome.kind).toBe("started");
      const r = await waitForDtsJobModification(fx.client, dtsJobId, { ...waitOpts, dtsInstanceId: instanceId, ...outcome });
      expect(r.state).toBe("success");
      expect(modifyCount() - before).toBe(1);
      const after = await fx.client.describeDtsJobDetail({ dtsJobId, syncSubJobHistory: true });
      expect(JSON.parse(after.dbObject ?? "{}")).toEqual(LIST);
      expect(after.status).toBe("synchronizing");
      expect(after.subSyncJobs.every((s) => s.status === "Finished")).toBe(true);
      // A second ensure finds the list in place: no write.
      const again = await ensureList(instanceId, dtsJobId);
      expect(again.kind).toBe("inPlace");
      expect(modifyCount() - before).toBe(1);
    });

    test("waitOnly: another client's change (control route); the SDK writes nothing and ends after it finished", async () => {
      const { instanceId, dtsJobId } = newJob();
      const other = await control("dts-job-modify", { DtsInstanceId: instanceId, DbList: JSON.stringify(OTHER) });
      expect(other.status).toBe(200);
      const before = modifyCount();
      const outcome = await ensureDtsJobModification(fx.client, { dtsJobId, waitOnly: true, deadlineMs: clock.now() + 3600_000, ...timing });
      expect(outcome).toMatchObject({ kind: "waitOnly", running: true });
      const r = await waitForDtsJobModification(fx.client, dtsJobId, { ...waitOpts, ...outcome, expectedDbList: JSON.stringify(OTHER) });
      expect(r.state).toBe("success");
      // Where the reading keeps the finished subtask, the wait judged that one (another client's), not an older one.
      if (reading.finishedSubSyncJob === "stays") expect(r.subJobId).toBe(other.data.subSyncJobId);
      expect(other.data.dtsJobId).toBe(dtsJobId);
      expect(modifyCount()).toBe(before);
      const after = await fx.client.describeDtsJobDetail({ dtsJobId, syncSubJobHistory: true });
      expect(after.status).toBe("synchronizing");
      expect(after.subSyncJobs.every((s) => s.status === "Finished")).toBe(true);
      expect(JSON.parse(after.dbObject ?? "{}")).toEqual(OTHER);
    });

    test("ensure while another client's change runs: no write until it ends, then one ModifyDtsJob", async () => {
      const { instanceId, dtsJobId } = newJob();
      const other = await control("dts-job-modify", { DtsInstanceId: instanceId, DbList: JSON.stringify(OTHER) });
      expect(other.status).toBe(200);
      const before = modifyCount();
      const events: string[] = [];
      const outcome = await ensureList(instanceId, dtsJobId, { onEvent: (e) => events.push(e.kind) });
      expect(outcome.kind).toBe("started");
      expect(events).toContain("waitingForJob");
      expect(outcome.job.subSyncJobs.every((s) => s.status === "Finished")).toBe(true);
      const r = await waitForDtsJobModification(fx.client, dtsJobId, { ...waitOpts, ...outcome });
      expect(r.state).toBe("success");
      expect(modifyCount() - before).toBe(1);
      expect(JSON.parse((await fx.client.describeDtsJobDetail({ dtsJobId })).dbObject ?? "{}")).toEqual(LIST);
    });

    test("precheck-failure: the wait fails naming the check item and its repair method", async () => {
      const { instanceId, dtsJobId } = newJob("precheck-failure");
      const outcome = await ensureList(instanceId, dtsJobId);
      expect(outcome.kind).toBe("started");
      const r = await waitForDtsJobModification(fx.client, dtsJobId, { ...waitOpts, ...outcome });
      expect(r.state).toBe("failure");
      expect(r.failedPhase).toBe("precheck");
      const text = `${formatFailure(r)} ${JSON.stringify(r.failedItems)} ${JSON.stringify(r.failedObjects)}`;
      expect(text).toContain("CHECK_AUTH_DEST");
      expect(text).toContain("CHECK_ERROR_DEST_CONN_REPAIR2");
      expect(r.failedItems).toEqual([
        expect.objectContaining({ itemName: "CHECK_AUTH_DEST", checkStatus: "Failed", repairMethod: "CHECK_ERROR_DEST_CONN_REPAIR2" }),
      ]);
      expect(r.failedObjects).toEqual([expect.objectContaining({ item: "CHECK_AUTH_DEST", state: "Failed", repairMethod: "CHECK_ERROR_DEST_CONN_REPAIR2" })]);
      expect(formatFailure(r)).toContain("CHECK_AUTH_DEST");
      // Worded for what was waited on: the job (its DtsJobId) and the subtask that carried the change.
      expect(r.subJobId).toEqual(expect.any(String));
      expect(formatFailure(r).split("\n")[0]).toBe(`Modification of DTS job ${dtsJobId} (subtask ${r.subJobId}) failed in precheck: 1 check item failed:`);
      // A failed precheck leaves the old list (the emulator's documented replace-on-pass).
      expect((await fx.client.describeDtsJobDetail({ dtsJobId })).dbObject).toBe("{}");
    });

    test.each(["unavailableAfter", "resetAfter"] as const)("an ambiguous ModifyDtsJob (%s) leaves exactly one change", async (fault) => {
      const { instanceId, dtsJobId } = newJob();
      const before = modifyCount();
      const startedBefore = fx.emu.stats().tasksStarted;
      // The fault sequence applies call by call: arm it just before the write, so the decision's reads go through.
      const outcome = await ensureDtsJobModification(
        {
          describeDtsJobDetail: (i) => fx.client.describeDtsJobDetail(i),
          modifyDtsJob: (i) => {
            fx.emu.setFaults({ sequence: [fault] });
            return fx.client.modifyDtsJob(i).finally(() => fx.emu.setFaults({}));
          },
        },
        { dtsJobId, dtsInstanceId: instanceId, dbList: LIST, deadlineMs: clock.now() + 3600_000, ...timing },
      );
      expect(outcome).toMatchObject({ kind: "ranAfterAmbiguous", ambiguousAttempts: 1 });
      const r = await waitForDtsJobModification(fx.client, dtsJobId, { ...waitOpts, ...outcome });
      expect(r.state).toBe("success");
      expect(modifyCount() - before).toBe(1);
      expect(fx.emu.stats().tasksStarted - startedBefore).toBe(1);
      const after = await fx.client.describeDtsJobDetail({ dtsJobId, syncSubJobHistory: true });
      expect(JSON.parse(after.dbObject ?? "{}")).toEqual(LIST);
    });
  },
);

describe("built CLI", () => {
  beforeAll(() => ensureBuilt(), 180_000);
  afterAll(() => removeTempDirs());
  const env = () => cliEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: fx.emu.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: fx.emu.accessKeySecret });
  const fast = () => ["--endpoint", fx.emu.url, "--min-delay", "0.1", "--max-delay", "0.2"];

  /** A job whose change (one ModifyDtsJob) the SDK started and waited out, the emulator's clock with it. */
  async function finishedChange(scenario?: "precheck-failure") {
    const { instanceId, dtsJobId } = newJob(scenario);
    const outcome = await ensureList(instanceId, dtsJobId);
    expect(outcome.kind).toBe("started");
    const done = await waitForDtsJobModification(fx.client, dtsJobId, { ...waitOpts, ...outcome });
    // The emulator's id of the change (the SubSyncJob's DtsJobId is its task id): the last task of the job.
    const taskId = fx.emu.state.job(instanceId).taskIds.at(-1) as string;
    return { dtsJobId, done, taskId };
  }

  test.each(DTS_JOB_READINGS)(
    "wait --dts-job <id> --json on a finished change ($parentStatus, $finishedSubSyncJob): the DtsJob document, exit 0",
    async (reading) => {
      setDtsJobOptions(fx.emu.state, reading);
      const { dtsJobId, done, taskId } = await finishedChange();
      expect(done.state).toBe("success");
      const reads = fx.emu.stats().byAction.DescribeDtsJobDetail ?? 0;
      const r = await runCli(["wait", "--dts-job", dtsJobId, "--json", ...fast()], { env: env() });
      expect(r.stderr).not.toMatch(/error/i);
      const out = dtsJobDocument(r, 0);
      expect(out).toMatchObject({ jobStatus: "synchronizing", failedObjects: [] });
      expect(out.finishedAt).toEqual(expect.any(String));
      if (reading.finishedSubSyncJob === "stays") {
        // The finished subtask is in the reply: it is the change reported, with its own phases.
        expect(out.subJobId).toBe(taskId);
        expect(out).toMatchObject({
          status: "Finished",
          precheck: { status: "Finished", percent: 100, failedItems: [] },
          structureInitialization: { status: "Finished", percent: 100 },
          dataInitialization: { status: "Finished", percent: 100 },
        });
        expect(out).not.toHaveProperty("note");
        expect(out.polls).toBe(1);
      } else {
        // Nothing to judge but the job: quiet replies end the wait, and the note says whose phases these are.
        expect(out).not.toHaveProperty("subJobId");
        expect(out.status).toBe("synchronizing");
        expect(out.note).toMatch(/^no modification was seen running and no subtask is shown: the phases are the job's own/);
        expect(out.polls).toBe(3);
      }
      expect(fx.emu.stats().byAction.DescribeDtsJobDetail ?? 0).toBeGreaterThan(reads);
    },
    120_000,
  );

  test("status --dts-job <id> (--json and text) on a finished change: the subtask and its phases, exit 0", async () => {
    setDtsJobOptions(fx.emu.state, { parentStatus: "Modifying", finishedSubSyncJob: "stays" });
    const { dtsJobId, taskId } = await finishedChange();
    const json = await runCli(["status", "--dts-job", dtsJobId, "--json", "--endpoint", fx.emu.url], { env: env() });
    const out = dtsJobDocument(json, 0);
    expect(out).toMatchObject({
      subJobId: taskId,
      jobStatus: "synchronizing",
      status: "Finished",
      dataInitialization: { status: "Finished", percent: 100 },
      polls: 1,
    });
    const text = await runCli(["status", "--dts-job", dtsJobId, "--endpoint", fx.emu.url], { env: env() });
    expect(text.code).toBe(0);
    expect(text.stdout.split("\n")[0]).toBe(`DTS job ${dtsJobId}: done (job synchronizing, subtask ${taskId} Finished, 1 poll)`);
    expect(text.stdout).toMatch(/precheck\s+Finished\s+100%/);
  }, 120_000);

  test("wait --dts-job <id> on a change that failed its precheck: exit 1, the item and repair method in the document", async () => {
    setDtsJobOptions(fx.emu.state, { parentStatus: "Modifying", finishedSubSyncJob: "stays" });
    const { dtsJobId, done, taskId } = await finishedChange("precheck-failure");
    expect(done.state).toBe("failure");
    const r = await runCli(["wait", "--dts-job", dtsJobId, "--json", ...fast()], { env: env() });
    expect(r.stderr).toContain(`Failed: subtask ${taskId}: precheck`);
    const out = dtsJobDocument(r, 1);
    // The emulator fails the item while its precheck still runs: the failed item decides, whatever the phase reads.
    expect(out).toMatchObject({ subJobId: taskId, jobStatus: "Modifying" });
    expect(out.precheck.failedItems).toEqual([expect.objectContaining({ name: "CHECK_AUTH_DEST", repairMethod: "CHECK_ERROR_DEST_CONN_REPAIR2" })]);
    expect(out.failedObjects).toEqual([expect.objectContaining({ item: "CHECK_AUTH_DEST", state: "Failed", repairMethod: "CHECK_ERROR_DEST_CONN_REPAIR2" })]);
    expect(out).not.toHaveProperty("failedObjectsLeftOut");
  }, 120_000);
});
