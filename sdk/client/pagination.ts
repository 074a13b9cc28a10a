/**
 * Every page of `DescribeInitializationStatus`. The API returns no total count, so the end is found by reading:
 * a page is full when any of its arrays holds `pageSize` rows, and the first page that is not full is the last.
 *
 * Pages are fetched concurrently in a bounded window that grows like TCP slow start (1, 2, 4, ... up to
 * `concurrency`): a small job (the common case) costs one call, a large one quickly has `concurrency` requests in
 * flight. Pages requested speculatively past the end come back empty and are discarded. Each page number is
 * requested once, and the result is assembled in page order, so no row is duplicated or skipped by the listing.
 *
 * Bounded against an endpoint that never ends the listing: a page identical to the page before it (a server that
 * ignores `PageNum` and answers page 1 for every page) ends the listing with {@link DtsPaginationError}, and so does
 * going past {@link MAX_INITIALIZATION_PAGES} pages. Rows are appended one by one, never spread into `push(...)`,
 * whose argument count the server would control.
 */
import type { InitializationReport, InitializationStatusPage } from "../types";
import { DtsPaginationError } from "../errors/errors";

/**
 * Most pages read for one listing: 1000 pages of 100 rows, 100 000 tables, far beyond a real job (DTS jobs hold
 * hundreds to a few thousand tables). A listing that needs more is refused, not read without end.
 */
export const MAX_INITIALIZATION_PAGES = 1000;

/**
 * Options of `listInitializationDetails`.
 *
 * @example
 * ```ts
 * await client.listInitializationDetails(jobId, { pageSize: 100, concurrency: 4 });
 * ```
 */
export interface ListInitializationOptions {
  /**
   * Rows per page, 1..100 (the API's limit).
   * @default 100
   */
  pageSize?: number;
  /**
   * Most pages in flight at once.
   * @default 4
   */
  concurrency?: number;
  /**
   * Most pages read; one more ends the listing with a `DtsPaginationError`.
   * @default 1000 (`MAX_INITIALIZATION_PAGES`)
   */
  maxPages?: number;
}

/** Defaults of {@link ListInitializationOptions}. */
export const DEFAULT_LIST_OPTIONS: Required<ListInitializationOptions> = { pageSize: 100, concurrency: 4, maxPages: MAX_INITIALIZATION_PAGES };

/** Fetches one page (1-based). Retries, if any, happen inside. */
export type PageFetcher = (pageNum: number, pageSize: number) => Promise<InitializationStatusPage>;

/** True when the page holds `pageSize` rows in any array, i.e. more pages may follow. */
export function isFullPage(page: InitializationStatusPage, pageSize: number): boolean {
  return (
    page.structureInitializationDetails.length >= pageSize ||
    page.dataInitializationDetails.length >= pageSize ||
    page.dataSynchronizationDetails.length >= pageSize
  );
}

/** The identity of a row, for {@link samePage}: the fields that tell two tables or objects apart. */
function rowKey(row: object): string {
  const r = row as Record<string, unknown>;
  return `${r.sourceOwnerDbName}\u0000${r.tableName ?? r.objectName}\u0000${r.objectType ?? ""}\u0000${r.status}`;
}

/** True when two full pages hold the same rows in the same order (a server answering one page for every PageNum). */
function samePage(a: InitializationStatusPage, b: InitializationStatusPage): boolean {
  const lists: (keyof InitializationStatusPage)[] = ["structureInitializationDetails", "dataInitializationDetails", "dataSynchronizationDetails"];
  for (const key of lists) {
    const x = a[key] as object[];
    const y = b[key] as object[];
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (rowKey(x[i]!) !== rowKey(y[i]!)) return false;
  }
  return true;
}

function pageHasRows(page: InitializationStatusPage): boolean {
  return page.structureInitializationDetails.length > 0 || page.dataInitializationDetails.length > 0;
}

/**
 * Reads all pages through `fetchPage` and merges them in page order. Rejects with the failure of the lowest
 * failed page that lies before the end (failures of speculative pages past the end are ignored).
 *
 * @example
 * ```ts
 * const report = await listAllInitializationPages((n, size) => client.describeInitializationStatus({ synchronizationJobId, pageNum: n, pageSize: size }));
 * ```
 */
