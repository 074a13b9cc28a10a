/**
 * Failures through the real engine (examples/basic against the emulator): a bad input caught by preview, a failed
 * precheck, failed tables, and a deadline that leaves the task in state so the next `up` resumes it.
 */
import { DEFAULT_DURATIONS } from "../../emulator";
import { PRECHECK_ITEM_NAMES } from "../../sdk/types";
import type { PulumiProject } from "../support/pulumi-project";
import { actionCalls, modificationInState, tasksOf, useEngine } from "../support/engine";

jest.setTimeout(180_000);

/** Set: the emulator's task clock stands still at this time (a test that needs one exact moment of a task). */
let frozenAt: number | undefined;
const engine = useEngine({ emulator: { clock: { now: () => frozenAt ?? Date.now() } } });

async function project(jobId: string, config: Record<string, string> = {}, label = "failure"): Promise<PulumiProject> {
  return engine.example(jobId, { label, config });
}

test("preview with a bad input fails naming the field, and calls no API", async () => {
  const jobId = engine.emu.createJob({ name: "bad-input" });
  const p = await project(jobId, {
    // A database without its name, and a negative deadline.
    objects: JSON.stringify([{ tableIncludes: [{ tableName: "customer" }] }]),
    timeoutMinutes: "-5",
  });
  const requests = engine.emu.stats().requests;
  const preview = await p.preview({ allowFailure: true });
  expect(preview.code).not.toBe(0);
  expect(preview.output).toMatch(/synchronizationObjects\[0\]\.dbName/);
  expect(preview.output).toMatch(/timeoutMinutes/);
  expect(engine.emu.stats().requests).toBe(requests);
  expect(engine.emu.taskCount(jobId)).toBe(0);
});

test("precheck failure: up fails naming the item, its ErrorMessage and RepairMethod; the task stays in state", async () => {
  const jobId = engine.emu.createJob({ name: "precheck", scenario: "precheck-failure" });
  const p = await project(jobId);
  // The task clock stands still until the task exists, then moves to halfway through the item after the failed
  // one: the failed item is visible while the rest of the precheck still runs, whenever the provider polls.
  frozenAt = Date.now();
  const start = frozenAt;
  let ended = false;
  const pending = p.up({ allowFailure: true }).finally(() => {
    ended = true;
  });
  let up: Awaited<typeof pending>;
  try {
    // Polls the in-process emulator for the task `up` starts (the engine is a real process: no clock to inject there).
    while (!ended && tasksOf(engine.emu, jobId).length === 0) await new Promise((resolve) => setTimeout(resolve, 50));
    frozenAt = start + ((PRECHECK_ITEM_NAMES.indexOf("CHECK_AUTH_DEST") + 1.5) * DEFAULT_DURATIONS.precheckItemMs) / engine.emu.state.timeScale;
    up = await pending;
  } finally {
    frozenAt = undefined;
  }
  expect(up.code).not.toBe(0);
  expect(up.output).toContain("CHECK_AUTH_DEST");
  expect(up.output).toContain("Access denied for user");
  expect(up.output).toContain("CHECK_ERROR_DEST_CONN_REPAIR2");
  const [task] = tasksOf(engine.emu, jobId);
  expect(task).toBeDefined();
  const res = await modificationInState(p);
  expect(res?.id).toBe(task!.taskId);
  // The failed item ends the wait while the phase itself still runs.
  expect(res.outputs.precheck.status).toBe("Migrating");
  expect(res.outputs.precheck.failedItems).toEqual([
    expect.objectContaining({
      name: "CHECK_AUTH_DEST",
      errorMessage: expect.stringContaining("Access denied"),
      repairMethod: "CHECK_ERROR_DEST_CONN_REPAIR2",
    }),
  ]);
  expect(engine.emu.taskCount(jobId)).toBe(1);
});

