/** The CLI's pure parts, without a subprocess: option parsing, CSV, the outputs shape, verdicts, plain progress. */
import { Duration, Seconds } from "../../cli/options";
import { csvField, toCsv } from "../../cli/csv";
import { buildStatusOutputs as buildOutputs, countTables } from "../../sdk/reports/sync-job-outputs";
import { exitCodeForResult, isCredentialErrorCode } from "../../cli/verdict";
import { PlainProgress, formatElapsed } from "../../cli/progress";
import { isInteractive, redact } from "../../cli/output";
import { objectsForm, parseObjectsText } from "../../cli/objects-file";
import { UsageError } from "../../cli/usage-error";
import type { InitializationReport, SynchronizationObjectModifyStatus } from "../../sdk/types";

const status = (over: Partial<SynchronizationObjectModifyStatus> = {}): SynchronizationObjectModifyStatus => ({
  requestId: "r",
  status: "Migrating",
  precheck: { status: "Finished", percent: 100, items: [{ itemName: "CHECK_CONN_SRC", checkStatus: "Success" }] },
  structureInitialization: { status: "Finished", percent: 100, progress: 2 },
  dataInitialization: { status: "Finished", percent: 100, progress: 10 },
  ...over,
});

describe("--timeout durations and delay seconds", () => {
  test.each([
    ["30m", 1800],
    ["90s", 90],
    ["1h", 3600],
    ["1h30m", 5400],
    ["1.5h", 5400],
    ["2m30s", 150],
    ["600", 600],
    [" 45s ", 45],
  ])("%s -> %d s", (raw, seconds) => expect(Duration.parse(raw)).toBe(seconds));

  test.each(["", "soon", "30x", "-5m", "m", "0s", "1d"])("%j is rejected", (raw) => expect(Duration.safeParse(raw).success).toBe(false));

  test("seconds: a number string > 0; empty is an error, not 0", () => {
    expect(Seconds.parse("0.5")).toBe(0.5);
    expect(Seconds.safeParse("").success).toBe(false);
    expect(Seconds.safeParse("0").success).toBe(false);
    expect(Seconds.safeParse("1e3").success).toBe(false);
  });
});

describe("CSV", () => {
  test("quotes only what needs it, doubles quotes", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField(" padded")).toBe('" padded"');
    expect(csvField(undefined)).toBe("");
    expect(csvField(0)).toBe("0");
    expect(toCsv(["a", "b"] as const, [{ a: 1 }, { a: "x,y", b: "z" }])).toBe('a,b\n1,\n"x,y",z\n');
  });
});

describe("outputs shape", () => {
  const report: InitializationReport = {
    pages: 1,
    calls: 1,
    structureInitializationDetails: [
      { sourceOwnerDbName: "db", destinationOwnerDbName: "db", objectName: "a", objectType: "Table", status: "Finished", constraints: [] },
      { sourceOwnerDbName: "db", destinationOwnerDbName: "db", objectName: "idx", objectType: "Index", status: "Finished", constraints: [] },
    ],
    dataInitializationDetails: [
      { sourceOwnerDbName: "db", destinationOwnerDbName: "db", tableName: "a", status: "Finished", finishRowNum: 1, totalRowNum: 1, usedTime: 0 },
      {
        sourceOwnerDbName: "db",
        destinationOwnerDbName: "db",
        tableName: "b",
        status: "Failed",
        finishRowNum: 0,
        totalRowNum: 1,
        usedTime: 0,
        errorMessage: "x",
      },
    ],
  };
  const failed = [{ sourceDb: "db", destinationDb: "db", table: "b", phase: "dataInitialization" as const, status: "Failed", errorMessage: "x" }];

  test("tables are counted once per db.table (structure Table rows and data rows), indexes ignored", () => {
    expect(countTables(report, failed)).toEqual({ total: 2, finished: 1, failed: 1 });
    expect(countTables(undefined, [])).toEqual({ total: 0, finished: 0, failed: 0 });
  });

  test("buildOutputs maps the typed status; no status -> Unknown and NotStarted phases", () => {
    const out = buildOutputs({
      taskId: "t",
      status: status({
        precheck: {
          status: "Failed",
          percent: 100,
          items: [{ itemName: "CHECK_AUTH_DEST", checkStatus: "Failed", errorMessage: "denied", repairMethod: "FIX" }],
        },
      }),
      startedAt: 0,
      finishedAt: 1000,
      polls: 3,
    });
    expect(out.precheck.failedItems).toEqual([{ name: "CHECK_AUTH_DEST", status: "Failed", errorMessage: "denied", repairMethod: "FIX" }]);
    expect(out.startedAt).toBe("1970-01-01T00:00:00.000Z");
    expect(out.finishedAt).toBe("1970-01-01T00:00:01.000Z");
    const none = buildOutputs({ taskId: "t", startedAt: 0, polls: 0 });
    expect(none.status).toBe("Unknown");
    expect("finishedAt" in none).toBe(false); // unfinished: no finishedAt, as in the provider's outputs
    expect(none.dataInitialization).toEqual({ status: "NotStarted", percent: 0, progress: 0 });
  });
});

