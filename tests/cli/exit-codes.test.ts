/**
 * Every exit code of the built `dts-objects` command, run as a subprocess against the emulator:
 * 0 done, 1 phase/check item failed, 2 failed tables only, 3 timeout, 4 usage/credential error, 5 API error.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startEmulator } from "../../emulator";
import { closedPort, cliEnv, emptyHome, runCli, type RunResult } from "../support/cli";
import { useFixture } from "../support/cli-fixture";

const fx = useFixture();
const outputs: RunResult[] = [];
async function run(args: string[], env?: Record<string, string>, timeoutMs?: number): Promise<RunResult> {
  const r = await runCli(args, { env: env ?? fx.env, timeoutMs });
  outputs.push(r);
  return r;
}

describe("exit 0: done", () => {
  test("wait --job on a successful task exits 0 and lists the tables", async () => {
    const { jobId, taskId } = await fx.startTask("success");
    const r = await run(["wait", taskId, "--job", jobId, ...fx.fast]);
    expect(r.stderr).toContain(`Waiting for task ${taskId}`);
    expect(r.stdout).toContain(`Task ${taskId}: done`);
    expect(r.stdout).toContain("Tables: 2 total, 2 finished, 0 failed");
    expect(r.code).toBe(0);
  });
});

describe("exit 1: a phase or check item failed", () => {
  test("precheck failure names the item and its repair method", async () => {
    const { jobId, taskId } = await fx.startTask("precheck-failure");
    const r = await run(["wait", taskId, "--job", jobId, ...fx.fast]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("Failed check items (1):");
    expect(r.stdout).toMatch(/CHECK_AUTH_DEST: .*Access denied.*\(repair: CHECK_ERROR_DEST_CONN_REPAIR2\)/);
    expect(r.stderr).toMatch(/precheck item CHECK_AUTH_DEST failed/);
  });

  test("structure initialization failure exits 1 with the phase error and the failed table", async () => {
    const { jobId, taskId } = await fx.startTask("structure-failure");
    const r = await run(["wait", taskId, "--job", jobId, ...fx.fast]);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/structure initialization\s+Failed.*already exists/);
    expect(r.stdout).toMatch(/dtstestdata\.customer \[structureInitialization Failed\]/);
  });
});

describe("exit 2: only tables failed", () => {
  test("failed-tables scenario: every phase Finished, failed tables listed", async () => {
    const { jobId, taskId } = await fx.startTask({ name: "failed-tables", failedTables: { tables: ["orders"] } });
    const r = await run(["wait", taskId, "--job", jobId, ...fx.fast]);
    expect(r.code).toBe(2);
    expect(r.stdout).toContain("done, but tables failed");
    expect(r.stdout).toMatch(/Failed tables \(1\):\n {2}dtstestdata\.orders \[dataInitialization Failed\]: java\.lang\.NumberFormatException/);
    expect(r.stdout).toContain("Tables: 2 total, 1 finished, 1 failed");
  });
});

describe("exit 3: timeout", () => {
  test("a task that never finishes and a short --timeout exits 3 and says how to resume", async () => {
    const { jobId, taskId } = await fx.startTask("never-finishes");
    const started = Date.now();
    const r = await run(["wait", taskId, "--job", jobId, "--timeout", "2s", "--json", ...fx.fast]);
    expect(r.code).toBe(3);
    const doc = JSON.parse(r.stdout);
    expect(doc.finishedAt).toBeUndefined();
    expect(doc.dataInitialization.status).toBe("Migrating");
    // On a timeout the tables so far are still listed (best effort): none failed yet.
    expect(doc.tables.total).toBe(2);
    expect(doc.failedTables).toEqual([]);
    expect(Date.now() - started).toBeLessThan(15_000);
    expect(r.stderr).toContain("Timed out after 2s");
    expect(r.stderr).toContain(`Resume with: dts-objects wait ${taskId} --job ${jobId}`);
    fx.em.release(taskId);
  });
});

describe("exit 4: usage and credential errors", () => {
  const objectsFile = join(emptyHome(), "objects.json");
  const badObjectsFile = join(emptyHome(), "objects.json");
  writeFileSync(objectsFile, JSON.stringify([{ dbName: "db" }]));
  writeFileSync(badObjectsFile, JSON.stringify([{ dbName: "db", tableIncludes: [{ tablename: "t" }] }]));
  const badWireFile = join(emptyHome(), "wire.json");
  writeFileSync(badWireFile, JSON.stringify([{ DBName: "db", TableIncludes: [{ TableName: "" }] }]));
  const notArrayFile = join(emptyHome(), "single.json");
  writeFileSync(notArrayFile, JSON.stringify({ dbName: "db" }));

  const cases: Array<[string, string[], RegExp]> = [
    ["missing argument", ["wait"], /missing required argument 'taskId'/],
    ["bad duration", ["wait", "t1", "--timeout", "soon"], /--timeout <duration>: "soon" is not a duration/],
    ["zero delay", ["wait", "t1", "--min-delay", "0"], /--min-delay <seconds>: must be greater than 0/],
    ["empty delay", ["wait", "t1", "--min-delay", ""], /--min-delay <seconds>: must be a number of seconds/],
    ["max below min", ["wait", "t1", "--min-delay", "5", "--max-delay", "1"], /--max-delay <seconds>: 1 is less than --min-delay/],
    ["bad region", ["status", "t1", "--region", "Hangzhou!"], /--region <regionId>: is not a region id/],
    ["bad endpoint", ["status", "t1", "--endpoint", "ftp://example.com"], /--endpoint <url>: must be an http:\/\/ or https:\/\/ URL/],
    ["bad task id", ["status", "bad id!"], /<taskId>: may only hold/],
    ["unknown option", ["wait", "t1", "--bogus"], /unknown option '--bogus'/],
    ["unknown command", ["nope"], /unknown command 'nope'/],
    ["excess argument", ["status", "t1", "t2"], /too many arguments/],
    ["--json with --csv", ["tables", "j1", "--csv", "--json"], /option '--(json|csv)' cannot be used with option '--(csv|json)'/],
    ["bad page size", ["tables", "j1", "--page-size", "500"], /--page-size <n>: must be at most 100/],
    ["modify without --objects", ["modify", "j1"], /required option '--objects <file>' not specified/],
    ["bad direction", ["modify", "j1", "--objects", objectsFile, "--direction", "Sideways"], /--direction <direction>.*Sideways.*Forward, Reverse/],
    [
      "missing objects file",
      ["modify", "j1", "--objects", "/nonexistent/objects.json"],
      /--objects <file>: cannot read \/nonexistent\/objects.json \(ENOENT\)/,
    ],
    ["objects file field", ["modify", "j1", "--objects", badObjectsFile], /error: invalid input: objects\.json\[0\]\.tableIncludes\[0\]\.table[Nn]ame: /],
    [
      "wire objects file field",
      ["modify", "j1", "--objects", badWireFile],
      /error: invalid input: wire\.json\[0\]\.TableIncludes\[0\]\.TableName: the TableName must not be empty/,
    ],
    ["objects file not an array", ["modify", "j1", "--objects", notArrayFile], /--objects <file>: single\.json must hold a JSON array of databases/],
    ["wait option without --wait", ["modify", "j1", "--objects", objectsFile, "--min-delay", "5"], /--min-delay <seconds>: only applies with --wait/],
  ];

  test.concurrent.each(cases)("%s: exit 4, the message names the argument", async (_name, args, message) => {
    const r = await run(args);
    expect(r.stderr).toMatch(message);
    // Without --json stdout stays empty; with it, stdout holds the one error document.
    if (args.includes("--json")) expect(JSON.parse(r.stdout)).toMatchObject({ error: { kind: "usage" }, exitCode: 4 });
    else expect(r.stdout).toBe("");
    expect(r.code).toBe(4);
  });

  test("no credentials anywhere: exit 4 listing the sources tried", async () => {
    const r = await run(["status", "t1", "--endpoint", fx.em.url], cliEnv());
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("No Alibaba Cloud credentials found");
    expect(r.stderr).toContain("ALIBABA_CLOUD_ACCESS_KEY_ID");
  });

  test("half a key pair: exit 4", async () => {
    const r = await run(["status", "t1", "--endpoint", fx.em.url], cliEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: fx.em.accessKeyId }));
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/ALIBABA_CLOUD_ACCESS_KEY_SECRET not set/);
  });

  test("a refused key (SignatureDoesNotMatch) is a credential error: exit 4, the secret is not printed", async () => {
    const wrong = "wrong-secret-value-123";
    const { taskId } = await fx.startTask("success");
    const r = await run(
      ["status", taskId, "--endpoint", fx.em.url],
      cliEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: fx.em.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: wrong }),
    );
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("SignatureDoesNotMatch");
    expect(r.stdout + r.stderr).not.toContain(wrong);
  });
});

describe("exit 5: API error after retries", () => {
  test("status against an unreachable endpoint retries, then exits 5", async () => {
    const port = await closedPort();
    const r = await run(["status", "t1", "--endpoint", `http://127.0.0.1:${port}`]);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/retrying DescribeSynchronizationObjectModifyStatus .* ECONNREFUSED/);
    expect(r.stderr).toMatch(/error: .*ECONNREFUSED/);
  });

  test("wait against an unreachable endpoint: no status ever seen -> exit 5, not 3", async () => {
    const port = await closedPort();
    const r = await run(["wait", "t1", "--endpoint", `http://127.0.0.1:${port}`, "--timeout", "1s", "--min-delay", "0.5", "--max-delay", "0.5"]);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/errors seen: ECONNREFUSED x\d/);
  });

  test("an unknown task: status and wait exit 5 with the API's code", async () => {
    const s = await run(["status", "nosuchtask", "--endpoint", fx.em.url]);
    expect(s.code).toBe(5);
    expect(s.stderr).toContain("InvalidTaskId.NotFound");
    const w = await run(["wait", "nosuchtask", ...fx.fast]);
    expect(w.code).toBe(5);
    expect(w.stderr).toContain("InvalidTaskId.NotFound");
  });

  test("a service answering 503 on every call: exit 5 after the SDK's retries", async () => {
    const em = await startEmulator({ port: 0, log: false, faults: { unavailable: 1 } });
    try {
      const r = await run(["status", "t1", "--endpoint", em.url]);
      expect(r.code).toBe(5);
      expect((r.stderr.match(/retrying DescribeSynchronizationObjectModifyStatus/g) ?? []).length).toBeGreaterThanOrEqual(2);
      expect(em.stats().byAction.DescribeSynchronizationObjectModifyStatus).toBeGreaterThanOrEqual(3);
    } finally {
      await em.stop();
    }
  });
});

describe("exit 5: an ambiguous ModifySynchronizationObject", () => {
  test("a reset connection after the task started: the command reads the job state again, waits, and starts no second task", async () => {
    const em = await startEmulator({ port: 0, log: false, timeScale: 100 });
    try {
      const jobId = em.createJob({ scenario: "success" });
      const file = join(emptyHome(), "objects.json");
      writeFileSync(file, JSON.stringify([{ dbName: "dtstestdata" }]));
      em.setFaults({ actions: ["ModifySynchronizationObject"], sequence: ["resetAfter"] });
      const env = cliEnv({ ALIBABA_CLOUD_ACCESS_KEY_ID: em.accessKeyId, ALIBABA_CLOUD_ACCESS_KEY_SECRET: em.accessKeySecret });
      const first = await run(["modify", jobId, "--objects", file, "--endpoint", em.url, "--json"], env);
      expect(first.code).toBe(0);
      expect(first.stderr).toMatch(/ModifySynchronizationObject ended ambiguously \(ECONNRESET\): reading the job state again instead of retrying/);
      expect(first.stderr).toMatch(
        /No second task started: ModifySynchronizationObject ended ambiguously and job \S+ then ran a modification, taken as this one \(TaskId unknown\)/,
      );
      expect(JSON.parse(first.stdout)).toMatchObject({ synchronizationJobId: jobId, started: false });
      expect(em.taskCount(jobId)).toBe(1);
      // Running the same command again: the job already syncs the objects, so still no second task.
      const second = await run(["modify", jobId, "--objects", file, "--endpoint", em.url], env);
      expect(second.code).toBe(0);
      expect(second.stdout).toBe("");
      expect(second.stderr).toContain(`No task started: job ${jobId} already syncs exactly these objects`);
      expect(em.taskCount(jobId)).toBe(1);
    } finally {
      await em.stop();
    }
  });
});

describe("help and version", () => {
  test.each([[[] as string[]], [["wait"]], [["status"]], [["tables"]], [["modify"]]])("%j --help documents every exit code", async (cmd) => {
    const r = await run([...cmd, "--help"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Exit codes:");
    for (const code of ["0 ", "1 ", "2 ", "3 ", "4 ", "5 ", "130"]) expect(r.stdout).toMatch(new RegExp(`\\n  ${code}`));
  });

  test("--version prints the package version", async () => {
    const r = await run(["--version"]);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(require("../../package.json").version);
  });

  test("no command: help on stderr, exit 4", async () => {
    const r = await run([]);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain("Usage: dts-objects");
  });
});

test("no output of this file contained the emulator's secret", () => {
  expect(outputs.length).toBeGreaterThan(20);
  for (const r of outputs) expect(r.stdout + r.stderr).not.toContain(fx.em.accessKeySecret);
});