test("failed tables: up fails naming each failed table; with failOnFailedTables=false they are in the outputs", async () => {
  const jobId = engine.emu.createJob({ name: "tables", scenario: { name: "failed-tables", failedTables: { tables: ["shop.orders", "shop.customer"] } } });
  const p = await project(jobId);
  const up = await p.up({ allowFailure: true });
  expect(up.code).not.toBe(0);
  expect(up.output).toContain("shop.orders -> shop (data initialization): java.lang.NumberFormatException");
  expect(up.output).toContain("shop.customer -> shop (data initialization): java.lang.NumberFormatException");
  expect(up.output).toContain("NumberFormatException");
  const res = await modificationInState(p);
  expect(res?.id).toBe(tasksOf(engine.emu, jobId)[0]!.taskId);
  const failedNames = (res.outputs.failedTables as any[]).map((t) => t.table).sort();
  expect(failedNames).toEqual(["customer", "orders"]);

  // Report instead of fail: an in-place update (failOn only re-waits), same task, outputs list the tables.
  await p.setConfig("failOnFailedTables", "false");
  await p.up();
  const o = await p.outputs();
  expect(o.taskId).toBe(res.id);
  expect(o.failedTables.map((t: any) => `${t.sourceDb}.${t.table}`).sort()).toEqual(["shop.customer", "shop.orders"]);
  for (const t of o.failedTables) {
    expect(t.phase).toBe("dataInitialization");
    expect(t.errorMessage).toContain("NumberFormatException");
  }
  expect(o.tables.failed).toBe(2);
  expect(engine.emu.taskCount(jobId)).toBe(1);
});

test("deadline: the resource stays in state with its TaskId; after release the next up resumes it (one task)", async () => {
  const jobId = engine.emu.createJob({ name: "deadline", scenario: "never-finishes" });
  // 0.05 min = 3 s: the held task cannot finish in time.
  const p = await project(jobId, { timeoutMinutes: "0.05" });
  const up = await p.up({ allowFailure: true });
  expect(up.code).not.toBe(0);
  expect(up.output).toMatch(/Modification task \S+ timed out: not finished within 3s/);
  const [task] = tasksOf(engine.emu, jobId);
  expect(task).toBeDefined();
  expect(up.output).toContain(task!.taskId);
  const saved = await modificationInState(p);
  expect(saved?.id).toBe(task!.taskId);
  expect(saved.outputs.taskId).toBe(task!.taskId);
  expect(saved.outputs.dataInitialization.status).not.toBe("Finished");

  engine.emu.release(jobId);
  const modifyCalls = actionCalls(engine.emu, "ModifySynchronizationObject");
  await p.setConfig("timeoutMinutes", "3");
  await p.up();
  const o = await p.outputs();
  expect(o.taskId).toBe(task!.taskId);
  expect(o.dataInitialization.status).toBe("Finished");
  expect(engine.emu.taskCount(jobId)).toBe(1);
  expect(actionCalls(engine.emu, "ModifySynchronizationObject")).toBe(modifyCalls);
});

test("deadline then release: the next up with unchanged inputs resumes too (engine's init-error update)", async () => {
  const jobId = engine.emu.createJob({ name: "deadline-unchanged", scenario: "never-finishes" });
  const p = await project(jobId, { timeoutMinutes: "0.05" });
  const up = await p.up({ allowFailure: true });
  expect(up.code).not.toBe(0);
  const taskId = (await modificationInState(p))?.id;
  expect(taskId).toBe(tasksOf(engine.emu, jobId)[0]!.taskId);

  engine.emu.release(jobId);
  // Same inputs (still the short deadline: the released task finishes well within 3 s at this time scale).
  await p.up();
  const o = await p.outputs();
  expect(o.taskId).toBe(taskId);
  expect(o.dataInitialization.status).toBe("Finished");
  expect(engine.emu.taskCount(jobId)).toBe(1);
});

test("refresh after a deadline returns updated outputs: the released task is seen finished", async () => {
  const jobId = engine.emu.createJob({ name: "deadline-refresh", scenario: "never-finishes" });
  const p = await project(jobId, { timeoutMinutes: "0.05" });
  expect((await p.up({ allowFailure: true })).code).not.toBe(0);
  const saved = await modificationInState(p);
  expect(saved.outputs.dataInitialization.status).toBe("Migrating");

  engine.emu.release(jobId);
  await p.refresh();
  const refreshed = await modificationInState(p);
  expect(refreshed.id).toBe(saved.id);
  expect(refreshed.outputs.taskId).toBe(saved.id);
  expect(refreshed.outputs.dataInitialization.status).toBe("Finished");
  expect(refreshed.outputs.dataInitialization.percent).toBe(100);
  expect(refreshed.outputs.finishedAt).toEqual(expect.any(String));
  expect(refreshed.outputs.polls).toBeGreaterThan(saved.outputs.polls);

  // The next up finishes the resource on the same task and exports the refreshed state.
  await p.up();
  const o = await p.outputs();
  expect(o.taskId).toBe(saved.id);
  expect(o.dataInitialization.status).toBe("Finished");
  expect(engine.emu.taskCount(jobId)).toBe(1);
});
