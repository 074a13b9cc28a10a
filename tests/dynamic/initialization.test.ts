/**
 * `SynchronizationJobInitialization` and `DtsJobInitialization` (the dynamic resources) through the real Pulumi CLI
 * and engine, in one TypeScript program: examples/initialization-alicloud (a job created in the pulumi-alicloud
 * shape, `DtsJobInitialization` with `caughtUp`, and an application that `dependsOn` it) plus three resources on
 * jobs the test makes: a precheck failure, a job already initialized, and a deadline (`wait.timeoutMinutes`)
 * resumed by the next `pulumi up`. Two `up`s; nothing is written to DTS. In-process runs: tests/provider/initialization.test.ts.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import type { EmulatorHandle } from "../../emulator";
import { emulatorControl } from "../support/dts-job";
import { ENSURE_PULUMI_TIMEOUT_MS, type PulumiProject } from "../e2e/pulumi-harness";
import { actionCalls, EXAMPLES, exampleProject, prepareE2E, startTestEmulator } from "../e2e/fixtures";

jest.setTimeout(240_000);

const EXAMPLE = path.join(EXAMPLES, "initialization-alicloud");
let emu: EmulatorHandle;
let project: PulumiProject | undefined;

beforeAll(async () => {
  await prepareE2E();
  emu = await startTestEmulator();
}, ENSURE_PULUMI_TIMEOUT_MS);

afterAll(async () => {
  await project?.cleanup();
  await emu?.stop();
});

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
`;

const newJob = async (life: Record<string, unknown>) =>
  (await emulatorControl(emu.url, "initialization-jobs", life)).data as { jobId: string; dtsJobId: string };

test("examples/initialization-alicloud gates the application on DtsJobInitialization; precheck failure, already initialized, a deadline resumed", async () => {
  const already = await newJob({ precheckSeconds: 1, structureSeconds: 1, dataSeconds: 1, initialDelaySeconds: 0 });
  const example = fs.readFileSync(path.join(EXAMPLE, "index.ts"), "utf8");
  project = await exampleProject(emu, "unused", {
    copyFrom: EXAMPLE,
    label: "initialization",
    files: { "example.ts": example, "extra.ts": EXTRA, "index.ts": 'export * from "./example";\nexport * as extra from "./extra";\n' },
  });
  const p = project;
  p.env.PULUMI_NODEJS_TRANSPILE_ONLY = "true";
  // Ids chosen here so the jobs are born just before the up (the config is set first).
  const failing = { jobId: "dtsinitfail0001" };
  const deadline = { jobId: "dtsinitddl00001" };
  await p.setConfigs({
    jobLife: JSON.stringify({ startAfterSeconds: 200, precheckSeconds: 20, structureSeconds: 20, dataSeconds: 200, initialDelaySeconds: 30 }),
    caughtUpSeconds: 5,
    minDelaySeconds: 0.05,
    maxDelaySeconds: 0.2,
    syncFailingId: failing.jobId,
    dtsAlreadyId: already.dtsJobId,
    syncDeadlineId: deadline.jobId,
    deadlineMinutes: 0.002,
  });
  await newJob({ jobId: failing.jobId, failure: "precheck", precheckSeconds: 20 });
  await newJob({ jobId: deadline.jobId, precheckSeconds: 20, structureSeconds: 20, dataSeconds: 2400 });
  const writes = () => actionCalls(emu, "ModifyDtsJob") + actionCalls(emu, "ModifySynchronizationObject");
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

  // The next up with a longer bound: the deadline's resource resumes to the end; the failure is reported again.
  await p.setConfigs({ deadlineMinutes: 3 });
  const up2 = await p.up({ allowFailure: true }, ["--continue-on-error"]);
  expect(up2.code).not.toBe(0);
  expect(up2.output).toContain("CHECK_BINLOG_MODE");
  const d2 = (await p.resources()).find((r) => r.urn.endsWith("::sync-deadline"));
  expect(d2.outputs).toMatchObject({ stage: "initialized", initialized: true, startedAt: d1.outputs.startedAt });
  expect(d2.outputs.polls).toBeGreaterThan(d1.outputs.polls);
  expect(writes()).toBe(writesBefore);
});
