/**
 * Waiting for a new job's first synchronization, dts-job family: polls `DescribeDtsJobs` (`JobType=SYNC`, the job's
 * `DtsJobId`, `WithoutDbList=true`: one light call per poll), whose per-job item carries the job's own precheck,
 * structure, data and incremental blocks, `MigrationMode`, `Delay` (seconds) and `RetryState`
 * (`DescribeDtsJobDetail` has no such blocks at its top level: research note dts-initial-sync.md §1b). The item is
 * matched on `DtsJobId` (or `DtsInstanceId`) on this side too, as Terraform does. After a failure the failed check
 * items or objects of the failed phase are read from `DescribePreCheckStatus` (JobCode 01/02/03); after a success
 * those of structure and data initialization (02, 03). Never writes to DTS.
 */
import { DtsInputError, DtsNotFoundError } from "../errors/errors";
import { dtsJobSnapshot } from "../wire/initialization-snapshot";
import type { DtsJobListItem, DtsJobListPage } from "../wire/dts-job-list-types";
import type { PreCheckStatusPage } from "../wire/dts-job-types";
import type { ModifyPhase } from "./sync-job-acceptors";
import type { DtsError } from "../errors/errors";
import type { DtsJobProgressItem } from "../wire/dts-job-types";
import { initializationResult, initializationTarget, type InitializationWaiterOptions, type InitializationWaiterResult } from "./initialization-target";
import { runPolling } from "./poller";
import { checkFailedObjects, FAILED_OBJECT_MAX_PAGES, FAILED_OBJECT_PAGE_SIZE, readFailedObjects } from "./dts-job-waiter";
import { validateWaiterOptions } from "./sync-job-waiter";

/** The client calls a dts-job initialization wait makes (a `DtsClient`, or a fake in tests). */
export interface DtsJobInitializationClient {
  describeDtsJobs(
    input: { dtsJobId?: string; dtsInstanceId?: string; jobType?: "SYNC" | "MIGRATION" | "SUBSCRIBE"; withoutDbList?: boolean; regionId?: string },
    callOptions?: { abortSignal?: AbortSignal; maxTimeMs?: number },
  ): Promise<DtsJobListPage>;
  describePreCheckStatus?(
    input: { dtsJobId: string; jobCode: "01" | "02" | "03" | "04"; pageNo?: number; pageSize?: number; regionId?: string },
    callOptions?: { abortSignal?: AbortSignal; maxTimeMs?: number },
  ): Promise<PreCheckStatusPage>;
}

/** Options of {@link waitForDtsJobInitialization}. */
export interface DtsJobInitializationOptions extends InitializationWaiterOptions {
  /** Also send `DtsInstanceId` (the filter some accounts need, when the `DtsJobId` filter is not honoured). */
  dtsInstanceId?: string;
}

/**
 * Replies in a row that do not list the job before the wait ends as not found (the list may lag a job just
 * created: inferred, so a few replies are allowed; a mistyped id still ends the wait within seconds).
 */
export const NOT_LISTED_POLLS_FOR_NOT_FOUND = 3;

/** The job's item in a page: matched on `DtsJobId`, or on `DtsInstanceId` (the same id with `dts` in front). */
export function findDtsJob(page: DtsJobListPage, dtsJobId: string): DtsJobListItem | undefined {
  return page.jobs.find((j) => j.dtsJobId === dtsJobId || j.dtsInstanceId === dtsJobId || j.dtsInstanceId === `dts${dtsJobId}`);
}

/** The JobCode of a failed phase's objects in `DescribePreCheckStatus`. */
const JOB_CODE: Record<ModifyPhase, "01" | "02" | "03"> = { precheck: "01", structureInitialization: "02", dataInitialization: "03" };

/**
 * Polls until the job's first synchronization is done (and caught up, with `caughtUp`), fails, the deadline passes or
 * the signal aborts. Never throws for a verdict (only for invalid options).
 *
 * @example
 * ```ts
 * const r = await waitForDtsJobInitialization(client, "l3m1213ye7l****", { maxWaitSeconds: 72 * 3600 });
 * ```
 */
