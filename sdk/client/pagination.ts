/**
 * Every page of `DescribeInitializationStatus`. The API returns no total count, so the end is found by reading:
 * a page is full when any of its arrays holds `pageSize` rows, and the first page that is not full is the last.
 *
 * Pages are fetched concurrently in a bounded window that grows like TCP slow start (1, 2, 4, ... up to
 * `concurrency`): a small job (the common case) costs one call, a large one quickly has `concurrency` requests in
 * flight. Pages requested speculatively past the end come back empty and are discarded. Each page number is
 * requested once, and the result is assembled in page order, so no row is duplicated or skipped by the listing.
 */
import type { InitializationReport, InitializationStatusPage } from "../types";

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
}

/** Defaults of {@link ListInitializationOptions}. */
export const DEFAULT_LIST_OPTIONS: Required<ListInitializationOptions> = { pageSize: 100, concurrency: 4 };

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
  if (!(pageSize >= 1 && pageSize <= 100)) {
    return Promise.reject(new RangeError(`pageSize must be 1..100 (the API's limit), got ${options.pageSize}`));
  }

  const pages = new Map<number, InitializationStatusPage>();
  const failures = new Map<number, unknown>();
  let end = Number.POSITIVE_INFINITY; // the first page known not to be full
  let next = 1;
  let inFlight = 0;
  let window = 1;
  let calls = 0;

  return new Promise<InitializationReport>((resolve, reject) => {
    const settle = (): void => {
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
        report.structureInitializationDetails.push(...page.structureInitializationDetails);
        report.dataInitializationDetails.push(...page.dataInitializationDetails);
      }
      resolve(report);
    };

    const pump = (): void => {
      // After a failure before the end, stop launching; settle once the pages in flight are back.
      const blocked = [...failures.keys()].some((n) => n <= end);
      while (!blocked && inFlight < window && next <= end) launch(next++);
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
