/** formatFailure: the message people read. */
import { checkModifyStatus } from "../../sdk/waiting/sync-job-acceptors";
import { formatFailure, waitSubject } from "../../sdk/waiting/format";
import type { WaiterResult } from "../../sdk/waiting/sync-job-waiter";
import type { DtsJobWaiterResult } from "../../sdk/waiting/waiter-types";
import { CONN_FAILED, status } from "./helpers/status";

const base: WaiterResult = {
  state: "failure",
  endedBy: "task",
  reason: "r",
  taskId: "task-1",
  polls: 3,
  elapsedMs: 61_000,
  failedItems: [],
  failedTables: [],
  observedErrors: {},
};

describe("formatFailure", () => {
  it("lists each failed precheck item as ITEM: ErrorMessage (repair: RepairMethod)", () => {
    const text = formatFailure({ ...base, failedPhase: "precheck", failedItems: [CONN_FAILED, { itemName: "CHECK_ENGINE", checkStatus: "Failed" }] });
    expect(text.split("\n")).toEqual([
      "Modification task task-1 failed in precheck: 2 check items failed:",
      `  CHECK_CONN_SRC: ${CONN_FAILED.errorMessage} (repair: CHECK_ERROR_DEST_CONN_REPAIR2)`,
      "  CHECK_ENGINE: failed",
      "(3 polls, 61s)",
    ]);
  });

  it("names a single failed item once, with the real acceptor's reason", () => {
    const result = checkModifyStatus(status({ precheck: "Failed", items: [CONN_FAILED] }));
    const text = formatFailure({ ...base, failedPhase: "precheck", failedItems: result.failedItems, reason: result.reason });
    expect(text.split("\n")[0]).toBe("Modification task task-1 failed in precheck: 1 check item failed:");
    expect(text.split("CHECK_CONN_SRC").length - 1).toBe(1);
    expect(text).toContain("(repair: CHECK_ERROR_DEST_CONN_REPAIR2)");
  });

  it("adds the failed phase's ErrorMessage when the reason lacks it", () => {
    const final = status({ precheck: "Finished", structure: "Failed", structureError: "Table 'customer' already exists" });
    const text = formatFailure({ ...base, failedPhase: "structureInitialization", final, reason: "structure initialization Failed" });
    expect(text).toContain("  structure initialization: Table 'customer' already exists");
  });

  it("states a timeout with the errors seen while polling", () => {
    const text = formatFailure({ ...base, state: "timeout", reason: "not finished within 60s", observedErrors: { "Throttling.User": 4, ECONNRESET: 1 } });
    expect(text).toContain("Modification task task-1 timed out: not finished within 60s");
    expect(text).toContain("Errors while polling: Throttling.User x4, ECONNRESET x1");
  });

  it("summarizes success and abort in one line each (plus counts)", () => {
    expect(formatFailure({ ...base, state: "success", reason: "done", polls: 1, elapsedMs: 0 })).toBe("Modification task task-1 finished: done\n(1 poll, 0s)");
    expect(formatFailure({ ...base, state: "aborted", reason: "aborted after 3 polls" }).split("\n")[0]).toBe(
      "Modification task task-1: wait aborted after 3 polls",
    );
  });

  it("mentions a failed table listing", () => {
    expect(formatFailure({ ...base, reportError: "InvalidJobId.NotFound: no job" })).toContain(
      "Failed tables could not be listed: InvalidJobId.NotFound: no job",
    );
  });
});

describe("formatFailure of a DtsJob wait", () => {
  // `taskId` holds the DtsJobId there: the message names the job, and the subtask once one was judged.
  const dtsBase: DtsJobWaiterResult = { ...base, taskId: "l3m1213ye7l", sawModification: true, failedObjects: [] };

  it("names the job and the subtask, not a modification task", () => {
    const text = formatFailure({ ...dtsBase, subJobId: "m4n2324zf8m", failedPhase: "precheck", failedItems: [CONN_FAILED], reason: "precheck Failed" });
    expect(text.split("\n")[0]).toBe("Modification of DTS job l3m1213ye7l (subtask m4n2324zf8m) failed in precheck: 1 check item failed:");
    expect(text).not.toContain("Modification task");
    // The check items are the failed objects of a precheck: listed once.
    expect(text.split("CHECK_CONN_SRC").length - 1).toBe(1);
  });

  it("names the job alone when no subtask was seen (timeout, success on quiet replies)", () => {
    expect(formatFailure({ ...dtsBase, state: "timeout", reason: "not finished within 60s" }).split("\n")[0]).toBe(
      "Modification of DTS job l3m1213ye7l timed out: not finished within 60s",
    );
    expect(waitSubject({ ...dtsBase, state: "success" })).toBe("Modification of DTS job l3m1213ye7l");
    // The old API's wording is unchanged.
    expect(waitSubject(base)).toBe("Modification task task-1");
  });

  it("lists the failed objects of a structure or data failure, and says when they could not be read", () => {
    const failed = formatFailure({
      ...dtsBase,
      subJobId: "m4n2324zf8m",
      failedPhase: "dataInitialization",
      reason: "data initialization Failed",
      failedObjects: [
        { item: "DATA_INIT", names: "customer", state: "Failed", errMsg: "java.lang.NumberFormatException", sourceSchema: "shop", destSchema: "shop" },
      ],
    });
    expect(failed).toContain("Failed objects (1):\n  customer [shop -> shop]: java.lang.NumberFormatException");
    const unread = formatFailure({ ...dtsBase, failedPhase: "dataInitialization", failedObjectsError: "Throttling.User: slow down" });
    expect(unread).toContain("Failed objects could not be read: Throttling.User: slow down");
  });
});
