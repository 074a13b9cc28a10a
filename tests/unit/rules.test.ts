/**
 * One rule, one place: each rule that two faces (provider, CLI, SDK messages, emulator) apply lives once in `sdk/`
 * (or `provider/synchronization-object-modification/keys.ts` for the provider's own two users); these tests pin that both faces use it.
 */
import { checkModifyStatus, percentLine, phasesFinished } from "../../sdk/waiting/sync-job-acceptors";
import { compact } from "../../sdk/compact";
import { decodeResponse } from "../../sdk/wire/decode";
import { jobStatusOutputs } from "../../sdk/reports/sync-job-outputs";
import { SECRET_ENV_VARIABLES } from "../../sdk/client/credentials";
import { failedTableLine, formatFailure } from "../../sdk/waiting/format";
import { redact, redactSecrets } from "../../sdk/errors/redact";
import { CLIENT_TOKEN_PATTERN, REGION_ID_PATTERN } from "../../sdk/rules";
import type { FailedTable } from "../../sdk/types";
import type { WaiterResult } from "../../sdk/waiting/sync-job-waiter";
import { render } from "../../emulator/render";
import { RegionId } from "../../cli/options";
import { redact as cliRedact } from "../../cli/output";
import { checkInputs, REPLACE_KEYS } from "../../provider/synchronization-object-modification/inputs";
import { nextTokenSalt } from "../../provider/synchronization-object-modification/token";
import { outputsSucceeded } from "../../provider/synchronization-object-modification/outputs";
import { compact as providerCompact } from "../../provider/shared/canonical";
import { status } from "./helpers/status";

const VALID = { synchronizationJobId: "dtsi76118o3w92****", synchronizationObjects: [{ DBName: "db" }] };

function providerRegionError(regionId: string): string | undefined {
  return checkInputs(undefined, { ...VALID, regionId }).failures.find((f) => f.property === "regionId")?.reason;
}

describe("region id: one pattern for provider and CLI", () => {
  it.each(["cn-hangzhou", "ap-southeast-1", "cn-shanghai-finance-1"])("accepts %s on both faces", (region) => {
    expect(REGION_ID_PATTERN.test(region)).toBe(true);
    expect(RegionId.safeParse(region).success).toBe(true);
    expect(providerRegionError(region)).toBeUndefined();
  });

  it.each(["cn-hangzhou-", "cn--hangzhou", "cn", "CN-HANGZHOU", "c-hangzhou"])("refuses %s on both faces", (region) => {
    expect(REGION_ID_PATTERN.test(region)).toBe(false);
    expect(RegionId.safeParse(region).success).toBe(false);
    expect(providerRegionError(region)).toMatch(/region id/);
  });
});

describe("ClientToken: one pattern for the SDK client and the CLI", () => {
  it("takes 1..64 printable ASCII characters and nothing else", () => {
    expect(CLIENT_TOKEN_PATTERN.test("a")).toBe(true);
    expect(CLIENT_TOKEN_PATTERN.test("x".repeat(64))).toBe(true);
    expect(CLIENT_TOKEN_PATTERN.test("")).toBe(false);
    expect(CLIENT_TOKEN_PATTERN.test("x".repeat(65))).toBe(false);
    expect(CLIENT_TOKEN_PATTERN.test("tök")).toBe(false);
    expect(CLIENT_TOKEN_PATTERN.test("a\nb")).toBe(false);
  });
});

describe("replace keys: the ClientToken salt follows exactly the inputs that replace", () => {
  const base = {
    synchronizationJobId: "j",
    synchronizationObjects: "[]",
    synchronizationDirection: "Forward",
    adoptTaskId: "t",
    revision: "1",
    __tokenSalt: "s",
  };
  it.each(REPLACE_KEYS.map((k) => [k]))("a change of %s changes the salt", (key) => {
    expect(nextTokenSalt(base, { ...base, [key]: "changed" })).not.toBe("s");
  });
  it.each([["wait"], ["failOn"], ["regionId"], ["endpoint"]])("a change of %s keeps it", (key) => {
    expect(nextTokenSalt(base, { ...base, [key]: "changed" })).toBe("s");
  });
});

describe("redaction: one rule for SDK messages and CLI output", () => {
  it("redactSecrets replaces every secret of 4+ characters", () => {
    expect(redactSecrets("a s3cr3t b s3cr3t c abc", ["s3cr3t", "abc", undefined])).toBe("a *** b *** c abc");
  });
  it("the SDK's redact also strips pop-core's URL suffix and signed parameters", () => {
    expect(redact("x, URL: https://dts.aliyuncs.com/?AccessKeyId=AK&Signature=abc")).toBe("x");
    expect(redact("sign AccessKeyId=LTAIabc&x=1 s3cr3t", ["s3cr3t"])).toBe("sign AccessKeyId=***&x=1 ***");
  });
  it("the CLI's redact blanks the values of the SDK's secret variables", () => {
    expect(SECRET_ENV_VARIABLES).toEqual(["ALIBABA_CLOUD_ACCESS_KEY_SECRET", "ALIBABA_CLOUD_SECURITY_TOKEN", "ALICLOUD_SECRET_KEY", "ALICLOUD_SECURITY_TOKEN"]);
    const env = Object.fromEntries(SECRET_ENV_VARIABLES.map((name, i) => [name, `secret-${i}`]));
    expect(cliRedact("secret-0 secret-1 secret-2 secret-3 ALIBABA_CLOUD_ACCESS_KEY_ID", env)).toBe("*** *** *** *** ALIBABA_CLOUD_ACCESS_KEY_ID");
  });
});

