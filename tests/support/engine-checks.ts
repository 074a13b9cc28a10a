/**
 * Checks that several engine-level files make the same way, so each file states only what is its own:
 * - `expectNativeSuccess`: a native SynchronizationObjectModification `objs` that succeeded (YAML, Python, ...);
 * - `interruptTargetedUp`: one Ctrl-C to a targeted `up` while it waits, and the resumable state it leaves.
 */
import type { EmulatorHandle } from "../../emulator";
import { actionCalls, tasksOf } from "./engine";
import { nativeResource } from "./native-plugin";
import type { PulumiProject, RunResult } from "./pulumi-project";
import { until } from "./until";

/**
 * The `objs` resource of a native program succeeded on `jobId` with one task: the start line, the stack outputs, the
 * resource's id and objects (the programs' shop.orders + customer -> customer_v2), its ClientToken key
 * `<project>/<stack>/objs`, and the provider resource's endpoint. Returns what the file goes on checking.
 */
export async function expectNativeSuccess(emu: EmulatorHandle, p: PulumiProject, jobId: string, up: RunResult, projectName: string) {
  const [task] = tasksOf(emu, jobId);
  expect(task).toBeDefined();
  expect(up.output).toContain(`[dts-objects] objs: started task ${task!.taskId} on job ${jobId}`);
  const outputs = await p.outputs();
  expect(outputs.taskId).toBe(task!.taskId);
  expect(outputs.precheckStatus).toBe("Finished");
  expect(outputs.failedTables).toEqual([]);
  expect(outputs.tables).toEqual(expect.objectContaining({ failed: 0 }));
  const res = await nativeResource(p);
  expect(res.id).toBe(task!.taskId);
  expect(res.outputs.synchronizationObjects).toEqual([
    { dbName: "shop", tableIncludes: [{ tableName: "orders" }, { tableName: "customer", newTableName: "customer_v2" }] },
  ]);
  // The ClientToken key is the one the dynamic resource computes: <project>/<stack>/<name>.
  expect(res.inputs.__resourceKey).toBe(`${projectName}/${p.stack}/objs`);
  const providerRes = (await p.resources()).find((r) => r.type === "pulumi:providers:dts");
  expect(providerRes.inputs.endpoint).toBe(emu.url);
  return { task: task!, outputs, res, providerRes };
}

/**
 * Starts `up --target <target>`, waits until it has polled the DtsJob reads three times, sends one SIGINT and checks
 * that pulumi ended (not killed by the timeout) within 20 s saying the wait was cancelled; then `read()`'s resource
 * holds `jobId`, not initialized, with polls and no finishedAt (the next `up` resumes it). Returns that resource.
 */
export async function interruptTargetedUp(opts: {
  p: PulumiProject;
  emu: EmulatorHandle;
  target: string[];
  jobId: string;
  label: string;
  read: () => Promise<any>;
}): Promise<any> {
  const jobReads = () => actionCalls(opts.emu, "DescribeDtsJobs") + actionCalls(opts.emu, "DescribeDtsJobDetail");
  const readsBefore = jobReads();
  const up = opts.p.startUp(opts.target);
  await until(() => jobReads() > readsBefore + 2, `the targeted up to poll job ${opts.jobId}`);
  const signalledAt = Date.now();
  up.child.kill("SIGINT");
  const ended = await up.done;
  const seconds = (ended.endedAt - signalledAt) / 1000;
  process.stderr.write(`${opts.label} Ctrl-C: pulumi exited ${seconds.toFixed(1)} s after one SIGINT (code ${ended.code})\n`);
  expect(ended.code).not.toBe(0);
  expect(ended.code).not.toBe(124);
  expect(seconds).toBeLessThan(20);
  expect(ended.output).toMatch(/the wait was cancelled: Ctrl-C/);
  const saved = await opts.read();
  expect(saved.id).toBe(opts.jobId);
  expect(saved.outputs).toMatchObject({ initialized: false });
  expect(saved.outputs.polls).toBeGreaterThan(0);
  expect(saved.outputs.finishedAt).toBeUndefined();
  return saved;
}
