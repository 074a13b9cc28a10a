/**
 * `wait|status --initialization` (both families) and the GitHub step summary, through the built dist/cli against
 * the emulator's model of a new job's life (time scale 100: a job's whole life takes a second or two).
 */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { emulatorControl } from "../support/dts-job";
import { useFixture } from "./fixture";
import { cliEnv, runCli } from "./helpers";

const fx = useFixture(100);
const newJob = async (life: Record<string, unknown>) =>
  (await emulatorControl(fx.em.url, "initialization-jobs", life)).data as { jobId: string; dtsJobId: string };
const summaryFile = () => join(mkdtempSync(join(tmpdir(), "dts-summary-")), "summary.md");
const withSummary = (file: string) =>
  cliEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: fx.em.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: fx.em.accessKeySecret, GITHUB_STEP_SUMMARY: file });

describe("wait --initialization", () => {
  it("--dts-job: waits a not-started job to initialized, says it has not started, prints the document", async () => {
    const job = await newJob({ startAfterSeconds: 300 });
    const r = await runCli(["wait", "--initialization", "--dts-job", job.dtsJobId, "--json", ...fx.fast], { env: fx.env });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("has not started yet");
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ family: "dts-job", dtsJobId: job.dtsJobId, jobStatus: "synchronizing", stage: "initialized", initialized: true });
    expect(doc.dataInitialization).toMatchObject({ status: "Finished", percent: 100 });
    expect(doc.finishedAt).toEqual(expect.any(String));
  });

  it("--job with --caught-up 5s/2: reaches caught up and writes the step summary", async () => {
    const job = await newJob({ initialDelaySeconds: 60 });
    const file = summaryFile();
    const r = await runCli(["wait", "--initialization", "--job", job.jobId, "--caught-up", "5s/2", "--json", ...fx.fast], { env: withSummary(file) });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({
      family: "sync-job",
      synchronizationJobId: job.jobId,
      stage: "caught-up",
      caughtUp: { maxDelaySeconds: 5, polls: 2, reached: true },
    });
    expect(doc.delaySeconds).toBeLessThanOrEqual(5);
    const md = readFileSync(file, "utf8");
    expect(md).toContain(`### DTS first synchronization of synchronization job ${job.jobId}: done`);
    expect(md).toContain("| data initialization | Finished | 100% |");
    expect(md).toMatch(/Caught up \(delay ≤ 5s for 2 replies in a row\): \*\*yes\*\*/);
    expect(md).toMatch(/Duration: \d+s/);
  });

  it("a precheck failure exits 1 with the item and its repair method, in the output and the summary", async () => {
    const job = await newJob({ failure: "precheck" });
    const file = summaryFile();
    const r = await runCli(["wait", "--initialization", "--job", job.jobId, ...fx.fast], { env: withSummary(file) });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("CHECK_BINLOG_MODE");
    expect(r.stdout).toContain("repair: set binlog_format=ROW");
    const md = readFileSync(file, "utf8");
    expect(md).toContain("**Failed check items (1)**");
    expect(md).toContain("`CHECK\\_BINLOG\\_MODE`");
  });

  it("--dts-job: a data failure exits 1 and names the failed objects", async () => {
    const job = await newJob({ failure: "data", failedTables: 1, tables: 3 });
    const r = await runCli(["wait", "--initialization", "--dts-job", job.dtsJobId, "--json", ...fx.fast], { env: fx.env });
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.dataInitialization.status).toBe("Failed");
    expect(doc.failedObjects.map((o: { names: string }) => o.names)).toEqual(["table_3"]);
  });

  it("a stalled catch-up times out (exit 3) with the resume hint", async () => {
    const job = await newJob({ stall: true, dataSeconds: 10, initialDelaySeconds: 90 });
    const r = await runCli(["wait", "--initialization", "--dts-job", job.dtsJobId, "--caught-up", "5s", "--timeout", "3s", ...fx.fast], { env: fx.env });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`Resume with: dts-objects wait --initialization --dts-job ${job.dtsJobId} --caught-up 5s`);
    expect(r.stdout).toContain("Caught up (delay <= 5s for 3 replies in a row): no");
  });

  it("usage errors name the flag (exit 4)", async () => {
    const a = await runCli(["wait", "--caught-up", "5s", "--dts-job", "x", ...fx.fast], { env: fx.env });
    expect(a.code).toBe(4);
    expect(a.stderr).toContain("--caught-up goes with --initialization");
    const b = await runCli(["wait", "--initialization", "task1", ...fx.fast], { env: fx.env });
    expect(b.code).toBe(4);
    const c = await runCli(["wait", "--initialization", "--job", "j", "--caught-up", "soon", ...fx.fast], { env: fx.env });
    expect(c.code).toBe(4);
    expect(c.stderr).toContain("is not a delay");
  });
});

describe("status --initialization", () => {
  it("one look mid-way: exit 0, in progress, the stage and percent", async () => {
    const job = await newJob({ dataSeconds: 100_000 });
    await new Promise((r) => setTimeout(r, 500));
    const r = await runCli(["status", "--initialization", "--job", job.jobId, "--json", "--endpoint", fx.em.url], { env: fx.env });
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ stage: "data-initialization", initialized: false, jobStatus: "initializating" });
    expect(doc.finishedAt).toBeUndefined();
  });
});

describe("GitHub step summary of the existing modes", () => {
  it("status <taskId> appends a Markdown section with the phases", async () => {
    const { taskId } = await fx.startTask("success");
    await fx.finish(taskId);
    const file = summaryFile();
    const r = await runCli(["status", taskId, "--endpoint", fx.em.url], { env: withSummary(file) });
    expect(r.code).toBe(0);
    const md = readFileSync(file, "utf8");
    expect(md).toContain(`### DTS modification task ${taskId}: done`);
    expect(md).toContain("| precheck | Finished | 100% |");
  });

  it("without GITHUB_STEP_SUMMARY nothing is written; an unwritable file is a warning, not a failure", async () => {
    const { taskId } = await fx.startTask("success");
    await fx.finish(taskId);
    const r = await runCli(["status", taskId, "--endpoint", fx.em.url], { env: withSummary("/nonexistent-dir/summary.md") });
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("the GitHub step summary could not be written");
  });
});
