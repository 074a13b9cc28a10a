/**
 * `SynchronizationJobInitialization` and `DtsJobInitialization` (the dynamic resources) through the real Pulumi CLI
 * and engine, in one TypeScript program: examples/initialization-alicloud (a job created in the pulumi-alicloud
 * shape, `DtsJobInitialization` with `caughtUp`, and an application that `dependsOn` it) plus five resources on
 * jobs the test makes: a precheck failure, a data initialization failure naming its failed tables, a job already
 * initialized, a deadline (`wait.timeoutMinutes`) resumed by the next `pulumi up`, and caught-up not reached (a
 * stalled delay under a short bound). Two `up`s; then one Ctrl-C: a sixth resource, added by config, is waited for
 * by a `--target`ed `up` that gets one SIGINT, and a second targeted `up` (the job let finish by moving the
 * emulator's clock on) resumes it. Nothing is written to DTS. In-process runs: tests/provider/initialization.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { emulatorControl } from "../support/dts-job";
import { actionCalls, EXAMPLES, useEngine } from "../support/engine";
import { interruptTargetedUp } from "../support/engine-checks";

jest.setTimeout(300_000);

const EXAMPLE = path.join(EXAMPLES, "initialization-alicloud");
// The emulator's clock, moved on by the test to let a long job finish at once (virtual time, no sleeping).
let skewMs = 0;
const engine = useEngine({ emulator: { clock: { now: () => Date.now() + skewMs } } });

const EXTRA = `import * as pulumi from "@pulumi/pulumi";
import { DtsJobInitialization, SynchronizationJobInitialization } from "pulumi-dts-objects";

const c = new pulumi.Config();
const wait = { timeoutMinutes: 3, minDelaySeconds: 0.05, maxDelaySeconds: 0.2, maxIdleDelaySeconds: 0.2 };
export const failing = new SynchronizationJobInitialization("sync-failing", { synchronizationJobId: c.require("syncFailingId"), wait }).stage;
export const already = new DtsJobInitialization("dts-already", { dtsJobId: c.require("dtsAlreadyId"), wait }).polls;
export const deadline = new SynchronizationJobInitialization("sync-deadline", {
  synchronizationJobId: c.require("syncDeadlineId"),
  wait: { ...wait, timeoutMinutes: c.requireNumber("deadlineMinutes") },
}).stage;
export const dataFailing = new SynchronizationJobInitialization("sync-data-failing", { synchronizationJobId: c.require("syncDataFailingId"), wait }).stage;
export const stalled = new DtsJobInitialization("dts-stalled", {
  dtsJobId: c.require("dtsStalledId"),
  caughtUp: { maxDelaySeconds: 5 },
  wait: { ...wait, timeoutMinutes: 0.05 },
}).stage;
const ctrlCId = c.get("ctrlCId");
export const ctrlC = ctrlCId ? new DtsJobInitialization("ctrl-c", { dtsJobId: ctrlCId, wait }).stage : undefined;
`;

const newJob = async (life: Record<string, unknown>) =>
  (await emulatorControl(engine.emu.url, "initialization-jobs", life)).data as { jobId: string; dtsJobId: string };

test("examples/initialization-alicloud gates the application on DtsJobInitialization; precheck and data failures, already initialized, a deadline resumed, caught-up not reached, one Ctrl-C", async () => {
  const already = await newJob({ precheckSeconds: 1, structureSeconds: 1, dataSeconds: 1, initialDelaySeconds: 0 });
  // Initialized long before the up (seconds of set-up are hundreds of virtual ones); its delay never falls.
  const stalled = await newJob({ stall: true, initialDelaySeconds: 90, precheckSeconds: 1, structureSeconds: 1, dataSeconds: 5 });
  const example = fs.readFileSync(path.join(EXAMPLE, "index.ts"), "utf8");
  const p = await engine.example("unused", {
    copyFrom: EXAMPLE,
    label: "initialization",
    files: { "example.ts": example, "extra.ts": EXTRA, "index.ts": 'export * from "./example";\nexport * as extra from "./extra";\n' },
  });
  p.env.PULUMI_NODEJS_TRANSPILE_ONLY = "true";
  // Ids chosen here so the jobs are born just before the up (the config is set first).
  const failing = { jobId: "dtsinitfail0001" };
  const deadline = { jobId: "dtsinitddl00001" };
  const dataFailing = { jobId: "dtsinitdata0001" };
  await p.setConfigs({
    jobLife: JSON.stringify({ startAfterSeconds: 200, precheckSeconds: 20, structureSeconds: 20, dataSeconds: 200, initialDelaySeconds: 30 }),
    caughtUpSeconds: 5,
    minDelaySeconds: 0.05,
    maxDelaySeconds: 0.2,
    syncFailingId: failing.jobId,
    dtsAlreadyId: already.dtsJobId,
    syncDeadlineId: deadline.jobId,
    deadlineMinutes: 0.002,
    syncDataFailingId: dataFailing.jobId,
    dtsStalledId: stalled.dtsJobId,
  });
  await newJob({ jobId: failing.jobId, failure: "precheck", precheckSeconds: 20 });
  await newJob({ jobId: deadline.jobId, precheckSeconds: 20, structureSeconds: 20, dataSeconds: 2400 });
  await newJob({ jobId: dataFailing.jobId, failure: "data", tables: 6, failedTables: 2, precheckSeconds: 20, structureSeconds: 20, dataSeconds: 40 });
  const writes = () => actionCalls(engine.emu, "ModifyDtsJob") + actionCalls(engine.emu, "ModifySynchronizationObject");
  const writesBefore = writes();

  // --continue-on-error: the failing resource must not keep the engine from starting the gate and the application.
  const up1 = await p.up({ allowFailure: true }, ["--continue-on-error"]);
  expect(up1.code).not.toBe(0);
  const resources = await p.resources();
  const of = (name: string) => resources.find((r) => r.urn.endsWith(`::${name}`));

  // The gate: the job created at once, the wait to caught up, and only then the application.
  const ready = of("job-ready");
  expect(ready.outputs).toMatchObject({ family: "dts-job", stage: "caught-up", initialized: true, caughtUpResult: { reached: true, maxDelaySeconds: 5 } });
  expect(ready.outputs.dataInitialization).toMatchObject({ status: "Finished", percent: 100 });
  // Not started when first seen: its line, and its status row (the dynamic face's, through the seam).
  expect(up1.output).toMatch(/job-ready \(dts-job job \S+\): status NotStarted/);
  expect(up1.output).toMatch(/job-ready \(dts-job job \S+\): not started yet/);
  const app = of("app");
  expect(app).toBeDefined();
  expect(Date.parse(app.outputs.deployedAt)).toBeGreaterThanOrEqual(Date.parse(ready.outputs.finishedAt));

  expect(up1.output).toContain("CHECK_BINLOG_MODE");
  expect(up1.output).toContain("binlog_format=ROW");
  expect(of("sync-failing").outputs).toMatchObject({ stage: "failed", initialized: false });

  expect(of("dts-already").outputs).toMatchObject({ stage: "initialized", polls: 1 });

  expect(up1.output).toContain("wait.timeoutMinutes");
  const d1 = of("sync-deadline");
  expect(d1.id).toBe(deadline.jobId);
  expect(d1.outputs.finishedAt).toBeUndefined();

  // A data initialization failure: the error names the failed tables, and the state keeps them.
  expect(up1.output).toContain("table_5");
  expect(up1.output).toContain("table_6");
  const df = of("sync-data-failing");
  expect(df.outputs).toMatchObject({ stage: "failed", initialized: false });
  expect((df.outputs.failedTables as { table: string }[]).map((t) => t.table)).toEqual(["table_5", "table_6"]);

  // Caught up not reached: initialized, the delay stalled above the bound until the deadline; partial state.
  const st = of("dts-stalled");
  expect(st.outputs).toMatchObject({ initialized: true, delaySeconds: 90, caughtUpResult: { maxDelaySeconds: 5, reached: false } });
  expect(st.outputs.stage).not.toBe("caught-up");
  expect(st.outputs.finishedAt).toBeUndefined();
  expect(up1.output).toMatch(/dts-stalled[^\n]*caught up at <= 5s/);
  // The deadline's error names what was not reached: the delay above the caught-up bound.
  expect(up1.output).toMatch(/timed out: not finished within [^\n]*last: incremental delay 90s > 5s/);

  // The next up with a longer bound: the deadline's resource resumes to the end; the failure is reported again.
  await p.setConfigs({ deadlineMinutes: 3 });
  const up2 = await p.up({ allowFailure: true }, ["--continue-on-error"]);
  expect(up2.code).not.toBe(0);
  expect(up2.output).toContain("CHECK_BINLOG_MODE");
  const d2 = (await p.resources()).find((r) => r.urn.endsWith("::sync-deadline"));
  expect(d2.outputs).toMatchObject({ stage: "initialized", initialized: true, startedAt: d1.outputs.startedAt });
  expect(d2.outputs.polls).toBeGreaterThan(d1.outputs.polls);
  expect(writes()).toBe(writesBefore);

  // One Ctrl-C: a new resource on a job whose data initialization lasts a virtual week, alone in a targeted up.
  const ctrlC = await newJob({ precheckSeconds: 20, structureSeconds: 20, dataSeconds: 604_800 });
  await p.setConfigs({ ctrlCId: ctrlC.dtsJobId });
  const target = ["--target", of("dts-already").urn.replace(/::dts-already$/, "::ctrl-c")];
  const c1 = await interruptTargetedUp({
    p,
    emu: engine.emu,
    target,
    jobId: ctrlC.dtsJobId,
    label: "dynamic initialization",
    read: async () => (await p.resources()).find((r) => r.urn.endsWith("::ctrl-c")),
  });

  // The job let finish (the emulator clock moved on 30 days); the next targeted up resumes to the end.
  skewMs += 30 * 86_400_000;
  const up4 = await p.up({}, target);
  expect(up4.code).toBe(0);
  const c2 = (await p.resources()).find((r) => r.urn.endsWith("::ctrl-c"));
  expect(c2.outputs).toMatchObject({ stage: "initialized", initialized: true, startedAt: c1.outputs.startedAt });
  expect(c2.outputs.polls).toBeGreaterThan(c1.outputs.polls);
  expect(writes()).toBe(writesBefore);
});
