/**
 * A create interrupted through the real engine: Ctrl-C twice during `pulumi up` while the provider waits for its
 * task. The engine keeps a pending CREATE (no id) and tells the provider nothing else on the next run. (Since the
 * dynamic resources get the engine's Cancel, one Ctrl-C ends the wait with the TaskId saved: tests/dynamic/
 * engine-seam.test.ts. A pending CREATE still happens when the provider is killed mid-wait, e.g. by a second
 * Ctrl-C before the first took effect; this test gets one deterministically with the seam turned off,
 * PULUMI_DTS_OBJECTS_DYNAMIC_SEAM=off, the provider of before.) The emulator
 * does not de-duplicate by ClientToken (its default, as DTS documents none). `pulumi refresh` and the next
 * `pulumi up` must leave exactly one task: the re-run create reads the job state, waits for the running
 * modification, then finds the objects in place.
 */
import { spawn } from "node:child_process";
import * as path from "node:path";
import type { EmulatorHandle } from "../../emulator";
import { ENSURE_PULUMI_TIMEOUT_MS, type PulumiProject } from "./pulumi-harness";
import { actionCalls, exampleProject, modificationInState, prepareE2E, startTestEmulator, tasksOf } from "./fixtures";

jest.setTimeout(240_000);

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

async function until(condition: () => boolean, what: string, timeoutMs = 90_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** `pulumi up` as a child we can signal; resolves with its exit code and output once it ends. */
function startUp(p: PulumiProject): { child: ReturnType<typeof spawn>; done: Promise<{ code: number | null; output: string }> } {
  const child = spawn(path.join(p.binDir, "pulumi"), ["up", "--stack", p.stack, "--yes", "--skip-preview", "--non-interactive", "--color=never"], {
    cwd: p.programDir,
    env: p.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout!.on("data", (c: Buffer) => (output += c.toString()));
  child.stderr!.on("data", (c: Buffer) => (output += c.toString()));
  const done = new Promise<{ code: number | null; output: string }>((resolve) => child.on("close", (code) => resolve({ code, output })));
  return { child, done };
}

test("Ctrl-C twice during a create (pending operation), then refresh and up: exactly one task", async () => {
  const jobId = emu.createJob({ name: "interrupted", scenario: "never-finishes" });
  const p = await exampleProject(emu, jobId, { label: "interrupted", env: { PULUMI_DTS_OBJECTS_DYNAMIC_SEAM: "off" } });
  projects.push(p);

  // First `pulumi up`: the task starts and is held; the provider polls it; Ctrl-C twice.
  const first = startUp(p);
  await until(() => tasksOf(emu, jobId).length === 1, "the first up to start the task");
  const polled = actionCalls(emu, "DescribeSynchronizationObjectModifyStatus");
  await until(() => actionCalls(emu, "DescribeSynchronizationObjectModifyStatus") > polled, "the provider to poll the task");
  first.child.kill("SIGINT");
  // A real sleep: pulumi is a real process with no clock to inject; it must handle the first Ctrl-C before the second.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  first.child.kill("SIGINT");
  const interrupted = await first.done;
  expect(interrupted.code).not.toBe(0);
  const { deployment } = await p.exportStack();
  const pending: any[] = deployment?.deployment?.pending_operations ?? [];
  expect(pending.map((op) => op.type)).toEqual(["creating"]);
  expect(await modificationInState(p)).toBeUndefined();
  expect(emu.taskCount(jobId)).toBe(1);

  // `pulumi refresh` (non-interactive) leaves the pending CREATE alone and starts nothing.
  const modifies = actionCalls(emu, "ModifySynchronizationObject");
  const refresh = await p.refresh({ allowFailure: true });
  expect(actionCalls(emu, "ModifySynchronizationObject")).toBe(modifies);
  expect(emu.taskCount(jobId)).toBe(1);

  // `pulumi up` again: create is called again with the same inputs and nothing else; the job is modifying (the
  // held task), so the provider waits for it; released, it ends and the objects are in place: no second task.
  const reads = actionCalls(emu, "DescribeSynchronizationJobStatus");
  const second = p.up({ allowFailure: true });
  await until(() => actionCalls(emu, "DescribeSynchronizationJobStatus") > reads + 1, "the second up to read the job state");
  expect(actionCalls(emu, "ModifySynchronizationObject")).toBe(modifies);
  emu.release(jobId);
  const up = await second;
  expect({ code: up.code, refresh: refresh.code }).toMatchObject({ code: 0 });
  expect(up.output).toMatch(/pending operations/);
  expect(up.output).toMatch(/is modifying its objects .*not requesting another/);
  expect(up.output).toMatch(/No task started: job \S+ already syncs exactly these objects \(after the running modification ended\)/);
  expect(actionCalls(emu, "ModifySynchronizationObject")).toBe(modifies);
  expect(emu.taskCount(jobId)).toBe(1);
  const saved = await modificationInState(p);
  expect(saved?.id).toBe(`notask:${jobId}`);
  expect(saved.outputs).toMatchObject({ source: "job", dataInitialization: { status: "Finished" } });

  // An unchanged `pulumi up` afterwards: nothing to do, still one task.
  await p.up();
  expect(emu.taskCount(jobId)).toBe(1);
});

test("pulumi up --replace with unchanged inputs starts no task: the job already syncs the objects, and says so", async () => {
  const jobId = emu.createJob({ name: "replace", scenario: "success" });
  // No renamed table: the job state shows no destination table names, so a rename is never taken as in place on an idle job.
  const objects = JSON.stringify([{ dbName: "shop", tableIncludes: [{ tableName: "customer" }, { tableName: "orders" }] }, { dbName: "crm" }]);
  const p = await exampleProject(emu, jobId, { label: "replace", config: { objects } });
  projects.push(p);
  await p.up();
  const created = await modificationInState(p);
  expect(created.outputs.taskId).toBe(tasksOf(emu, jobId)[0]!.taskId);
  const modifies = actionCalls(emu, "ModifySynchronizationObject");
  const replaced = await p.up({}, ["--replace", created.urn]);
  expect(replaced.output).toMatch(/No task started: job \S+ already syncs exactly these objects; phases and tables are the job's/);
  expect(actionCalls(emu, "ModifySynchronizationObject")).toBe(modifies);
  expect(emu.taskCount(jobId)).toBe(1);
  const after = await modificationInState(p);
  expect(after.id).toBe(`notask:${jobId}`);
  expect(after.outputs).toMatchObject({ source: "job", dataInitialization: { status: "Finished" } });
  expect(after.outputs.taskId).toBeUndefined();
});
