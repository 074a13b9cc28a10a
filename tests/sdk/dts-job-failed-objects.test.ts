/**
 * The failed objects of a DtsJob change (`DescribePreCheckStatus`, JobCodes 02/03) are read page by page, bounded
 * (issue 30): every page up to `TotalRecordCount` or a short page, at most `FAILED_OBJECT_MAX_PAGES` per JobCode (a
 * cap reached is said, never taken as a complete list), a page repeating the one before stopped, the whole read
 * within the time it is given. `checkFailedObjects` turns what could not be read after a success into "not checked".
 */
import { isDtsPaginationError, isDtsTimeoutError } from "../../sdk/errors/errors";
import { OBJECTS_NOT_CHECKED } from "../../sdk/errors/tables-not-checked";
import { checkFailedObjects, FAILED_OBJECT_MAX_PAGES, FAILED_OBJECT_PAGE_SIZE, readFailedObjects } from "../../sdk/waiting/dts-job-waiter";
import { readAllFailedObjects } from "../../sdk/waiting/dts-job-initialization-waiter";
import type { DtsJobProgressItem, PreCheckStatusPage } from "../../sdk/wire/dts-job-types";

type Call = { dtsJobId: string; jobCode: string; pageNo?: number; pageSize?: number; maxTimeMs?: number };

/** A fake `describePreCheckStatus` over `rows` per JobCode (paged as DTS pages), recording every call. */
function lister(rows: Record<string, DtsJobProgressItem[]>, opts: { total?: boolean; page?: (c: Call) => PreCheckStatusPage | undefined } = {}) {
  const calls: Call[] = [];
  const describePreCheckStatus = async (
    input: { dtsJobId: string; jobCode: string; pageNo?: number; pageSize?: number },
    callOptions?: { maxTimeMs?: number },
  ): Promise<PreCheckStatusPage> => {
    const call = { ...input, ...(callOptions?.maxTimeMs !== undefined ? { maxTimeMs: callOptions.maxTimeMs } : {}) };
    calls.push(call);
    const custom = opts.page?.(call);
    if (custom) return custom;
    const all = rows[input.jobCode] ?? [];
    const size = input.pageSize ?? 20;
    const from = ((input.pageNo ?? 1) - 1) * size;
    return { requestId: "R", jobProgress: all.slice(from, from + size), ...(opts.total !== false ? { totalRecordCount: all.length } : {}) };
  };
  return { client: { describePreCheckStatus }, calls };
}

const items = (n: number, failedAt: number[] = [], prefix = "t"): DtsJobProgressItem[] =>
  Array.from({ length: n }, (_, i) => ({ item: "CHECK_DATA", names: `db.${prefix}${i}`, state: failedAt.includes(i) ? "Failed" : "Finished" }));

it("reads every page of each JobCode: failed objects past the first page of 50 are found", async () => {
  const { client, calls } = lister({ "02": items(120, [3, 110]), "03": items(51, [50], "d") });
  const read = await readFailedObjects(client, { dtsJobId: "job1", subJobId: "sub1", jobCodes: ["02", "03"] });
  expect(read.error).toBeUndefined();
  expect(read.truncated).toBeUndefined();
  expect(read.failedObjects.map((o) => o.names)).toEqual(["db.t3", "db.t110", "db.d50"]);
  // 120 rows: pages 1..3 (TotalRecordCount reached); 51 rows: pages 1..2. The subtask's ID, PageSize 50.
  expect(calls.map((c) => `${c.jobCode}:${c.pageNo}`)).toEqual(["02:1", "02:2", "02:3", "03:1", "03:2"]);
  expect(calls.every((c) => c.dtsJobId === "sub1" && c.pageSize === FAILED_OBJECT_PAGE_SIZE)).toBe(true);
});

it("without TotalRecordCount, a short page ends the listing", async () => {
  const { client, calls } = lister({ "02": items(100, [99]) }, { total: false });
  const read = await readFailedObjects(client, { dtsJobId: "job1", jobCodes: ["02"] });
  expect(read.failedObjects.map((o) => o.names)).toEqual(["db.t99"]);
  // Pages 1 and 2 full, page 3 empty: the end.
  expect(calls.map((c) => c.pageNo)).toEqual([1, 2, 3]);
});

