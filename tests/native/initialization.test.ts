/**
 * `dts:index:SynchronizationJobInitialization` and `dts:index:DtsJobInitialization` through the native plugin and
 * the real engine from one YAML program, against the emulator's model of a new job's life. One project, seven
 * resources per `up` (kept to one program so the suite stays fast):
 * - `syncDone`: a sync-job job not started yet, waited for through every phase and until caught up;
 * - `dtsDone`: a dts-job job, caught up; its `dtsInstanceId` secret (ciphertext in inputs and outputs);
 * - `dtsAlready`: a dts-job job initialized before `pulumi up`: one status call;
 * - `syncFailing`: a precheck failure: the item and its repair method in the output, the resource kept;
 * - `dtsDeadline`: `customTimeouts: {create: 2s}` on a long data initialization: partial state; the next up resumes;
 * - `dtsDataFailing`: a data initialization failure: the failed tables named in the output and kept in the state;
 * - `syncStalled`: `caughtUp` on a job whose delay stalls above the bound: the deadline ends it, not reached.
 * The second up (`--continue-on-error`) resumes `dtsDeadline` to the end and reports `syncFailing` again; nothing
 * is ever written to DTS. Then `pulumi import` adopts a job by its id with one status call. Last, one Ctrl-C: an
 * eighth resource is added to the program, a `--target`ed up waiting for it gets one SIGINT, and a second targeted
 * up (the job let finish by moving the emulator's clock on) resumes it.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { actionCalls, useEngine } from "../support/engine";
import { interruptTargetedUp } from "../support/engine-checks";
import { SECRET_SIG, SIG_KEY } from "../../provider/native/wire";
import { emulatorControl } from "../support/dts-job";
import { VERSION, yamlProject } from "../support/native-plugin";

jest.setTimeout(300_000);

const SYNC = "dts:index:SynchronizationJobInitialization";
const DTS = "dts:index:DtsJobInitialization";
const FAST = "{timeoutMinutes: 2, minDelaySeconds: 0.05, maxDelaySeconds: 0.2, maxIdleDelaySeconds: 0.2}";
const CIPHERTEXT = expect.objectContaining({ [SIG_KEY]: SECRET_SIG, ciphertext: expect.any(String) });
// This file's emulator runs at its own pace (time scale 100), so it starts its own; the fixture does the rest.
let emu: EmulatorHandle;
// The emulator's clock, moved on by the test to let a long job finish at once (virtual time, no sleeping).
let skewMs = 0;
const engine = useEngine({
  yaml: true,
  emulator: false,
  setup: {
    run: async () => {
      emu = await startEmulator({ timeScale: 100, seed: 3, log: false, clock: { now: () => Date.now() + skewMs } });
      engine.onCleanup(() => emu.stop());
    },
    timeoutMs: 10_000,
  },
});

const newJob = async (life: Record<string, unknown>) =>
  (await emulatorControl(emu.url, "initialization-jobs", life)).data as { jobId: string; dtsJobId: string };

test("both initialization resources from YAML: caught up, already initialized, precheck and data failures, a deadline resumed, caught-up not reached, import, one Ctrl-C", async () => {
  // Initialized long before the up (the project's setup takes seconds, hundreds of virtual ones).
  const dtsAlready = await newJob({ precheckSeconds: 1, structureSeconds: 1, dataSeconds: 1, initialDelaySeconds: 0 });
  // The same, with a delay that never falls.
  const syncStalled = await newJob({ stall: true, initialDelaySeconds: 90, precheckSeconds: 1, structureSeconds: 1, dataSeconds: 5 });
  const id = (key: string) => `\${${key}}`;
  const resource = (name: string, type: string, props: string, options = "", wait = FAST) =>
    `  ${name}:\n    type: ${type}\n    properties:\n${props}      wait: ${wait}\n    options:\n      version: ${VERSION}\n${options}`;
  const program = [
    "name: dts-native-initialization",
    "runtime: yaml",
    "config:",
    ...["syncDoneId", "dtsDoneId", "syncFailingId", "dtsDeadlineId", "dtsDataFailingId"].map((k) => `  ${k}:\n    type: string`),
    "resources:",
    resource("syncDone", SYNC, `      synchronizationJobId: ${id("syncDoneId")}\n      caughtUp: {maxDelaySeconds: 5, polls: 2}\n`),
    resource(
      "dtsDone",
      DTS,
      `      dtsJobId: ${id("dtsDoneId")}\n      dtsInstanceId:\n        fn::secret: dts${id("dtsDoneId")}\n      caughtUp: {maxDelaySeconds: 5, polls: 2}\n`,
    ),
    resource("dtsAlready", DTS, `      dtsJobId: ${dtsAlready.dtsJobId}\n`),
    resource("syncFailing", SYNC, `      synchronizationJobId: ${id("syncFailingId")}\n`),
    resource("dtsDeadline", DTS, `      dtsJobId: ${id("dtsDeadlineId")}\n`, "      customTimeouts:\n        create: 2s\n"),
    resource("dtsDataFailing", DTS, `      dtsJobId: ${id("dtsDataFailingId")}\n`),
    // A bound of 3 s (wait.timeoutMinutes: create and update alike, so the second up stays short too).
    resource(
      "syncStalled",
      SYNC,
      `      synchronizationJobId: ${syncStalled.jobId}\n      caughtUp: {maxDelaySeconds: 5}\n`,
      "",
      FAST.replace("timeoutMinutes: 2", "timeoutMinutes: 0.05"),
    ),
    "",
  ].join("\n");
  const project = engine.track(await yamlProject(emu, "unused", { tarball: engine.tarball, program, label: "native-initialization" }));
  // Ids chosen here and set as config first, so the jobs are born just before the up and meet it not started yet.
  const syncDone = { jobId: "dtsnatdone00001" };
  const dtsDone = { dtsJobId: "natdone00002", jobId: "dtsnatdone00002" };
  const syncFailing = { jobId: "dtsnatfail00001" };
  const dtsDeadline = { dtsJobId: "natddl000001", jobId: "dtsnatddl000001" };
  const dtsDataFailing = { dtsJobId: "natdata00001", jobId: "dtsnatdata00001" };
  await project.setConfigs({
    syncDoneId: syncDone.jobId,
    dtsDoneId: dtsDone.dtsJobId,
    syncFailingId: syncFailing.jobId,
    dtsDeadlineId: dtsDeadline.dtsJobId,
    dtsDataFailingId: dtsDataFailing.dtsJobId,
  });
  await newJob({ jobId: syncDone.jobId, startAfterSeconds: 500, precheckSeconds: 10, structureSeconds: 10, dataSeconds: 50, initialDelaySeconds: 20 });
  await newJob({ jobId: dtsDone.jobId, precheckSeconds: 20, structureSeconds: 20, dataSeconds: 200, initialDelaySeconds: 30 });
  await newJob({ jobId: syncFailing.jobId, failure: "precheck", precheckSeconds: 20 });
  await newJob({ jobId: dtsDeadline.jobId, precheckSeconds: 20, structureSeconds: 20, dataSeconds: 700 });
  await newJob({ jobId: dtsDataFailing.jobId, failure: "data", tables: 6, failedTables: 2, precheckSeconds: 20, structureSeconds: 20, dataSeconds: 40 });
  const p = project;
  const writes = () => actionCalls(emu, "ModifyDtsJob") + actionCalls(emu, "ModifySynchronizationObject");
  const writesBefore = writes();

  const up1 = await p.up({ allowFailure: true });
  expect(up1.code).not.toBe(0);
  // The status line on the rows: the job not started yet, a running phase, then catching up.
  expect(up1.output).toMatch(/syncDone \(sync-job job \S+\): not started yet/);
  expect(up1.output).toMatch(/dtsDone \(dts-job job \S+\): catching up · incremental delay/);
  const of = async (name: string) => (await p.resources()).find((r) => r.urn.endsWith(`::${name}`));

  const sDone = await of("syncDone");
  expect(sDone.id).toBe(syncDone.jobId);
  expect(sDone.outputs).toMatchObject({ family: "sync-job", stage: "caught-up", initialized: true, caughtUpResult: { reached: true, polls: 2 } });
  expect(sDone.outputs.finishedAt).toEqual(expect.any(String));
  const dDone = await of("dtsDone");
  expect(dDone.outputs).toMatchObject({ family: "dts-job", stage: "caught-up", caughtUpResult: { reached: true } });
  expect(dDone.outputs.dataInitialization).toMatchObject({ status: "Finished" });
  // A secret input stays secret in the state (inputs and the outputs that copy it).
  expect(dDone.inputs.dtsInstanceId).toEqual(CIPHERTEXT);
  expect(dDone.outputs.dtsInstanceId).toEqual(CIPHERTEXT);

  const already = await of("dtsAlready");
  expect(already.outputs).toMatchObject({ stage: "initialized", initialized: true, polls: 1 });

  expect(up1.output).toContain("CHECK_BINLOG_MODE");
  expect(up1.output).toContain("binlog_format=ROW");
  const failing = await of("syncFailing");
  expect(failing.id).toBe(syncFailing.jobId);
  expect(failing.outputs).toMatchObject({ stage: "failed", initialized: false });
  expect(failing.outputs.precheck.failedItems).toEqual([
    expect.objectContaining({ name: "CHECK_BINLOG_MODE", repairMethod: expect.stringContaining("binlog_format=ROW") }),
  ]);

  expect(up1.output).toMatch(/customTimeouts bounded this operation to 2 s/);
  const deadline = await of("dtsDeadline");
  expect(deadline.id).toBe(dtsDeadline.dtsJobId);
  expect(deadline.outputs.finishedAt).toBeUndefined();
  expect(deadline.outputs.polls).toBeGreaterThan(0);

  // A data initialization failure: the error names the failed tables (objects, in the dts-job family); the state keeps them.
  expect(up1.output).toContain("table_5");
  expect(up1.output).toContain("table_6");
  const dataFailing = await of("dtsDataFailing");
  expect(dataFailing.outputs).toMatchObject({ stage: "failed", initialized: false });
  expect((dataFailing.outputs.failedObjects as { names?: string }[]).map((o) => o.names)).toEqual(["table_5", "table_6"]);

  // Caught up not reached: initialized, the delay stalled above the bound until the deadline; partial state.
  const stalled = await of("syncStalled");
  expect(stalled.outputs).toMatchObject({ initialized: true, delaySeconds: 90, caughtUpResult: { maxDelaySeconds: 5, reached: false } });
  expect(stalled.outputs.stage).not.toBe("caught-up");
  expect(stalled.outputs.finishedAt).toBeUndefined();
  expect(up1.output).toMatch(/syncStalled[^\n]*caught up at <= 5s/);
  // The deadline's error names what was not reached: the delay above the caught-up bound.
  expect(up1.output).toMatch(/timed out: not finished within [^\n]*last: incremental delay 90s > 5s/);

  // The next up: `dtsDeadline` resumes to the end (its create bound no longer applies to an update); `syncFailing`
  // is looked at again and fails at once; the others are unchanged.
  const up2 = await p.up({ allowFailure: true }, ["--continue-on-error"]);
  expect(up2.code).not.toBe(0);
  expect(up2.output).toContain("CHECK_BINLOG_MODE");
  const resumed = await of("dtsDeadline");
  expect(resumed.outputs).toMatchObject({ stage: "initialized", initialized: true, startedAt: deadline.outputs.startedAt });
  expect(resumed.outputs.polls).toBeGreaterThan(deadline.outputs.polls);
  expect((await of("dtsAlready")).outputs).toEqual(already.outputs);
  expect(writes()).toBe(writesBefore);

  // Import by the job id: one status call, no wait; the job's state as that call showed it.
  const reads = actionCalls(emu, "DescribeSynchronizationJobStatus");
  const imported = await p.pulumi(["import", SYNC, "imported", syncDone.jobId, "--yes", "--skip-preview", "--stack", p.stack]);
  expect(imported.output).toMatch(/1 imported/);
  expect(actionCalls(emu, "DescribeSynchronizationJobStatus")).toBe(reads + 1);
  expect((await of("imported")).outputs).toMatchObject({ synchronizationJobId: syncDone.jobId, initialized: true, polls: 1 });
  expect(writes()).toBe(writesBefore);

  // One Ctrl-C: a new resource on a job whose data initialization lasts a virtual week, alone in a targeted up.
  const ctrlC = await newJob({ precheckSeconds: 20, structureSeconds: 20, dataSeconds: 604_800 });
  fs.writeFileSync(path.join(p.programDir, "Pulumi.yaml"), `${program}${resource("ctrlC", DTS, `      dtsJobId: ${ctrlC.dtsJobId}\n`)}`);
  const target = ["--target", already.urn.replace(/::dtsAlready$/, "::ctrlC")];
  const c1 = await interruptTargetedUp({ p, emu, target, jobId: ctrlC.dtsJobId, label: "native initialization", read: () => of("ctrlC") });

  // The job let finish (the emulator clock moved on 30 days); the next targeted up resumes to the end.
  skewMs += 30 * 86_400_000;
  const up4 = await p.up({}, target);
  expect(up4.code).toBe(0);
  const c2 = await of("ctrlC");
  expect(c2.outputs).toMatchObject({ stage: "initialized", initialized: true, startedAt: c1.outputs.startedAt });
  expect(c2.outputs.polls).toBeGreaterThan(c1.outputs.polls);
  expect(writes()).toBe(writesBefore);
});
