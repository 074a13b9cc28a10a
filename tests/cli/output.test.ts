/**
 * What the built command prints: the `--json` document (the provider's outputs shape), the plain CI output, the
 * readable `status` summary, `tables` (text, `--json`, `--csv` with RFC 4180 quoting, all pages), and `modify`.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { DEFAULT_DURATIONS } from "../../emulator";
import { PRECHECK_ITEM_NAMES } from "../../sdk/types";
import { emptyHome, parseCsv, runCli, type RunResult } from "../support/cli";
import { OBJECTS, useFixture } from "../support/cli-fixture";

const fx = useFixture();
const outputs: RunResult[] = [];
async function run(args: string[], env?: Record<string, string>): Promise<RunResult> {
  const r = await runCli(args, { env: env ?? fx.env });
  outputs.push(r);
  return r;
}

const OUTPUT_KEYS = [
  "dataInitialization",
  "failedTables",
  "finishedAt",
  "polls",
  "precheck",
  "source",
  "startedAt",
  "status",
  "structureInitialization",
  "tables",
  "taskId",
];

describe("--json: one document in the provider's outputs shape", () => {
  test("wait --json on a task with a failed table", async () => {
    const { jobId, taskId } = await fx.startTask({ name: "failed-tables", failedTables: { tables: ["orders"] } });
    const r = await run(["wait", taskId, "--job", jobId, "--json", ...fx.fast]);
    expect(r.code).toBe(2);
    const doc = JSON.parse(r.stdout); // throws unless stdout is exactly one JSON document
    expect(Object.keys(doc).sort()).toEqual(OUTPUT_KEYS);
    expect(doc.taskId).toBe(taskId);
    expect(typeof doc.status).toBe("string");
    expect(doc.precheck).toMatchObject({ status: "Finished", percent: 100, failedItems: [] });
    expect(doc.precheck.items).toHaveLength(16);
    for (const item of doc.precheck.items) expect(Object.keys(item).sort()).toEqual(["name", "status"]);
    expect(doc.precheck.items[0]).toEqual({ name: "CHECK_CONN_SRC", status: "Success" });
    for (const phase of [doc.structureInitialization, doc.dataInitialization]) {
      expect(phase).toMatchObject({ status: "Finished", percent: 100 });
      expect(typeof phase.progress).toBe("number");
    }
    expect(doc.structureInitialization.progress).toBe(2);
    expect(doc.failedTables).toEqual([
      {
        sourceDb: "dtstestdata",
        destinationDb: "dtstestdata",
        table: "orders",
        phase: "dataInitialization",
        status: "Failed",
        errorMessage: 'java.lang.NumberFormatException: For input string: ""',
      },
    ]);
    expect(doc.tables).toEqual({ total: 2, finished: 1, failed: 1 });
    expect(new Date(doc.startedAt).toISOString()).toBe(doc.startedAt);
    expect(new Date(doc.finishedAt).toISOString()).toBe(doc.finishedAt);
    expect(Date.parse(doc.finishedAt)).toBeGreaterThanOrEqual(Date.parse(doc.startedAt));
    expect(doc.polls).toBeGreaterThanOrEqual(1);
    // Progress stayed on stderr.
    expect(r.stderr).toContain(`Waiting for task ${taskId}`);
  });

  test("precheck failure --json: failedItems carry name, status, errorMessage and repairMethod", async () => {
    const { taskId } = await fx.startTask("precheck-failure");
    // The task clock stands halfway through the item after the failed one while the command waits: the failed item
    // is visible and the rest of the precheck still runs, whenever the command polls.
    const task = fx.em.tasks().find((t) => t.taskId === taskId)!;
    const failedIndex = PRECHECK_ITEM_NAMES.indexOf("CHECK_AUTH_DEST");
    fx.freezeClock(task.createdAt + ((failedIndex + 1.5) * DEFAULT_DURATIONS.precheckItemMs) / fx.em.state.timeScale);
    let r: RunResult;
    try {
      r = await run(["wait", taskId, "--json", ...fx.fast]);
    } finally {
      fx.freezeClock(undefined);
    }
    expect(r.code).toBe(1);
    const doc = JSON.parse(r.stdout);
    // A failed item ends the wait at once (the task cannot succeed), while the phase itself still runs.
    expect(doc.precheck.status).toBe("Migrating");
    expect(doc.precheck.failedItems).toEqual([
      {
        name: "CHECK_AUTH_DEST",
        status: "Failed",
        errorMessage: expect.stringContaining("Access denied"),
        repairMethod: "CHECK_ERROR_DEST_CONN_REPAIR2",
      },
    ]);
    expect(doc.structureInitialization).toEqual({ status: "NotStarted", percent: 0, progress: 0 });
    // Without --job, tables are not listed.
    expect(doc.failedTables).toEqual([]);
    expect(doc.tables).toEqual({ total: 0, finished: 0, failed: 0 });
  });

  test("status --json: one look, polls 1", async () => {
    const { jobId, taskId } = await fx.startTask("success");
    await fx.finish(taskId);
    const r = await run(["status", taskId, "--job", jobId, "--json", "--endpoint", fx.em.url]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(Object.keys(doc).sort()).toEqual(OUTPUT_KEYS);
    expect(doc.polls).toBe(1);
    expect(doc.dataInitialization.status).toBe("Finished");
    expect(doc.tables).toEqual({ total: 2, finished: 2, failed: 0 });
  });
});

describe("plain output in CI", () => {
  test("CI=true: one plain line per change on stderr, the summary on stdout, no control characters", async () => {
    const { jobId, taskId } = await fx.startTask("success");
    const r = await run(["wait", taskId, "--job", jobId, ...fx.fast]);
    expect(r.code).toBe(0);
    expect(r.stderr + r.stdout).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/); // no ESC, no CR, nothing but \n and \t
    const lines = r.stderr.trim().split("\n");
    expect(lines[0]).toBe(`Waiting for task ${taskId} (timeout 30m; Ctrl-C stops waiting, the task goes on)`);
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^\[\d\d:\d\d\] precheck: Finished 100% \(16\/16 items\)$/)]));
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^\[\d\d:\d\d\] structure: Finished 100% \(2 tables\)$/)]));
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(/^\[\d\d:\d\d\] data: Finished 100% \(\d+ rows\)$/)]));
    // One line per change: the same state is never printed twice.
    const states = lines.slice(1).map((l) => l.replace(/^\[\d\d:\d\d\] /, "").replace(/ \(poll \d+\)$/, ""));
    expect(new Set(states).size).toBe(states.length);
    expect(r.stdout).toMatch(new RegExp(`^Task ${taskId}: done`));
    expect(r.stdout).toContain("Tables: 2 total, 2 finished, 0 failed");
  });

  test("status without --json: readable summary with failed items and repair method", async () => {
    const { jobId, taskId } = await fx.startTask("precheck-failure");
    await fx.finish(taskId);
    // The waiter ends at the first failed item, while the precheck phase may still read Migrating (a race seen
    // under load): look at the task once its whole timeline is over, the moment this summary is about.
    fx.freezeClock(Date.now() + 3_600_000);
    const r = await run(["status", taskId, "--job", jobId, "--endpoint", fx.em.url]).finally(() => fx.freezeClock(undefined));
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(new RegExp(`^Task ${taskId}: failed`));
    expect(r.stdout).toMatch(/precheck\s+Failed\s+100%\s+16\/16 items/);
    expect(r.stdout).toContain("Failed check items (1):");
    expect(r.stdout).toMatch(/ {2}CHECK_AUTH_DEST: Original error: Access denied.* \(repair: CHECK_ERROR_DEST_CONN_REPAIR2\)/);
  });

  test("status <older task> --job: the job's tables belong to a newer task, so they are left out with a one-line reason", async () => {
    // The first task fails its precheck; a second one on the same job finishes with 2 tables.
    const { jobId, taskId: older } = await fx.startTask("precheck-failure");
    await fx.finish(older);
    // The waiter calls the failure at the first failed item; the task ends when its precheck does.
    while ((await fx.client.describeSynchronizationJobStatus({ synchronizationJobId: jobId })).status === "modifying") {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    fx.em.setScenario("success", jobId);
    const { taskId: newer } = await fx.client.modifySynchronizationObject({ synchronizationJobId: jobId, synchronizationObjects: OBJECTS });
    await fx.finish(newer);
    const text = await run(["status", older, "--job", jobId, "--endpoint", fx.em.url]);
    expect(text.code).toBe(1);
    expect(text.stdout).not.toContain("Tables: 2 total");
    expect(text.stdout).toContain(
      `Tables: tables left out: task ${older} failed its precheck and initialized no tables (the job's table report belongs to another modification)`,
    );
    const doc = JSON.parse((await run(["status", older, "--job", jobId, "--json", "--endpoint", fx.em.url])).stdout);
    expect(doc.tables).toBeUndefined();
    expect(doc.failedTables).toEqual([]);
    expect(doc.tablesLeftOut).toMatch(/^tables left out: task \S+ failed its precheck/);
    // `wait` on the older task applies the same rule.
    const waited = await run(["wait", older, "--job", jobId, "--json", ...fx.fast]);
    expect(waited.code).toBe(1);
    expect(JSON.parse(waited.stdout)).toMatchObject({
      taskId: older,
      failedTables: [],
      tablesLeftOut: expect.stringMatching(/^tables left out: task \S+ failed its precheck/),
    });
    // The newer task is the job's latest: its tables are reported.
    const latest = JSON.parse((await run(["status", newer, "--job", jobId, "--json", "--endpoint", fx.em.url])).stdout);
    expect(latest.tables).toEqual({ total: 2, finished: 2, failed: 0 });
    expect(latest.tablesLeftOut).toBeUndefined();
  });

  test("status <a finished task, not the latest> --job: left out because its phases differ from the job's", async () => {
    const { jobId, taskId: older } = await fx.startTask("success");
    await fx.finish(older);
    const { taskId: newer } = await fx.client.modifySynchronizationObject({ synchronizationJobId: jobId, synchronizationObjects: [{ dbName: "other" }] });
    await fx.finish(newer);
    const doc = JSON.parse((await run(["status", older, "--job", jobId, "--json", "--endpoint", fx.em.url])).stdout);
    expect(doc.tablesLeftOut).toBe(
      `tables left out: task ${older} is not the job's latest modification (its phases differ from the job's), and DTS reports tables only for the latest`,
    );
  });

  test("status on a running task exits 0 and says in progress", async () => {
    const { taskId } = await fx.startTask("never-finishes");
    const r = await run(["status", taskId, "--endpoint", fx.em.url]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Task ${taskId}: in progress`));
    fx.em.release(taskId);
  });
});

describe("tables", () => {
  const message = "Duplicate entry \"1,2\" for key 'PRIMARY'\nat line 2, col 3";
  let jobId: string;

  beforeAll(async () => {
    const started = await fx.startTask({ name: "failed-tables", failedTables: { tables: ["orders"], errorMessage: message } });
    jobId = started.jobId;
    await fx.finish(started.taskId);
  });

  test("--csv: header, every row, fields with commas, quotes and newlines quoted (round-trips)", async () => {
    const r = await run(["tables", jobId, "--csv", "--endpoint", fx.em.url]);
    expect(r.code).toBe(0);
    const rows = parseCsv(r.stdout);
    expect(rows[0]).toEqual([
      "phase",
      "sourceDb",
      "destinationDb",
      "object",
      "objectType",
      "status",
      "finishedRows",
      "totalRows",
      "usedTimeSeconds",
      "errorMessage",
    ]);
    const body = rows.slice(1);
    expect(body.every((row) => row.length === 10)).toBe(true);
    expect(
      body
        .filter((row) => row[0] === "dataInitialization")
        .map((row) => row[3])
        .sort(),
    ).toEqual(["customer", "orders"]);
    expect(body.filter((row) => row[0] === "structureInitialization" && row[4] === "Table")).toHaveLength(2);
    const failed = body.find((row) => row[3] === "orders" && row[0] === "dataInitialization")!;
    expect(failed[5]).toBe("Failed");
    expect(failed[9]).toBe(message);
    expect(r.stdout).toContain('"Duplicate entry ""1,2"" for key \'PRIMARY\'\nat line 2, col 3"');
  });

  test("--failed --json: only failed rows", async () => {
    const r = await run(["tables", jobId, "--failed", "--json", "--endpoint", fx.em.url]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ jobId, pages: 1, failed: 1 });
    expect(doc.total).toBeGreaterThanOrEqual(4);
    expect(doc.rows).toEqual([
      expect.objectContaining({ phase: "dataInitialization", sourceDb: "dtstestdata", object: "orders", status: "Failed", errorMessage: message }),
    ]);
  });

  test("text: aligned table with a header", async () => {
    const r = await run(["tables", jobId, "--endpoint", fx.em.url]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^PHASE\s+SOURCE\s+DESTINATION\s+OBJECT\s+TYPE\s+STATUS\s+ROWS\s+ERROR$/);
    expect(lines.some((l) => /^data\s+dtstestdata\s+dtstestdata\s+orders\s+Table\s+Failed\s+\d+\/\d+\s+Duplicate entry/.test(l))).toBe(true);
  });

  test("reads every page (25 tables, --page-size 10 -> 3 pages)", async () => {
    const tables = Array.from({ length: 25 }, (_, i) => ({ tableName: `t${String(i).padStart(2, "0")}` }));
    const started = await fx.startTask("success", [{ dbName: "bulk", tableIncludes: tables }]);
    await fx.finish(started.taskId);
    const r = await run(["tables", started.jobId, "--page-size", "10", "--json", "--endpoint", fx.em.url]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.pages).toBe(3);
    const data = doc.rows.filter((row: { phase: string }) => row.phase === "dataInitialization");
    expect(data.map((row: { object: string }) => row.object).sort()).toEqual(tables.map((t) => t.tableName));
    expect(r.stderr).toMatch(/from 3 pages/);
  });
});

describe("modify", () => {
  const dir = emptyHome();
  const typedFile = join(dir, "typed.json");
  const wireFile = join(dir, "wire.json");
  writeFileSync(typedFile, JSON.stringify(OBJECTS));
  writeFileSync(
    wireFile,
    JSON.stringify([{ DBName: "dtstestdata", NewDBName: "copy", TableIncludes: [{ TableName: "customer", NewTableName: "customers" }] }]),
  );

  test("modify --wait --json: starts one task, waits, prints the outputs", async () => {
    const jobId = fx.em.createJob({ scenario: "success" });
    const r = await run(["modify", jobId, "--objects", typedFile, "--wait", "--json", ...fx.fast]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(fx.em.taskCount(jobId)).toBe(1);
    const task = fx.em.tasks().find((t) => t.taskId === doc.taskId);
    expect(task).toBeDefined();
    expect(doc.dataInitialization.status).toBe("Finished");
    expect(doc.tables).toEqual({ total: 2, finished: 2, failed: 0 });
    // The job state is read first; the ClientToken is shown but relied on nowhere.
    const token = /Starting a modification on job \S+ \(the job does not sync database "dtstestdata"; ClientToken ([0-9a-f-]{36}), sent only\)/.exec(
      r.stderr,
    )?.[1];
    expect(token).toBeDefined();
    expect(r.stderr).toContain(`Started modification task ${doc.taskId} on job ${jobId} (ClientToken ${token},`);
  });

  test("modify (wire form, no --wait) prints only the TaskId", async () => {
    const jobId = fx.em.createJob({ scenario: "success" });
    const first = await run(["modify", jobId, "--objects", wireFile, "--client-token", "ci-run-42", "--direction", "Forward", "--endpoint", fx.em.url]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^\S+\n$/);
    expect(fx.em.tasks().find((t) => t.taskId === first.stdout.trim())).toMatchObject({ jobId, clientToken: "ci-run-42" });
  });

  test("modify (no --wait) prints only the TaskId; the same command again starts no second task (the job state shows it)", async () => {
    const jobId = fx.em.createJob({ scenario: "success" });
    const args = ["modify", jobId, "--objects", typedFile, "--endpoint", fx.em.url];
    const first = await run(args);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/^\S+\n$/);
    expect(first.stderr).toContain(`Wait for it with: dts-objects wait ${first.stdout.trim()} --job ${jobId}`);
    // The first task may still run (the command then waits for it) or be done: either way the objects are in place.
    const second = await run(args);
    expect(second.code).toBe(0);
    expect(second.stdout).toBe("");
    expect(second.stderr).toMatch(
      new RegExp(
        `No task started: job ${jobId} already syncs exactly these objects( \\(after the running modification ended\\))?; phases and tables are the job's`,
      ),
    );
    expect(fx.em.taskCount(jobId)).toBe(1);
    // --force starts one anyway.
    const forced = await run([...args, "--force"]);
    expect(forced.code).toBe(0);
    expect(forced.stdout).toMatch(/^\S+\n$/);
    expect(forced.stdout).not.toBe(first.stdout);
    expect(fx.em.taskCount(jobId)).toBe(2);
  });

  test("modify --json (no --wait): {taskId, synchronizationJobId, clientToken, requestId}", async () => {
    const jobId = fx.em.createJob({ scenario: "success" });
    const r = await run(["modify", jobId, "--objects", typedFile, "--client-token", "tok-1", "--json", "--endpoint", fx.em.url]);
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc).toEqual({ taskId: expect.any(String), synchronizationJobId: jobId, started: true, clientToken: "tok-1", requestId: expect.any(String) });
  });

  test("modify on an unknown job: exit 5", async () => {
    const r = await run(["modify", "dtsnosuchjob", "--objects", typedFile, "--endpoint", fx.em.url]);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain("InvalidJobId.NotFound");
  });
});

test("no output of this file contained the emulator's secret", () => {
  expect(outputs.length).toBeGreaterThan(10);
  for (const r of outputs) expect(r.stdout + r.stderr).not.toContain(fx.em.accessKeySecret);
});