export function listAllInitializationPages(fetchPage: PageFetcher, options: ListInitializationOptions = {}): Promise<InitializationReport> {
  const pageSize = Math.floor(options.pageSize ?? DEFAULT_LIST_OPTIONS.pageSize);
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? DEFAULT_LIST_OPTIONS.concurrency));
  const maxPages = Math.floor(options.maxPages ?? DEFAULT_LIST_OPTIONS.maxPages);
  if (!(pageSize >= 1 && pageSize <= 100)) {
    return Promise.reject(new RangeError(`pageSize must be 1..100 (the API's limit), got ${options.pageSize}`));
  }
  if (!(maxPages >= 1)) return Promise.reject(new RangeError(`maxPages must be >= 1, got ${options.maxPages}`));

  const pages = new Map<number, InitializationStatusPage>();
  const failures = new Map<number, unknown>();
  let end = Number.POSITIVE_INFINITY; // the first page known not to be full
  let next = 1;
  let inFlight = 0;
  let window = 1;
  let calls = 0;
  // The first reason to stop early that the server caused (a repeated page, too many pages): settles the listing.
  let refused: DtsPaginationError | undefined;

  return new Promise<InitializationReport>((resolve, reject) => {
    const settle = (): void => {
      if (refused) {
        reject(refused);
        return;
      }
      const lastNeeded = Number.isFinite(end) ? end : next - 1;
      for (let n = 1; n <= lastNeeded; n++) {
        if (!pages.has(n)) {
          const failed = [...failures.keys()].filter((k) => k <= lastNeeded).sort((a, b) => a - b)[0];
          reject(failed !== undefined ? failures.get(failed) : new Error(`page ${n} of DescribeInitializationStatus is missing`));
          return;
        }
      }
      const report: InitializationReport = { structureInitializationDetails: [], dataInitializationDetails: [], pages: 0, calls };
      for (let n = 1; n <= lastNeeded; n++) {
        const page = pages.get(n)!;
        if (pageHasRows(page)) report.pages++;
        // One by one: `push(...rows)` passes every row as an argument and overflows the stack on a huge page.
        for (const row of page.structureInitializationDetails) report.structureInitializationDetails.push(row);
        for (const row of page.dataInitializationDetails) report.dataInitializationDetails.push(row);
      }
      resolve(report);
    };

    const pump = (): void => {
      // After a failure before the end, stop launching; settle once the pages in flight are back.
      const blocked = refused !== undefined || [...failures.keys()].some((n) => n <= end);
      while (!blocked && inFlight < window && next <= end) {
        if (next > maxPages) {
          refused = new DtsPaginationError(
            `DescribeInitializationStatus: more than ${maxPages} pages of ${pageSize} rows, every one full; the listing was stopped (a job holds far fewer tables: the endpoint does not end the listing)`,
            { reason: "too-many-pages", pages: maxPages },
          );
          break;
        }
        launch(next++);
      }
      if (inFlight === 0) settle();
    };

    const launch = (pageNum: number): void => {
      inFlight++;
      calls++;
      let promise: Promise<InitializationStatusPage>;
      try {
        promise = fetchPage(pageNum, pageSize);
      } catch (error) {
        promise = Promise.reject(error);
      }
      promise.then(
        (page) => {
          inFlight--;
          if (pageNum <= end) {
            pages.set(pageNum, page);
            const before = pages.get(pageNum - 1);
            const after = pages.get(pageNum + 1);
            if (!refused && isFullPage(page, pageSize) && ((before && samePage(before, page)) || (after && samePage(page, after)))) {
              const n = before && samePage(before, page) ? pageNum : pageNum + 1;
              refused = new DtsPaginationError(
                `DescribeInitializationStatus: page ${n} repeats page ${n - 1} row for row; the listing was stopped (the endpoint ignores PageNum, so it would never end)`,
                { reason: "repeated-page", pages: n },
              );
            }
            if (!isFullPage(page, pageSize)) end = Math.min(end, pageNum);
            else window = Math.min(concurrency, window * 2);
          }
          pump();
        },
        (error: unknown) => {
          inFlight--;
          if (pageNum <= end) failures.set(pageNum, error);
          pump();
        },
      );
    };

    pump();
  });
}
