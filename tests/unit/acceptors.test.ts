/** The pure acceptor, tested with a table of replies. */
import { checkModifyStatus } from "../../sdk/waiting/sync-job-acceptors";
import { CONN_FAILED, DONE, status, type StatusSpec } from "./helpers/status";

const ok = (itemName: string) => ({ itemName, checkStatus: "Success" });

const table: [string, StatusSpec, "success" | "failure" | "retry", string | undefined][] = [
  ["all phases Finished, overall Migrating (incremental sync continues)", DONE, "success", undefined],
  ["all phases Finished, overall Finished", { ...DONE, status: "Finished" }, "success", undefined],
  ["nothing started yet", { status: "NotStarted" }, "retry", undefined],
  ["precheck running", { status: "Prechecking", precheck: "Migrating" }, "retry", undefined],
  ["structure running", { precheck: "Finished", structure: "Migrating" }, "retry", undefined],
  ["data running", { precheck: "Finished", structure: "Finished", data: "Migrating" }, "retry", undefined],
  [
    "overall Finished but data not Finished: not done",
    { status: "Finished", precheck: "Finished", structure: "Finished", data: "Migrating" },
    "retry",
    undefined,
  ],
  ["precheck Failed", { precheck: "Failed", items: [CONN_FAILED] }, "failure", "precheck"],
  ["a precheck item Failed while precheck still runs", { precheck: "Migrating", items: [ok("CHECK_SRC"), CONN_FAILED] }, "failure", "precheck"],
  ["overall PrecheckFailed without items", { status: "PrecheckFailed", precheck: "Finished", errorMessage: "precheck did not pass" }, "failure", "precheck"],
  [
    "structure Failed",
    { precheck: "Finished", structure: "Failed", structureError: "DTS-1020042 Execute sql error sql: Table 'customer' already exists" },
    "failure",
    "structureInitialization",
  ],
  [
    "data Failed",
    { precheck: "Finished", structure: "Finished", data: "Failed", dataError: 'java.lang.NumberFormatException: For input string: ""' },
    "failure",
    "dataInitialization",
  ],
  [
    "overall Failed with phases unfinished",
    { status: "Failed", precheck: "Finished", errorMessage: "DTS-070211: Connect Source DB failed" },
    "failure",
    undefined,
  ],
  ["unknown overall status", { ...DONE, status: "Rebalancing", data: "Migrating" }, "retry", undefined],
  ["unknown phase status", { precheck: "Finished", structure: "Finished", data: "Paused" }, "retry", undefined],
  ["unknown item CheckStatus", { precheck: "Migrating", items: [{ itemName: "CHECK_NEW", checkStatus: "Skipped" }] }, "retry", undefined],
  ["precheck item Warning does not fail", { ...DONE, items: [{ itemName: "CHECK_SQL_MODE", checkStatus: "Warning" }] }, "success", undefined],
];

describe("checkModifyStatus", () => {
  it.each(table)("%s -> %s", (_name, spec, state, failedPhase) => {
    const verdict = checkModifyStatus(status(spec));
    expect(verdict.state).toBe(state);
    expect(verdict.failedPhase).toBe(failedPhase);
    expect(verdict.reason.length).toBeGreaterThan(0);
  });

  it("lists failed precheck items with ItemName, ErrorMessage and RepairMethod", () => {
    const verdict = checkModifyStatus(status({ precheck: "Failed", items: [ok("CHECK_SRC"), CONN_FAILED] }));
    expect(verdict.failedItems).toEqual([CONN_FAILED]);
    expect(verdict.reason).toContain("CHECK_CONN_SRC");
    expect(verdict.reason).toContain(CONN_FAILED.errorMessage);
    expect(verdict.reason).toContain(CONN_FAILED.repairMethod);
  });

  it("puts the failed phase's ErrorMessage in the reason", () => {
    const verdict = checkModifyStatus(status({ precheck: "Finished", structure: "Failed", structureError: "Table 'customer' already exists" }));
    expect(verdict.reason).toBe("structure initialization Failed: Table 'customer' already exists");
  });

  it("says why success is judged per phase when the overall status is still Migrating", () => {
    expect(checkModifyStatus(status(DONE)).reason).toMatch(/overall status Migrating/);
  });

  it("reports progress on retry", () => {
    expect(checkModifyStatus(status({ precheck: "Finished", structure: "Migrating" })).reason).toBe(
      "status Migrating: precheck Finished 100%, structure initialization Migrating 50%, data initialization NotStarted 0%",
    );
  });
});
