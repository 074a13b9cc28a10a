/**
 * Each scenario seen from the SDK's waiter (DtsClient over real HTTP to the emulator). Time is virtual: the
 * waiter's and the client's sleep advance the emulator's clock instead of sleeping.
 */
import type { EmulatorHandle } from "../../emulator";
import { DtsWaiterError, formatFailure, waitForObjectModification, waitUntilObjectModificationDone } from "../../sdk";
import { useSdkEmulator } from "../support/sdk-emulator";

const fx = useSdkEmulator({ emulator: { seed: 21 } });
const { clock, sleep } = fx;

const waitOpts = (jobId: string, maxWaitSeconds = 3600) => ({
  maxWaitSeconds,
  synchronizationJobId: jobId,
  clock,
  sleep,
  random: () => 0.5,
});

async function startTask(scenario: Parameters<EmulatorHandle["createJob"]>[0], tables = ["customer", "orders", "items"]) {
  const jobId = fx.emu.createJob(scenario);
  const { taskId } = await fx.client.modifySynchronizationObject({
    synchronizationJobId: jobId,
    synchronizationObjects: [{ dbName: "dtstestdata", tableIncludes: tables.map((tableName) => ({ tableName })) }],
  });
  return { jobId, taskId };
}

test("success: all phases Finished, no failed tables", async () => {
  const { jobId, taskId } = await startTask({ scenario: "success" });
  const progress: string[] = [];
  const r = await waitForObjectModification(fx.client, taskId, { ...waitOpts(jobId), onProgress: (e) => progress.push(e.status.status) });
  expect(r.state).toBe("success");
  expect(r.final?.status).toBe("Migrating");
  expect(r.final?.dataInitialization).toMatchObject({ status: "Finished", percent: 100 });
  expect(r.failedTables).toEqual([]);
  expect(r.report?.dataInitializationDetails).toHaveLength(3);
  expect(progress[0]).toBe("Prechecking");
  expect(r.polls).toBeGreaterThan(2);
});

test("precheck-failure: failure in precheck with the item, its message and repair method", async () => {
  const { jobId, taskId } = await startTask({ scenario: "precheck-failure" });
  const r = await waitForObjectModification(fx.client, taskId, waitOpts(jobId));
  expect(r.state).toBe("failure");
  expect(r.failedPhase).toBe("precheck");
  expect(r.failedItems).toEqual([
    {
      itemName: "CHECK_AUTH_DEST",
      checkStatus: "Failed",
      errorMessage: "Original error: Access denied for user 'dtstest'@'100.104.xxx.xx' (using password: YES)",
      repairMethod: "CHECK_ERROR_DEST_CONN_REPAIR2",
    },
  ]);
  expect(formatFailure(r)).toContain("CHECK_ERROR_DEST_CONN_REPAIR2");
  await expect(waitUntilObjectModificationDone(fx.client, taskId, waitOpts(jobId))).rejects.toBeInstanceOf(DtsWaiterError);
});

test("structure-failure: failure in structure initialization naming the table", async () => {
  const { jobId, taskId } = await startTask({ scenario: "structure-failure" });
  const r = await waitForObjectModification(fx.client, taskId, waitOpts(jobId));
  expect(r.state).toBe("failure");
  expect(r.failedPhase).toBe("structureInitialization");
  expect(r.reason).toContain("Table 'customer' already exists");
  expect(r.failedTables).toEqual([
    expect.objectContaining({ table: "customer", phase: "structureInitialization", status: "Failed", errorMessage: expect.stringContaining("already exists") }),
  ]);
});

test("failed-tables: success of the phases, with the failed tables reported", async () => {
  const { jobId, taskId } = await startTask({ scenario: { name: "failed-tables", failedTables: { tables: ["orders"] } } });
  const r = await waitForObjectModification(fx.client, taskId, waitOpts(jobId));
  expect(r.state).toBe("success");
  expect(r.failedTables).toEqual([
    expect.objectContaining({
      table: "orders",
      phase: "dataInitialization",
      status: "Failed",
      errorMessage: 'java.lang.NumberFormatException: For input string: ""',
    }),
  ]);
});

test("never-finishes: the wait times out; after release a new wait succeeds", async () => {
  const { jobId, taskId } = await startTask({ scenario: "never-finishes" });
  const r = await waitForObjectModification(fx.client, taskId, waitOpts(jobId, 600));
  expect(r.state).toBe("timeout");
  expect(r.final?.dataInitialization.status).toBe("Migrating");
  fx.emu.release(taskId);
  const again = await waitForObjectModification(fx.client, taskId, waitOpts(jobId));
  expect(again.state).toBe("success");
});

test("throttling, 503 pages and resets are retried to success", async () => {
  const { jobId, taskId } = await startTask({ scenario: "success" });
  fx.emu.setFaults({ seed: 8, throttle: 0.25, throttle429: 0.1, unavailable: 0.1, reset: 0.05 });
  const before = fx.client.stats.retries;
  const r = await waitForObjectModification(fx.client, taskId, waitOpts(jobId));
  expect(r.state).toBe("success");
  const f = fx.emu.stats().faults;
  expect(f.throttle + f.throttle429 + f.unavailable + f.reset).toBeGreaterThan(0);
  expect(fx.client.stats.retries - before + Object.values(r.observedErrors).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
});

test("a modify that is throttled is retried with the same ClientToken: one task", async () => {
  const jobId = fx.emu.createJob();
  fx.emu.setFaults({ sequence: ["throttle", "throttle429"] });
  const { taskId, clientToken } = await fx.client.modifySynchronizationObject({
    synchronizationJobId: jobId,
    synchronizationObjects: [{ dbName: "d", tableIncludes: [{ tableName: "a" }] }],
  });
  expect(taskId).toMatch(/^[a-z0-9]{11}$/);
  expect(clientToken).toBeTruthy();
  expect(fx.emu.taskCount(jobId)).toBe(1);
});

test("a modify whose answer is lost (resetAfter) never leaves two tasks", async () => {
  const jobId = fx.emu.createJob();
  fx.emu.setFaults({ sequence: ["resetAfter"] });
  let taskId: string | undefined;
  let error: unknown;
  try {
    ({ taskId } = await fx.client.modifySynchronizationObject({
      synchronizationJobId: jobId,
      synchronizationObjects: [{ dbName: "d", tableIncludes: [{ tableName: "a" }] }],
      clientToken: "lost-answer-1",
    }));
  } catch (e) {
    error = e;
  }
  expect(fx.emu.taskCount(jobId)).toBe(1);
  // Not retried (a retry could start a second task; DTS documents no ClientToken de-duplication): the caller reads the job state.
  expect(taskId).toBeUndefined();
  expect((error as Error).name).toBe("DtsAmbiguousModifyError");
});
