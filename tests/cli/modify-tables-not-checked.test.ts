/**
 * `dts-objects modify --wait` when the job already syncs the objects (no task started): the job's tables stand for
 * the change, and a report that could not be read is "tables not checked" (issue 30), as for a task: exit 6,
 * `tablesLeftOut` with the reason and the RAM action to grant, no counts, never exit 0 with zeros. Through the built
 * command, behind a proxy that refuses `DescribeInitializationStatus` with 403 Forbidden.RAM and forwards every other
 * call to the emulator.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { OBJECTS, useFixture } from "../support/cli-fixture";
import { emptyHome, runCli } from "../support/cli";
import { useRefusingProxy } from "../support/refusing-proxy";

const fx = useFixture();
/** The command calls through a proxy refusing DescribeInitializationStatus after `refuse()` (a RAM policy lacking that one action). */
const proxy = useRefusingProxy(() => fx.em.url);
const refuse = () => {
  proxy.refused = "DescribeInitializationStatus";
};

/** A job whose last modification (finished) synced OBJECTS, and the objects file naming them. */
async function jobInPlace(): Promise<{ jobId: string; file: string }> {
  const { jobId, taskId } = await fx.startTask("success");
  await fx.finish(taskId);
  const file = join(emptyHome(), "objects.json");
  writeFileSync(file, JSON.stringify(OBJECTS));
  return { jobId, file };
}

const modifyArgs = (jobId: string, file: string, ...more: string[]) => [
  "modify",
  jobId,
  "--objects",
  file,
  "--wait",
  "--endpoint",
  proxy.url,
  "--min-delay",
  "0.2",
  "--max-delay",
  "0.5",
  "--timeout",
  "30s",
  ...more,
];

test("no task, the job's report refused: exit 6, tablesLeftOut names the RAM action, no counts", async () => {
  const { jobId, file } = await jobInPlace();
  refuse();
  const r = await runCli(modifyArgs(jobId, file, "--json"), { env: fx.env });
  expect(r.stderr).toContain(`No task started: job ${jobId} already syncs exactly these objects`);
  expect(r.code).toBe(6);
  const doc = JSON.parse(r.stdout);
  expect(doc).toMatchObject({ source: "job", failedTables: [], dataInitialization: { status: "Finished" } });
  expect(doc.taskId).toBeUndefined();
  expect(doc.tables).toBeUndefined();
  expect(doc.tablesLeftOut).toMatch(
    /^tables not checked: DescribeInitializationStatus failed \(Forbidden\.RAM: .*\)\. Fix: grant the RAM action dts:DescribeInitializationStatus to these credentials/,
  );
  expect(r.stderr).toMatch(/warning: tables not checked: DescribeInitializationStatus failed/);
  expect(r.stderr).not.toMatch(/could not be listed/);
  expect(r.stderr + r.stdout).not.toContain(fx.em.accessKeySecret);
  expect(fx.em.taskCount(jobId)).toBe(1);
});

test("no task, report refused, without --json: the summary says the tables were not checked; exit 6", async () => {
  const { jobId, file } = await jobInPlace();
  refuse();
  const r = await runCli(modifyArgs(jobId, file), { env: fx.env });
  expect(r.code).toBe(6);
  expect(r.stdout).toMatch(/^Job \(no task started\): done, but the tables were not checked/);
  expect(r.stdout).toMatch(/Tables: tables not checked: DescribeInitializationStatus failed \(Forbidden\.RAM/);
});

test("no task, report readable: exit 0 with the job's table counts (the same command, nothing refused)", async () => {
  const { jobId, file } = await jobInPlace();
  const r = await runCli(modifyArgs(jobId, file, "--json"), { env: fx.env });
  expect(r.code).toBe(0);
  const doc = JSON.parse(r.stdout);
  expect(doc.tables).toEqual({ total: 2, finished: 2, failed: 0 });
  expect(doc.tablesLeftOut).toBeUndefined();
  expect(fx.em.taskCount(jobId)).toBe(1);
});