describe("exit codes from waiter results", () => {
  const base = { failedItems: [], failedTables: [], observedErrors: {} };
  test.each([
    ["success", 0, { ...base, state: "success", endedBy: "task", final: status() }],
    ["success with failed tables", 2, { ...base, state: "success", endedBy: "task", final: status(), failedTables: [{}] }],
    ["failed phase", 1, { ...base, state: "failure", endedBy: "task", failedPhase: "dataInitialization", final: status() }],
    ["failed item", 1, { ...base, state: "failure", endedBy: "task", failedPhase: "precheck", failedItems: [{}], final: status() }],
    ["task Failed as a whole", 1, { ...base, state: "failure", endedBy: "task", final: status({ status: "Failed" }) }],
    ["API failure, no status", 5, { ...base, state: "failure", endedBy: "api", observedErrors: { "InvalidTaskId.NotFound": 1 } }],
    [
      "API failure after a good status",
      5,
      {
        ...base,
        state: "failure",
        endedBy: "api",
        final: status({ dataInitialization: { status: "Migrating", percent: 5, progress: 1 } }),
        observedErrors: { "Forbidden.RAM": 1 },
      },
    ],
    ["credential failure", 4, { ...base, state: "failure", endedBy: "api", observedErrors: { "InvalidAccessKeyId.NotFound": 1 } }],
    ["timeout with a status", 3, { ...base, state: "timeout", endedBy: "deadline", final: status() }],
    ["timeout with only errors", 5, { ...base, state: "timeout", endedBy: "deadline", observedErrors: { ECONNREFUSED: 3 } }],
    ["aborted", 130, { ...base, state: "aborted", endedBy: "abort" }],
  ])("%s -> %d", (_name, code, result) => {
    expect(exitCodeForResult(result as Parameters<typeof exitCodeForResult>[0])).toBe(code);
  });

  test("credential error codes", () => {
    expect(isCredentialErrorCode("SignatureDoesNotMatch")).toBe(true);
    expect(isCredentialErrorCode("InvalidAccessKeyId.NotFound")).toBe(true);
    expect(isCredentialErrorCode("Forbidden.RAM")).toBe(false);
    expect(isCredentialErrorCode("Throttling.User")).toBe(false);
  });
});

describe("plain progress", () => {
  test("one line per change, none for a repeated state, failed items once", () => {
    const lines: string[] = [];
    let t = 0;
    const p = new PlainProgress(
      (l) => lines.push(l),
      () => t,
    );
    p.start("task1", 90);
    const running = status({ dataInitialization: { status: "Migrating", percent: 50, progress: 5 } });
    p.update(running, 1);
    const count = lines.length;
    t = 5000;
    p.update(running, 2);
    expect(lines.length).toBe(count);
    const failed = status({
      status: "Failed",
      precheck: { status: "Failed", percent: 100, items: [{ itemName: "CHECK_X", checkStatus: "Failed", errorMessage: "bad", repairMethod: "R" }] },
    });
    p.update(failed, 3);
    p.update(failed, 4);
    expect(lines[0]).toBe("Waiting for task task1 (timeout 90s; Ctrl-C stops waiting, the task goes on)");
    expect(lines.filter((l) => l.includes("CHECK_X"))).toEqual(["[00:05] precheck item CHECK_X failed: bad (repair: R)"]);
    expect(lines).toContain("[00:05] task status: Failed (poll 3)");
    for (const l of lines) expect(l).not.toMatch(/[\x00-\x1f]/);
  });

  test("elapsed format", () => {
    expect(formatElapsed(0)).toBe("00:00");
    expect(formatElapsed(61_000)).toBe("01:01");
    expect(formatElapsed(3_723_000)).toBe("1:02:03");
  });
});

describe("terminal detection and redaction", () => {
  test("interactive only on a TTY, TERM != dumb, no CI", () => {
    expect(isInteractive({ isTTY: true }, { TERM: "xterm" })).toBe(true);
    expect(isInteractive({ isTTY: false }, { TERM: "xterm" })).toBe(false);
    expect(isInteractive({ isTTY: true }, { TERM: "dumb" })).toBe(false);
    expect(isInteractive({ isTTY: true }, { TERM: "xterm", CI: "true" })).toBe(false);
    expect(isInteractive({ isTTY: true }, { TERM: "xterm", CI: "" })).toBe(false);
  });

  test("secrets from the environment are replaced", () => {
    expect(redact("key=s3cr3t-value!", { ALIBABA_CLOUD_ACCESS_KEY_SECRET: "s3cr3t-value" })).toBe("key=***!");
    expect(redact("nothing here", {})).toBe("nothing here");
  });
});

describe("objects file", () => {
  test("typed and wire forms parse to the same typed objects", () => {
    const typed = parseObjectsText(JSON.stringify([{ dbName: "db", tableIncludes: [{ tableName: "t" }] }]), "f.json");
    const wire = parseObjectsText(JSON.stringify([{ DBName: "db", TableIncludes: [{ TableName: "t" }] }]), "f.json");
    expect(wire).toEqual(typed);
    expect(objectsForm([{ DBName: "x" }])).toBe("wire");
    expect(objectsForm([{ dbName: "x" }])).toBe("typed");
  });

  test("errors name the argument or the field", () => {
    expect(() => parseObjectsText("{nope", "f.json")).toThrow(UsageError);
    expect(() => parseObjectsText("{}", "f.json")).toThrow(/--objects <file>: f\.json must hold a JSON array/);
    expect(() => parseObjectsText("[]", "f.json")).toThrow(/at least one database/);
    expect(() => parseObjectsText(JSON.stringify([{ dbName: "db", newDbname: "x" }]), "f.json")).toThrow(/f\.json\[0\]/);
  });
});