describe("compact: one copy-without-undefined for the provider's state and the emulator's bodies", () => {
  it("drops undefined members at any depth, keeps null", () => {
    expect(compact({ a: 1, b: undefined, c: { d: undefined, e: null }, f: [{ g: undefined, h: 2 }] })).toEqual({ a: 1, c: { e: null }, f: [{ h: 2 }] });
    expect(providerCompact).toBe(compact);
  });
  it("the emulator's JSON body leaves undefined fields out", () => {
    expect(render({ A: 1, B: undefined, C: { D: undefined, E: "x" } }, "JSON", "R").body).toBe('{"A":1,"C":{"E":"x"}}');
  });
});

describe("percentLine: one format for the acceptor's reason and the provider's progress lines", () => {
  it("names each phase with its status and percent", () => {
    const s = status({ precheck: "Finished", structure: "Migrating", data: "NotStarted" });
    expect(percentLine(s)).toBe("precheck Finished 100%, structure initialization Migrating 50%, data initialization NotStarted 0%");
    expect(checkModifyStatus({ ...s, status: "Migrating" }).reason).toBe(`status Migrating: ${percentLine(s)}`);
  });
});

describe("failed-table lines: one format for waiter messages and the provider's failed-tables error", () => {
  it("formats one table and formatFailure uses it", () => {
    const t: FailedTable = { sourceDb: "src", table: "customer", destinationDb: "dst", phase: "dataInitialization", status: "Failed", errorMessage: "boom" };
    expect(failedTableLine(t)).toBe("  src.customer -> dst (data initialization): boom");
    expect(failedTableLine({ ...t, errorMessage: "" })).toBe("  src.customer -> dst (data initialization): Failed");
    const result: WaiterResult = {
      state: "success",
      endedBy: "task",
      reason: "done",
      taskId: "t",
      polls: 1,
      elapsedMs: 0,
      failedItems: [],
      failedTables: [t],
      observedErrors: {},
    };
    expect(formatFailure(result).split("\n")).toContain(failedTableLine(t));
  });
});

describe("outputs of a change that started no task: one rule for the provider and the CLI", () => {
  const job = decodeResponse("DescribeSynchronizationJobStatus", {
    RequestId: "r",
    Status: "synchronizing",
    SynchronizationJobId: "dtsx",
    SynchronizationObjects: [{ SchemaName: "db" }],
    PrecheckStatus: { Status: "Success", Percent: "100", Detail: [] },
    StructureInitializationStatus: { Status: "Finished", Percent: "100", Progress: "2" },
    DataInitializationStatus: { Status: "Finished", Percent: "100", Progress: "20" },
  });
  const base = { job, note: "No task started", startedAt: 0, now: 5000, polls: 2 };

  it("reports the job's phases without a TaskId, finished when they ended", () => {
    const { outputs, verdict, failedTables } = jobStatusOutputs({ ...base, tablesLeftOut: "tables left out: x" });
    expect(verdict.state).toBe("success");
    expect(failedTables).toEqual([]);
    expect(outputs).toMatchObject({
      source: "job",
      note: "No task started",
      tablesLeftOut: "tables left out: x",
      finishedAt: "1970-01-01T00:00:05.000Z",
      polls: 2,
    });
    expect("taskId" in outputs).toBe(false);
  });

  it("sets no finish time when the phases may not be this change's", () => {
    const { outputs } = jobStatusOutputs({ ...base, phasesAreThisChange: false, tablesLeftOut: "x" });
    expect("finishedAt" in outputs).toBe(false);
  });
});

describe("done: one rule for the acceptor and the provider's stored outputs", () => {
  it.each([
    ["Finished", "Finished", "Finished", true],
    ["Finished", "Finished", "Migrating", false],
    ["Finished", "NotStarted", "Finished", false],
    ["Migrating", "Finished", "Finished", false],
  ] as const)("precheck %s, structure %s, data %s -> %s", (pre, structure, data, done) => {
    const s = status({ precheck: pre, structure, data });
    expect(phasesFinished(s)).toBe(done);
    expect(checkModifyStatus(s).state === "success").toBe(done);
    const outputs = {
      finishedAt: "1970-01-01T00:00:00.000Z",
      precheck: { status: pre },
      structureInitialization: { status: structure },
      dataInitialization: { status: data },
      failedTables: [],
    };
    expect(outputsSucceeded(outputs as unknown as Parameters<typeof outputsSucceeded>[0], undefined)).toBe(done);
  });
});
