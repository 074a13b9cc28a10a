/**
 * The dynamic-provider host is killed (SIGKILL: no cleanup, no partial-failure reply) while a create is waiting for
 * its task. The engine never learned the id, so the next `pulumi up` calls Create again with the same inputs, and
 * Pulumi tells the provider nothing else (a pending CREATE carries no id). The emulator does not de-duplicate by
 * ClientToken (the default, as DTS documents none), so only the job state can prevent a second modification: the
 * new create sees the job `modifying`, waits for it, then finds the objects in place and starts no task.
 *
 * The real host (`@pulumi/pulumi/cmd/dynamic-provider`) is driven over gRPC with tests/support/provider-client.ts, against
 * the emulator. The job's task is held ("never-finishes") until the first host is dead, then released.
 */
import { useHost } from "../support/host-fixture";
import { urnFor } from "../support/provider-client";
import { until } from "../support/until";

const FAST_WAIT = { timeoutMinutes: 5, minDelaySeconds: 0.05, maxDelaySeconds: 0.2 };

const fixture = useHost({ seed: 23, programPrefix: "dts-objects-sigkill-" });
const startHost = () => fixture.start(fixture.config());
/** As soon as `condition` holds (checked every 20 ms, at most 60 s). */
const soon = (condition: () => boolean, what: string) => until(condition, what, 60_000, 20);

test("SIGKILL in the middle of a create: the next create with the same inputs starts no second task", async () => {
  const jobId = fixture.emu.createJob({ scenario: "never-finishes" });
  const urn = urnFor("killed");
  const news = {
    synchronizationJobId: jobId,
    synchronizationObjects: '[{"DBName":"dtstestdata","TableIncludes":[{"TableName":"customer"},{"TableName":"orders"}]}]',
    wait: FAST_WAIT,
    __resourceKey: "proj/dev/killed",
    __provider: fixture.providerText,
  };

  // First `pulumi up`: the create starts the task and waits; the host dies mid-wait.
  const first = await startHost();
  const { inputs, failures } = await first.check(urn, {}, news);
  expect(failures).toEqual([]);
  const pending = first.create(urn, inputs).then(
    () => "resolved",
    (error: Error) => `rejected: ${error.message}`,
  );
  await soon(() => fixture.emu.taskCount(jobId) === 1, "the first host to start the task");
  const polledBefore = fixture.emu.stats().byAction.DescribeSynchronizationObjectModifyStatus ?? 0;
  await soon(() => (fixture.emu.stats().byAction.DescribeSynchronizationObjectModifyStatus ?? 0) > polledBefore, "the first host to poll the task");
  const [task] = fixture.emu.tasks().filter((t) => t.jobId === jobId);
  expect(task!.terminal).toBe(false);

  expect(await first.kill("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
  expect(await pending).toMatch(/^rejected: /);

  // Second `pulumi up`: a new host, the same program (same inputs, no stored state for the resource). The task is
  // still held, so the job is `modifying`: the create must wait for it, not call Modify.
  const second = await startHost();
  const again = await second.check(urn, {}, news);
  expect(again.inputs).toEqual(inputs);
  const modifiesBefore = fixture.emu.stats().byAction.ModifySynchronizationObject ?? 0;
  const readsBefore = fixture.emu.stats().byAction.DescribeSynchronizationJobStatus ?? 0;
  const creating = second.create(urn, again.inputs);
  await soon(
    () => (fixture.emu.stats().byAction.DescribeSynchronizationJobStatus ?? 0) > readsBefore + 1,
    "the second host to read the job state while it is modifying",
  );
  expect(fixture.emu.stats().byAction.ModifySynchronizationObject ?? 0).toBe(modifiesBefore);
  fixture.emu.release(task!.taskId);
  const created = await creating;
  // No TaskId is known (the first host never returned it): the job's phases stand for the change.
  expect(created.id).toBe(`notask:${jobId}`);
  expect(created.properties).toMatchObject({ source: "job", dataInitialization: { status: "Finished" }, tables: { total: 2, finished: 2, failed: 0 } });
  expect(created.properties.taskId).toBeUndefined();
  expect(String(created.properties.note)).toMatch(/^No task started: job \S+ already syncs exactly these objects \(after the running modification ended\)/);
  expect(fixture.emu.stats().byAction.ModifySynchronizationObject ?? 0).toBe(modifiesBefore);
  expect(fixture.emu.taskCount(jobId)).toBe(1);
  expect(fixture.emu.stats().byOutcome["OperationDenied.JobStatusModifying"] ?? 0).toBe(0);

  // And an update with the same inputs (what the engine sends when the state holds the resource) starts none either.
  const updated = await second.update(created.id, urn, created.properties, again.inputs);
  expect(updated.properties).toMatchObject({ source: "job" });
  expect(fixture.emu.taskCount(jobId)).toBe(1);
}, 180_000);
