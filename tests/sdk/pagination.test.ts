/** Pagination of DescribeInitializationStatus against a fake describe function (no total count, short page ends). */
import { listAllInitializationPages, type PageFetcher } from "../../sdk/client/pagination";
import type { DataInitializationDetail, InitializationStatusPage, StructureInitializationDetail } from "../../sdk/types";

const dataRow = (i: number): DataInitializationDetail => ({
  sourceOwnerDbName: "db",
  destinationOwnerDbName: "db",
  tableName: `t${i}`,
  status: "Finished",
  finishRowNum: i,
  totalRowNum: i,
  usedTime: 0,
});
const structRow = (i: number): StructureInitializationDetail => ({
  sourceOwnerDbName: "db",
  destinationOwnerDbName: "db",
  objectName: `s${i}`,
  objectType: "Table",
  status: "Finished",
  constraints: [],
});

/** Lets pages settle out of order: later pages take fewer microtask turns than earlier ones. */
async function jitter(pageNum: number): Promise<void> {
  for (let i = 0; i < 7 - (pageNum % 7); i++) await Promise.resolve();
}

function fakeDescribe(dataRows: number, structRows = 0, fail: (pageNum: number) => boolean = () => false) {
  const log = { calls: [] as number[], inFlight: 0, maxInFlight: 0 };
  const fetch: PageFetcher = async (pageNum, pageSize) => {
    log.calls.push(pageNum);
    log.inFlight++;
    log.maxInFlight = Math.max(log.maxInFlight, log.inFlight);
    await jitter(pageNum);
    log.inFlight--;
    if (fail(pageNum)) throw new Error(`page ${pageNum} failed`);
    const from = (pageNum - 1) * pageSize;
    const page: InitializationStatusPage = {
      requestId: `r${pageNum}`,
      dataInitializationDetails: Array.from({ length: Math.max(0, Math.min(pageSize, dataRows - from)) }, (_, k) => dataRow(from + k)),
      structureInitializationDetails: Array.from({ length: Math.max(0, Math.min(pageSize, structRows - from)) }, (_, k) => structRow(from + k)),
      dataSynchronizationDetails: [],
    };
    return page;
  };
  return { fetch, log };
}

function expectExactly(rows: { tableName: string }[], n: number): void {
  expect(rows).toHaveLength(n);
  expect(new Set(rows.map((r) => r.tableName)).size).toBe(n);
  for (const [i, r] of rows.entries()) expect(r.tableName).toBe(`t${i}`);
}

describe("listAllInitializationPages", () => {
  it.each([
    // rows, pageSize, pages holding data, most calls allowed
    [0, 100, 0, 1],
    [1, 100, 1, 1],
    [100, 100, 1, 3], // page 1 is full, so pages 2 and 3 are read at once (slow start: window 2)
    [101, 100, 2, 3],
    [30, 30, 1, 3],
    [299, 30, 10, 14],
  ])("%i rows at pageSize %i: every row once, in order", async (rows, pageSize, pages, maxCalls) => {
    const { fetch, log } = fakeDescribe(rows);
    const report = await listAllInitializationPages(fetch, { pageSize, concurrency: 4 });
    expectExactly(report.dataInitializationDetails, rows);
    expect(report.pages).toBe(pages);
    expect(report.calls).toBe(log.calls.length);
    expect(log.calls.length).toBeLessThanOrEqual(maxCalls);
    expect(new Set(log.calls).size).toBe(log.calls.length); // no page requested twice
  });

  it("10 000 rows: no duplicate, no gap, order kept, bounded window and calls", async () => {
    const { fetch, log } = fakeDescribe(10_000);
    const report = await listAllInitializationPages(fetch, { pageSize: 100, concurrency: 4 });
    expectExactly(report.dataInitializationDetails, 10_000);
    expect(report.pages).toBe(100);
    expect(log.maxInFlight).toBeLessThanOrEqual(4);
    expect(log.maxInFlight).toBe(4); // it does fetch ahead
    // 100 full pages + the empty 101st, plus at most concurrency-1 speculative pages past it.
    expect(log.calls.length).toBeGreaterThanOrEqual(101);
    expect(log.calls.length).toBeLessThanOrEqual(104);
  });

  it("a page is full when either array is: structure rows continue the listing", async () => {
    const { fetch } = fakeDescribe(30, 150);
    const report = await listAllInitializationPages(fetch, { pageSize: 100, concurrency: 2 });
    expect(report.structureInitializationDetails.map((r) => r.objectName)).toEqual(Array.from({ length: 150 }, (_, i) => `s${i}`));
    expectExactly(report.dataInitializationDetails, 30);
    expect(report.pages).toBe(2);
  });

  it("concurrency 1 reads strictly one page after another", async () => {
    const { fetch, log } = fakeDescribe(250);
    await listAllInitializationPages(fetch, { pageSize: 100, concurrency: 1 });
    expect(log.calls).toEqual([1, 2, 3]);
    expect(log.maxInFlight).toBe(1);
  });

  it("ignores a failure of a speculative page past the end", async () => {
    const { fetch } = fakeDescribe(150, 0, (n) => n >= 3);
    const report = await listAllInitializationPages(fetch, { pageSize: 100, concurrency: 4 });
    expectExactly(report.dataInitializationDetails, 150);
  });

  it("rejects with the failure of a page before the end and stops launching", async () => {
    const { fetch, log } = fakeDescribe(5_000, 0, (n) => n === 5);
    await expect(listAllInitializationPages(fetch, { pageSize: 100, concurrency: 4 })).rejects.toThrow("page 5 failed");
    expect(log.calls.length).toBeLessThanOrEqual(12);
  });

  it("rejects a synchronous throw of the fetcher", async () => {
    await expect(
      listAllInitializationPages(() => {
        throw new Error("sync boom");
      }),
    ).rejects.toThrow("sync boom");
  });

  it("rejects a page size outside the API's 1..100", async () => {
    await expect(listAllInitializationPages(fakeDescribe(1).fetch, { pageSize: 101 })).rejects.toThrow(/pageSize/);
  });
});
