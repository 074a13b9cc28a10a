/**
 * `wait --initialization` never claims "no failed table/object" it did not check (issue 30): a new job that
 * initialized, behind a proxy that refuses the failed-tables read (`DescribeInitializationStatus`, sync-job) or the
 * failed-objects read (`DescribePreCheckStatus`, dts-job) with 403 Forbidden.RAM and forwards every other call to the
 * emulator, exits 6 with `failedLeftOut` naming the reason and the RAM action to grant (was exit 0). Through the
 * built command against the emulator's model of a new job's life.
 */
import { useFixture } from "../support/cli-fixture";
import { runCli } from "../support/cli";
import { initializationJob } from "../support/dts-job";
import { useRefusingProxy } from "../support/refusing-proxy";

const fx = useFixture(100);
/** The command calls through a proxy refusing the action a test sets in `proxy.refused` (a RAM policy lacking it). */
const proxy = useRefusingProxy(() => fx.em.url);

const newJob = () => initializationJob(fx.em.url);
const fast = () => ["--endpoint", proxy.url, "--min-delay", "0.2", "--max-delay", "0.5", "--timeout", "60s"];

test("--job, DescribeInitializationStatus refused after the job initialized: exit 6, failedLeftOut names the RAM action", async () => {
  const job = await newJob();
  proxy.refused = "DescribeInitializationStatus";
  const r = await runCli(["wait", "--initialization", "--job", job.jobId, "--json", ...fast()], { env: fx.env });
  expect(r.code).toBe(6);
  const doc = JSON.parse(r.stdout);
  expect(doc).toMatchObject({ family: "sync-job", initialized: true, failedTables: [] });
  expect(doc.tables).toBeUndefined();
  expect(doc.failedLeftOut).toMatch(
    /^tables not checked: DescribeInitializationStatus failed \(Forbidden\.RAM: .*\)\. Fix: grant the RAM action dts:DescribeInitializationStatus/,
  );
  expect(r.stderr).toMatch(/warning: tables not checked/);
  expect(r.stdout + r.stderr).not.toContain(fx.em.accessKeySecret);
});

test("--dts-job, DescribePreCheckStatus refused after the job initialized: exit 6, the summary says the objects were not checked", async () => {
  const job = await newJob();
  proxy.refused = "DescribePreCheckStatus";
  const r = await runCli(["wait", "--initialization", "--dts-job", job.dtsJobId, ...fast()], { env: fx.env });
  expect(r.code).toBe(6);
  expect(r.stdout).toMatch(/done, but the failed objects were not checked/);
  expect(r.stdout).toMatch(
    /failed objects not checked: DescribePreCheckStatus failed \(Forbidden\.RAM: .*\)\. Fix: grant the RAM action dts:DescribePreCheckStatus/,
  );
  const json = await runCli(["wait", "--initialization", "--dts-job", job.dtsJobId, "--json", ...fast()], { env: fx.env });
  expect(json.code).toBe(6);
  const doc = JSON.parse(json.stdout);
  expect(doc.failedObjects).toEqual([]);
  expect(doc.failedLeftOut).toMatch(/^failed objects not checked: DescribePreCheckStatus failed \(Forbidden\.RAM/);
});

test("nothing refused: the same waits exit 0 with no failedLeftOut", async () => {
  const job = await newJob();
  const sync = await runCli(["wait", "--initialization", "--job", job.jobId, "--json", ...fast()], { env: fx.env });
  expect(sync.code).toBe(0);
  expect(JSON.parse(sync.stdout).failedLeftOut).toBeUndefined();
  const dts = await runCli(["wait", "--initialization", "--dts-job", job.dtsJobId, "--json", ...fast()], { env: fx.env });
  expect(dts.code).toBe(0);
  expect(JSON.parse(dts.stdout).failedLeftOut).toBeUndefined();
});
