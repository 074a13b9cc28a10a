/**
 * `DtsJobModification` (the dynamic resource) through the real Pulumi CLI and engine, with examples/dtsjob-alicloud
 * against the emulator's DtsJob actions, for each reading the documents leave open (the job reads `Modifying` or
 * stays `synchronizing` while a change runs × a finished SubSyncJob stays in the reply or leaves it): the program
 * sends the change itself (`mode: dbList`), or waits for the one a pulumi-alicloud-shaped stub job sent (`waitOnly`);
 * a failed precheck, a deadline and an ambiguous `ModifyDtsJob`. The provider-level runs are
 * tests/provider/dts-job.test.ts.
 */
import * as path from "node:path";
import type { EmulatorHandle } from "../../emulator";
import { setDtsJobOptions } from "../../emulator/dts-job-actions";
import { ENSURE_PULUMI_TIMEOUT_MS, type PulumiProject } from "./pulumi-harness";
import { actionCalls, EXAMPLES, exampleProject, prepareE2E, startTestEmulator, tasksOf } from "./fixtures";
import { DTS_JOB_READINGS } from "../support/dts-job";

jest.setTimeout(240_000);

const DTSJOB = path.join(EXAMPLES, "dtsjob-alicloud");
const DTS_JOB_TYPE = /DtsJobModification$/;
const STUB_TYPE = /SynchronizationJobStub$/;

let emu: EmulatorHandle;
const projects: PulumiProject[] = [];

beforeAll(async () => {
  await prepareE2E();
  emu = await startTestEmulator();
}, ENSURE_PULUMI_TIMEOUT_MS);

afterAll(async () => {
  for (const p of projects) await p.cleanup();
  await emu?.stop();
});

beforeEach(() => emu.setFaults({}));

interface Job {
  /** DtsInstanceId: the emulator's job id. */
  instanceId: string;
  /** DtsJobId: the instance id without `dts`. */
  dtsJobId: string;
}

let seq = 0;
function newJob(scenario?: "precheck-failure" | "never-finishes"): Job {
  const instanceId = emu.createJob({ jobId: `dtse${String(++seq).padStart(7, "0")}`, ...(scenario ? { scenario } : {}) });
  return { instanceId, dtsJobId: instanceId.replace(/^dts/, "") };
}

/**
 * Whether the engine type-checks the program (its default). The first reading's runs do; the other readings run the
 * same program with `PULUMI_NODEJS_TRANSPILE_ONLY` (about 2 s less per command that runs it).
 */
let typeCheck = true;

/** The example's stack for `job` (fast polling, 3 min deadline: exampleConfig); `mode` dbList or waitOnly. */
async function project(job: Job, mode: "dbList" | "waitOnly", label: string, config: Record<string, string> = {}): Promise<PulumiProject> {
  const p = await exampleProject(emu, job.instanceId, {
    copyFrom: DTSJOB,
    label,
    ...(typeCheck ? {} : { env: { PULUMI_NODEJS_TRANSPILE_ONLY: "true" } }),
    config: { dtsJobId: job.dtsJobId, dtsInstanceId: job.instanceId, mode, ...config },
  });
  projects.push(p);
  return p;
}

/** Points a stack at another job (a new change: the resource is replaced). */
async function retarget(p: PulumiProject, job: Job): Promise<void> {
  await p.setConfigs({ dtsJobId: job.dtsJobId, dtsInstanceId: job.instanceId });
}

/** The live (not pending-delete) resource of a type in the exported state. */
async function inState(p: PulumiProject, type: RegExp): Promise<any | undefined> {
  const { deployment } = await p.exportStack();
  return (deployment?.deployment?.resources ?? []).find((r: any) => type.test(r.type ?? "") && !r.delete);
}

/**
 * No credential in the state or the output: the plain export has no access key secret at all; with secrets shown, no
 * resource but the engine's default `pulumi-nodejs` provider has it (the engine keeps the stack config, secrets
 * encrypted, as that provider's inputs; `--show-secrets` decrypts them): not the stub, not `DtsJobModification`, not
 * their serialized providers.
 */
async function expectNoSecret(p: PulumiProject): Promise<void> {
  const secret = emu.accessKeySecret;
  expect((await p.exportStack()).text).not.toContain(secret);
  const shown = await p.exportStack({ showSecrets: true });
  const resources: any[] = shown.deployment.deployment.resources;
  const ours = resources.filter((r) => DTS_JOB_TYPE.test(r.type) || STUB_TYPE.test(r.type));
  expect(ours.length).toBeGreaterThan(0);
  // Their serialized providers stay small: no client (nor its credentials) captured.
  for (const r of ours) expect((r.inputs.__provider as string).length).toBeLessThan(50_000);
  expect(JSON.stringify(resources.filter((r) => r.type !== "pulumi:providers:pulumi-nodejs"))).not.toContain(secret);
  for (const h of p.history.filter((c) => !c.args.includes("--show-secrets"))) expect(h.result.output).not.toContain(secret);
}

