/**
 * The dynamic-provider host is killed (SIGKILL: no cleanup, no partial-failure reply) while a create is waiting for
 * its task. The engine never learned the id, so the next `pulumi up` calls Create again with the same inputs, and
 * Pulumi tells the provider nothing else (a pending CREATE carries no id). The emulator does not de-duplicate by
 * ClientToken (the default, as DTS documents none), so only the job state can prevent a second modification: the
 * new create sees the job `modifying`, waits for it, then finds the objects in place and starts no task.
 *
 * The real host (`@pulumi/pulumi/cmd/dynamic-provider`) is driven over gRPC with tests/host/host-client.ts, against
 * the emulator. The job's task is held ("never-finishes") until the first host is dead, then released.
 */
import * as path from "node:path";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { ensureBuilt } from "../support/build";
import { createProgramDir, DynamicProviderHost, REPO_ROOT, secretValue, serializeProvider, urnFor, type ProgramDir } from "../host/host-client";

const FAST_WAIT = { timeoutMinutes: 5, minDelaySeconds: 0.05, maxDelaySeconds: 0.2 };

let emu: EmulatorHandle;
let program: ProgramDir;
let providerText: string;
const hosts: DynamicProviderHost[] = [];

async function startHost(): Promise<DynamicProviderHost> {
  const host = await DynamicProviderHost.start({ cwd: program.dir });
  hosts.push(host);
  await host.configure({
    "dts:accessKeyId": emu.accessKeyId,
    "dts:accessKeySecret": secretValue(emu.accessKeySecret),
    "dts:endpoint": emu.url,
    "dts:region": "cn-hangzhou",
  });
  return host;
}

async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

beforeAll(async () => {
  ensureBuilt();
  emu = await startEmulator({ timeScale: 300, seed: 23 });
  program = await createProgramDir("dts-objects-sigkill-");
  const dist = require(path.join(REPO_ROOT, "dist", "provider")) as typeof import("../../provider");
  providerText = await serializeProvider(dist.getProvider());
}, 300_000);

afterAll(async () => {
  for (const host of hosts) await host.stop().catch(() => undefined);
  await emu?.stop();
  await program?.cleanup();
});

test("SIGKILL in the middle of a create: the next create with the same inputs starts no second task", async () => {
  const jobId = emu.createJob({ scenario: "never-finishes" });
  const urn = urnFor("killed");
  const news = {
    synchronizationJobId: jobId,
    synchronizationObjects: '[{"DBName":"dtstestdata","TableIncludes":[{"TableName":"customer"},{"TableName":"orders"}]}]',
    wait: FAST_WAIT,
    __resourceKey: "proj/dev/killed",
    __provider: providerText,
  };

  // First `pulumi up`: the create starts the task and waits; the host dies mid-wait.
  const first = await startHost();
  const { inputs, failures } = await first.check(urn, {}, news);
  expect(failures).toEqual([]);
  const pending = first.create(urn, inputs).then(
    () => "resolved",
    (error: Error) => `rejected: ${error.message}`,
  );
  await until(() => emu.taskCount(jobId) === 1, "the first host to start the task");
  const polledBefore = emu.stats().byAction.DescribeSynchronizationObjectModifyStatus ?? 0;
  await until(() => (emu.stats().byAction.DescribeSynchronizationObjectModifyStatus ?? 0) > polledBefore, "the first host to poll the task");
  const [task] = emu.tasks().filter((t) => t.jobId === jobId);
  expect(task!.terminal).toBe(false);

  expect(await first.kill("SIGKILL")).toEqual({ code: null, signal: "SIGKILL" });
  expect(await pending).toMatch(/^rejected: /);

  // Second `pulumi up`: a new host, the same program (same inputs, no stored state for the resource). The task is
  // still held, so the job is `modifying`: the create must wait for it, not call Modify.
  const second = await startHost();
  const again = await second.check(urn, {}, news);
  expect(again.inputs).toEqual(inputs);
  const modifiesBefore = emu.stats().byAction.ModifySynchronizationObject ?? 0;
  const readsBefore = emu.stats().byAction.DescribeSynchronizationJobStatus ?? 0;
  const creating = second.create(urn, again.inputs);
  await until(
    () => (emu.stats().byAction.DescribeSynchronizationJobStatus ?? 0) > readsBefore + 1,
    "the second host to read the job state while it is modifying",
  );
  expect(emu.stats().byAction.ModifySynchronizationObject ?? 0).toBe(modifiesBefore);
  emu.release(task!.taskId);
  const created = await creating;
  // No TaskId is known (the first host never returned it): the job's phases stand for the change.
  expect(created.id).toBe(`notask:${jobId}`);
  expect(created.properties).toMatchObject({ source: "job", dataInitialization: { status: "Finished" }, tables: { total: 2, finished: 2, failed: 0 } });
  expect(created.properties.taskId).toBeUndefined();
  expect(String(created.properties.note)).toMatch(/^No task started: job \S+ already syncs exactly these objects \(after the running modification ended\)/);
  expect(emu.stats().byAction.ModifySynchronizationObject ?? 0).toBe(modifiesBefore);
  expect(emu.taskCount(jobId)).toBe(1);
  expect(emu.stats().byOutcome["OperationDenied.JobStatusModifying"] ?? 0).toBe(0);

  // And an update with the same inputs (what the engine sends when the state holds the resource) starts none either.
  const updated = await second.update(created.id, urn, created.properties, again.inputs);
  expect(updated.properties).toMatchObject({ source: "job" });
  expect(emu.taskCount(jobId)).toBe(1);
}, 180_000);