it("a listing longer than the cap stops at FAILED_OBJECT_MAX_PAGES pages and says which JobCode was cut", async () => {
  const n = (FAILED_OBJECT_MAX_PAGES + 5) * FAILED_OBJECT_PAGE_SIZE;
  const { client, calls } = lister({ "02": items(n), "03": items(2) });
  const read = await readFailedObjects(client, { dtsJobId: "job1", jobCodes: ["02", "03"] });
  expect(read.truncated).toBe("02");
  expect(calls.filter((c) => c.jobCode === "02")).toHaveLength(FAILED_OBJECT_MAX_PAGES);
  expect(calls.filter((c) => c.jobCode === "03")).toHaveLength(1);

  // After a success, a cut listing with no failed object seen is not checked (never "none failed") ...
  const none = await checkFailedObjects(lister({ "02": items(n) }).client, { dtsJobId: "job1", jobCodes: ["02", "03"], succeeded: true });
  expect(none.failedObjects).toEqual([]);
  expect(isDtsPaginationError(none.error)).toBe(true);
  expect(none.failedObjectsNotChecked).toMatch(
    new RegExp(
      `^${OBJECTS_NOT_CHECKED}: DescribePreCheckStatus failed \\(PaginationRefused: DescribePreCheckStatus lists more than ${FAILED_OBJECT_MAX_PAGES} pages of ${FAILED_OBJECT_PAGE_SIZE} items for JobCode 02.*Fix: the endpoint's reply was refused by a bound`,
    ),
  );
  // ... and one with failed objects reports them and says the list is cut.
  const some = await checkFailedObjects(lister({ "02": items(n, [7]) }).client, { dtsJobId: "job1", jobCodes: ["02"], succeeded: true });
  expect(some.failedObjects.map((o) => o.names)).toEqual(["db.t7"]);
  expect(some.failedObjectsNotChecked).toBeUndefined();
  expect(some.failedObjectsError).toMatch(/^only part of the list was read: DescribePreCheckStatus lists more than 20 pages/);
});

it("the initialization reader is the same pager (truncated as a flag)", async () => {
  const n = (FAILED_OBJECT_MAX_PAGES + 1) * FAILED_OBJECT_PAGE_SIZE;
  const { client, calls } = lister({ "03": items(n, [1]) });
  const read = await readAllFailedObjects(client, { dtsJobId: "job1", jobCodes: ["03"] });
  expect(read.truncated).toBe(true);
  expect(read.failedObjects).toHaveLength(1);
  expect(calls).toHaveLength(FAILED_OBJECT_MAX_PAGES);
});

it("an endpoint answering the same full page for every PageNo is stopped at page 2 of each JobCode, not read to the cap", async () => {
  const same = items(FAILED_OBJECT_PAGE_SIZE, [0]);
  const { client, calls } = lister({}, { page: () => ({ requestId: "R", jobProgress: same, totalRecordCount: 100000 }) });
  const check = await checkFailedObjects(client, { dtsJobId: "job1", jobCodes: ["02", "03"], succeeded: true });
  expect(calls.map((c) => `${c.jobCode}:${c.pageNo}`)).toEqual(["02:1", "02:2", "03:1", "03:2"]);
  expect(isDtsPaginationError(check.error)).toBe(true);
  // The last error is kept (each code's paging ends on its own).
  expect(check.error?.message).toMatch(/page 2 of JobCode 03 repeats page 1 row for row/);
  expect(check.failedObjectsNotChecked).toMatch(/^failed objects not checked: DescribePreCheckStatus failed \(PaginationRefused: /);
});

it("the whole read stays within maxTimeMs: each call gets what is left (at most 5 s), and a spent budget is a timeout", async () => {
  let t = 0;
  const { client, calls } = lister({ "02": items(500) }, { page: () => undefined });
  const timed = {
    describePreCheckStatus: async (input: Parameters<typeof client.describePreCheckStatus>[0], o?: { maxTimeMs?: number }) => {
      t += 3000; // each call takes 3 s on the injected clock
      return client.describePreCheckStatus(input, o);
    },
  };
  const check = await checkFailedObjects(timed, { dtsJobId: "job1", jobCodes: ["02"], succeeded: true, maxTimeMs: 7000, now: () => t });
  expect(calls.map((c) => c.maxTimeMs)).toEqual([5000, 4000, 1000]);
  expect(isDtsTimeoutError(check.error)).toBe(true);
  expect(check.failedObjectsNotChecked).toMatch(
    /^failed objects not checked: DescribePreCheckStatus failed \(RequestTimeout: .*time bound was spent before page 4/,
  );
});

it("a refused code ends that code's paging only: the next code is still asked", async () => {
  const { client, calls } = lister(
    { "03": items(3, [2]) },
    {
      page: (c) => {
        if (c.jobCode === "02") throw Object.assign(new Error("denied"), { code: "Forbidden.RAM" });
        return undefined;
      },
    },
  );
  const read = await readFailedObjects(client, { dtsJobId: "job1", jobCodes: ["02", "03"] });
  expect(calls.map((c) => `${c.jobCode}:${c.pageNo}`)).toEqual(["02:1", "03:1"]);
  expect(read.failedObjects.map((o) => o.names)).toEqual(["db.t2"]);
  expect(read.error?.message).toMatch(/denied/);
});

it("after a failure (not a success) an unreadable list is an error, not 'not checked'", async () => {
  const client = {
    describePreCheckStatus: async (): Promise<PreCheckStatusPage> => {
      throw new Error("boom");
    },
  };
  const check = await checkFailedObjects(client, { dtsJobId: "job1", failedPhase: "precheck", succeeded: false });
  expect(check.failedObjectsError).toMatch(/boom/);
  expect(check.failedObjectsNotChecked).toBeUndefined();
});
