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
import { actionCalls, modificationInState, tasksOf, useEngine } from "../support/engine";
import { until } from "../support/until";

jest.setTimeout(240_000);

const engine = useEngine();

test("Ctrl-C twice during a create (pending operation), then refresh and up: exactly one task", async () => {
  const jobId = engine.emu.createJob({ name: "interrupted", scenario: "never-finishes" });
  const p = await engine.example(jobId, { label: "interrupted", env: { PULUMI_DTS_OBJECTS_DYNAMIC_SEAM: "off" } });

  // First `pulumi up`: the task starts and is held; the provider polls it; Ctrl-C twice.
  const first = p.startUp();
  await until(() => tasksOf(engine.emu, jobId).length === 1, "the first up to start the task");
  const polled = actionCalls(engine.emu, "DescribeSynchronizationObjectModifyStatus");
  await until(() => actionCalls(engine.emu, "DescribeSynchronizationObjectModifyStatus") > polled, "the provider to poll the task");
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
  expect(engine.emu.taskCount(jobId)).toBe(1);

  // `pulumi refresh` (non-interactive) leaves the pending CREATE alone and starts nothing.
  const modifies = actionCalls(engine.emu, "ModifySynchronizationObject");
  const refresh = await p.refresh({ allowFailure: true });
  expect(actionCalls(engine.emu, "ModifySynchronizationObject")).toBe(modifies);
  expect(engine.emu.taskCount(jobId)).toBe(1);

  // `pulumi up` again: create is called again with the same inputs and nothing else; the job is modifying (the
  // held task), so the provider waits for it; released, it ends and the objects are in place: no second task.
  const reads = actionCalls(engine.emu, "DescribeSynchronizationJobStatus");
  const second = p.up({ allowFailure: true });
  await until(() => actionCalls(engine.emu, "DescribeSynchronizationJobStatus") > reads + 1, "the second up to read the job state");
  expect(actionCalls(engine.emu, "ModifySynchronizationObject")).toBe(modifies);
  engine.emu.release(jobId);
  const up = await second;
  expect({ code: up.code, refresh: refresh.code }).toMatchObject({ code: 0 });
  expect(up.output).toMatch(/pending operations/);
  expect(up.output).toMatch(/is modifying its objects .*not requesting another/);
  expect(up.output).toMatch(/No task started: job \S+ already syncs exactly these objects \(after the running modification ended\)/);
  expect(actionCalls(engine.emu, "ModifySynchronizationObject")).toBe(modifies);
  expect(engine.emu.taskCount(jobId)).toBe(1);
  const saved = await modificationInState(p);
  expect(saved?.id).toBe(`notask:${jobId}`);
  expect(saved.outputs).toMatchObject({ source: "job", dataInitialization: { status: "Finished" } });

  // An unchanged `pulumi up` afterwards: nothing to do, still one task.
  await p.up();
  expect(engine.emu.taskCount(jobId)).toBe(1);
});

test("pulumi up --replace with unchanged inputs starts no task: the job already syncs the objects, and says so", async () => {
  const jobId = engine.emu.createJob({ name: "replace", scenario: "success" });
  // No renamed table: the job state shows no destination table names, so a rename is never taken as in place on an idle job.
  const objects = JSON.stringify([{ dbName: "shop", tableIncludes: [{ tableName: "customer" }, { tableName: "orders" }] }, { dbName: "crm" }]);
  const p = await engine.example(jobId, { label: "replace", config: { objects } });
  await p.up();
  const created = await modificationInState(p);
  expect(created.outputs.taskId).toBe(tasksOf(engine.emu, jobId)[0]!.taskId);
  const modifies = actionCalls(engine.emu, "ModifySynchronizationObject");
  const replaced = await p.up({}, ["--replace", created.urn]);
  expect(replaced.output).toMatch(/No task started: job \S+ already syncs exactly these objects; phases and tables are the job's/);
  expect(actionCalls(engine.emu, "ModifySynchronizationObject")).toBe(modifies);
  expect(engine.emu.taskCount(jobId)).toBe(1);
  const after = await modificationInState(p);
  expect(after.id).toBe(`notask:${jobId}`);
  expect(after.outputs).toMatchObject({ source: "job", dataInitialization: { status: "Finished" } });
  expect(after.outputs.taskId).toBeUndefined();
});