export async function waitForDtsJobInitialization(
  client: DtsJobInitializationClient,
  dtsJobId: string,
  options: DtsJobInitializationOptions,
): Promise<InitializationWaiterResult> {
  if (typeof dtsJobId !== "string" || dtsJobId.trim() === "") {
    throw new DtsInputError("dtsJobId", `expected a non-empty string, got ${JSON.stringify(dtsJobId)}`, "pass the DtsJobId of the synchronization job");
  }
  let notListed = 0;
  const items = new WeakMap<DtsJobListPage, DtsJobListItem>();
  const target = initializationTarget<DtsJobListPage>(
    "DescribeDtsJobs",
    async (callOptions) => {
      const page = await client.describeDtsJobs(
        {
          dtsJobId,
          jobType: "SYNC",
          withoutDbList: true,
          ...(options.dtsInstanceId ? { dtsInstanceId: options.dtsInstanceId } : {}),
          ...(options.regionId ? { regionId: options.regionId } : {}),
        },
        callOptions,
      );
      const item = findDtsJob(page, dtsJobId);
      if (!item) {
        notListed++;
        throw new DtsNotFoundError({
          code: "InvalidJobId.NotFound",
          message: `DescribeDtsJobs (JobType=SYNC) does not list the job ${dtsJobId} (${notListed}/${NOT_LISTED_POLLS_FOR_NOT_FOUND} replies)`,
          requestId: page.requestId,
          retryable: notListed < NOT_LISTED_POLLS_FOR_NOT_FOUND,
        });
      }
      notListed = 0;
      items.set(page, item);
      return page;
    },
    (page) => dtsJobSnapshot(items.get(page) as DtsJobListItem, page.requestId),
    options,
  );
  const result = await runPolling({}, dtsJobId, validateWaiterOptions(options), target);
  const out = initializationResult(result, "dts-job", dtsJobId, target, options);
  const jobCodes: ("01" | "02" | "03")[] =
    result.state === "failure" && result.endedBy === "task" && result.failedPhase
      ? [JOB_CODE[result.failedPhase]]
      : result.state === "success"
        ? ["02", "03"]
        : [];
  if (jobCodes.length > 0 && options.collectFailedObjects !== false && client.describePreCheckStatus) {
    // One rule with the modification's (checkFailedObjects): a read that failed, or a page cap reached with no
    // failed object seen, after a success is "not checked", never "none failed".
    const check = await checkFailedObjects(client as Required<Pick<DtsJobInitializationClient, "describePreCheckStatus">>, {
      dtsJobId,
      jobCodes,
      succeeded: result.state === "success",
      ...(options.regionId ? { regionId: options.regionId } : {}),
      ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
    });
    out.failedObjects = check.failedObjects;
    if (check.failedObjectsError) out.failedObjectsError = check.failedObjectsError;
    if (check.error) out.observedErrors[check.error.code] = (out.observedErrors[check.error.code] ?? 0) + 1;
    if (check.failedObjectsNotChecked) out.failedObjectsNotChecked = check.failedObjectsNotChecked;
  }
  return out;
}

export { FAILED_OBJECT_MAX_PAGES, FAILED_OBJECT_PAGE_SIZE };

/**
 * Every page of `DescribePreCheckStatus` for each JobCode, keeping the `Failed` items: the one pager,
 * `readFailedObjects` (dts-job-waiter.ts), on the job's own ID. Never throws: a failed read comes back as `error`,
 * with `truncated` when the page bound cut a listing short.
 */
export async function readAllFailedObjects(
  client: Required<Pick<DtsJobInitializationClient, "describePreCheckStatus">>,
  input: { dtsJobId: string; jobCodes: readonly ("01" | "02" | "03")[]; regionId?: string; abortSignal?: AbortSignal },
): Promise<{ failedObjects: DtsJobProgressItem[]; error?: DtsError; truncated?: boolean }> {
  const { truncated, ...read } = await readFailedObjects(client, input);
  return { ...read, ...(truncated ? { truncated: true } : {}) };
}