const modifyCalls = () => actionCalls(emu, "ModifyDtsJob");

/** Resolves once `done()` holds, polling the in-process emulator (the engine is a real process: no clock to inject). */
async function until(done: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const READINGS = DTS_JOB_READINGS;

describe.each(READINGS.map((r, i) => ({ ...r, first: i === 0 })))("reading parentStatus=$parentStatus, finished SubSyncJob $finishedSubSyncJob", (reading) => {
  const stays = reading.finishedSubSyncJob === "stays";
  /** The dbList-mode stack (a) and (e) share: each points it at a new job (the resource is replaced). */
  let shared: PulumiProject | undefined;

  beforeAll(() => {
    setDtsJobOptions(emu.state, { parentStatus: reading.parentStatus, finishedSubSyncJob: reading.finishedSubSyncJob });
    typeCheck = reading.first;
  });

  it("dbList: up sends exactly one ModifyDtsJob and ends when the phases finished", async () => {
    const job = newJob();
    shared = await project(job, "dbList", "dtsjob-dblist");
    const before = modifyCalls();
    const up = await shared.up();
    expect(modifyCalls() - before).toBe(1);
    expect(up.output).toContain("ModifyDtsJob accepted");
    const [task, ...more] = tasksOf(emu, job.instanceId);
    expect(more).toEqual([]);
    expect(task).toMatchObject({ terminal: true, data: expect.objectContaining({ status: "Finished" }) });
    const o = await shared.outputs();
    expect(o).toMatchObject({ change: "modified", jobStatus: "synchronizing", failedObjects: [] });
    expect(Date.parse(o.finishedAt)).toBeGreaterThanOrEqual(Date.parse(o.startedAt));
    if (stays) {
      expect(o.subJobId).toBe(task!.taskId);
      expect(o.precheck.status).toBe("Finished");
      expect(o.structureInitialization.status).toBe("Finished");
      expect(o.dataInitialization).toMatchObject({ status: "Finished", percent: 100 });
    }
    await expectNoSecret(shared);
  });

  it("ambiguous ModifyDtsJob (answer lost after it ran): exactly one change, and up succeeds", async () => {
    const job = newJob();
    const p = shared ?? (await project(job, "dbList", "dtsjob-ambiguous"));
    await retarget(p, job);
    const before = modifyCalls();
    const started = emu.stats().tasksStarted;
    emu.setFaults({ actions: ["ModifyDtsJob"], sequence: ["resetAfter"] });
    const up = await p.up();
    expect(emu.stats().tasksStarted - started).toBe(1);
    expect(modifyCalls() - before).toBe(1);
    expect(tasksOf(emu, job.instanceId)).toHaveLength(1);
    expect(up.output).toMatch(/ModifyDtsJob ended without an answer/);
    const o = await p.outputs();
    expect(o.change).toBe("modified");
    expect(typeof o.finishedAt).toBe("string");
    expect(tasksOf(emu, job.instanceId)[0]).toMatchObject({ terminal: true, data: expect.objectContaining({ status: "Finished" }) });
  });

  it("waitOnly with the stub job: up ends only after the stub's ModifyDtsJob finished; the resource writes nothing", async () => {
    // The change is held in data initialization until released: up must still be running then.
    const job = newJob("never-finishes");
    const p = await project(job, "waitOnly", "dtsjob-waitonly");
    const before = modifyCalls();
    let ended = false;
    const pending = p.up({ allowFailure: true }).finally(() => {
      ended = true;
    });
    let detailsAtHold = 0;
    await until(() => {
      if (ended) return true;
      const [task] = tasksOf(emu, job.instanceId);
      if (!task?.held) return false;
      detailsAtHold ||= actionCalls(emu, "DescribeDtsJobDetail");
      // A few reads of the held change by the waiting resource.
      return actionCalls(emu, "DescribeDtsJobDetail") - detailsAtHold >= 3;
    }, "the held change to be polled");
    expect(ended).toBe(false);
    expect(tasksOf(emu, job.instanceId)[0]).toMatchObject({ terminal: false, held: true });
    emu.release(job.instanceId);
    const up = await pending;
    if (up.code !== 0) throw new Error(`up failed:\n${p.transcript(1)}`);
    // When up returned the change had finished.
    const [task, ...more] = tasksOf(emu, job.instanceId);
    expect(more).toEqual([]);
    expect(task).toMatchObject({ terminal: true, data: expect.objectContaining({ status: "Finished" }) });
    expect(modifyCalls() - before).toBe(1); // the stub's
    expect(up.output).toContain("ModifyDtsJob sent");
    const o = await p.outputs();
    expect(o).toMatchObject({ change: "external", jobStatus: "synchronizing", failedObjects: [] });
    expect(typeof o.finishedAt).toBe("string");
    if (stays) {
      expect(o.subJobId).toBe(task!.taskId);
      expect(o.dataInitialization).toMatchObject({ status: "Finished", percent: 100 });
    }
    // The engine ran the wait after the stub was created.
    expect(up.output.search(/DtsJobModification\s+wait-for-db-list\s+creating/)).toBeGreaterThan(up.output.search(/SynchronizationJobStub\s+job\s+created/));
    const stub = await inState(p, STUB_TYPE);
    expect(stub.outputs).toMatchObject({ dtsJobId: job.dtsJobId, dtsInstanceId: job.instanceId });
    const res = await inState(p, DTS_JOB_TYPE);
    expect(res.outputs.waitOnly).toBe(true);
    expect(res.outputs.dbList).toBeUndefined();
    await expectNoSecret(p);
  });

  it("precheck failure: up fails naming the item and its repair method; the state keeps it; a second up reports it again without a write", async () => {
    const job = newJob("precheck-failure");
    const p = await project(job, "dbList", "dtsjob-precheck");
    const before = modifyCalls();
    const up = await p.up({ allowFailure: true });
    expect(up.code).not.toBe(0);
    expect(up.output).toContain("CHECK_AUTH_DEST");
    expect(up.output).toContain("CHECK_ERROR_DEST_CONN_REPAIR2");
    expect(modifyCalls() - before).toBe(1);
    const res = await inState(p, DTS_JOB_TYPE);
    expect(res?.id).toBe(job.dtsJobId);
    expect(res.outputs).toMatchObject({ change: "modified", __succeeded: false, __plan: { settledSubJobIds: expect.any(Array) } });
    expect(typeof res.outputs.finishedAt).toBe("string");
    expect(res.outputs.precheck.failedItems).toEqual([expect.objectContaining({ name: "CHECK_AUTH_DEST", repairMethod: "CHECK_ERROR_DEST_CONN_REPAIR2" })]);

    const reads = actionCalls(emu, "DescribeDtsJobDetail");
    const again = await p.up({ allowFailure: true });
    expect(again.code).not.toBe(0);
    expect(again.output).toContain("CHECK_AUTH_DEST");
    expect(again.output).toContain("CHECK_ERROR_DEST_CONN_REPAIR2");
    expect(again.output).toContain("pulumi up --replace");
    // Reported from the state: no write, not even a read.
    expect(modifyCalls() - before).toBe(1);
    expect(actionCalls(emu, "DescribeDtsJobDetail")).toBe(reads);
    expect(tasksOf(emu, job.instanceId)).toHaveLength(1);
    await expectNoSecret(p);
  });

  it("deadline: up fails with the partial state; the next up with a normal timeout resumes it (still one ModifyDtsJob)", async () => {
    // Held until released, so the tiny deadline is what ends the first up, whatever the machine's pace.
    const job = newJob("never-finishes");
    const p = await project(job, "dbList", "dtsjob-deadline", { timeoutMinutes: "0.001" });
    const before = modifyCalls();
    const up = await p.up({ allowFailure: true });
    expect(up.code).not.toBe(0);
    expect(up.output).toMatch(/resume waiting \(nothing is written again\)/);
    expect(up.output).toContain("wait.timeoutMinutes is 0.001");
    const saved = await inState(p, DTS_JOB_TYPE);
    expect(saved?.id).toBe(job.dtsJobId);
    expect(saved.outputs.__plan).toEqual(expect.objectContaining({ settledSubJobIds: expect.any(Array) }));
    expect(saved.outputs.finishedAt).toBeUndefined();
    expect(modifyCalls() - before).toBe(1);

    emu.release(job.instanceId);
    await p.setConfig("timeoutMinutes", "3");
    await p.up();
    const o = await p.outputs();
    expect(o.change).toBe("modified");
    expect(typeof o.finishedAt).toBe("string");
    expect(o.polls).toBeGreaterThan(saved.outputs.polls);
    expect(modifyCalls() - before).toBe(1);
    expect(tasksOf(emu, job.instanceId)).toHaveLength(1);
    expect(tasksOf(emu, job.instanceId)[0]).toMatchObject({ terminal: true, data: expect.objectContaining({ status: "Finished" }) });
    await expectNoSecret(p);
  });
});
