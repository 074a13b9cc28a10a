/**
 * Waiting for a new job's first synchronization, sync-job family: polls `DescribeSynchronizationJobStatus` (one
 * call per poll: precheck, structure, data and incremental blocks, `Delay`/`DelayMillis`, the phase switches), judged
 * by `checkInitialization`; when the wait ends in success, failure or a timeout after a reply, all pages of
 * `DescribeInitializationStatus` give the failed tables (the poller's table listing, as for a modification).
 * Never writes to DTS.
 */
import { DtsInputError } from "../errors/errors";
import { syncJobSnapshot } from "../wire/initialization-snapshot";
import type { InitializationReport, SynchronizationDirection, SynchronizationJobStatus } from "../types";
import { initializationResult, initializationTarget, type InitializationWaiterOptions, type InitializationWaiterResult } from "./initialization-target";
import { runPolling } from "./poller";
import { validateWaiterOptions } from "./sync-job-waiter";

/** The client calls a sync-job initialization wait makes (a `DtsClient`, or a fake in tests). */
export interface SyncJobInitializationClient {
  describeSynchronizationJobStatus(
    input: { synchronizationJobId: string; synchronizationDirection?: SynchronizationDirection; regionId?: string },
    callOptions?: { abortSignal?: AbortSignal; maxTimeMs?: number },
  ): Promise<SynchronizationJobStatus>;
  listInitializationDetails?(
    synchronizationJobId: string,
    options?: { regionId?: string; abortSignal?: AbortSignal; maxTimeMs?: number },
  ): Promise<InitializationReport>;
}

/** Options of {@link waitForSyncJobInitialization}. */
export interface SyncJobInitializationOptions extends InitializationWaiterOptions {
  synchronizationDirection?: SynchronizationDirection;
}

/**
 * Polls until the job's first synchronization is done (and caught up, with `caughtUp`), fails, the deadline passes or
 * the signal aborts. Never throws for a verdict (only for invalid options).
 *
 * @example
 * ```ts
 * const r = await waitForSyncJobInitialization(client, "dtsi76118o3w92****", { maxWaitSeconds: 72 * 3600, caughtUp: { maxDelaySeconds: 5 } });
 * if (r.state !== "success") console.error(formatFailure(r));
 * ```
 */
export async function waitForSyncJobInitialization(
  client: SyncJobInitializationClient,
  synchronizationJobId: string,
  options: SyncJobInitializationOptions,
): Promise<InitializationWaiterResult> {
  if (typeof synchronizationJobId !== "string" || synchronizationJobId.trim() === "") {
    throw new DtsInputError(
      "synchronizationJobId",
      `expected a non-empty string, got ${JSON.stringify(synchronizationJobId)}`,
      "pass the SynchronizationJobId of the job",
    );
  }
  const target = initializationTarget<SynchronizationJobStatus>(
    "DescribeSynchronizationJobStatus",
    (callOptions) =>
      client.describeSynchronizationJobStatus(
        {
          synchronizationJobId,
          ...(options.synchronizationDirection ? { synchronizationDirection: options.synchronizationDirection } : {}),
          ...(options.regionId ? { regionId: options.regionId } : {}),
        },
        callOptions,
      ),
    (reply) => syncJobSnapshot(synchronizationJobId, reply),
    options,
  );
  const resolved = validateWaiterOptions({
    ...options,
    ...(options.collectFailedObjects !== false && client.listInitializationDetails ? { synchronizationJobId } : {}),
  });
  const result = await runPolling(
    client.listInitializationDetails ? { listInitializationDetails: client.listInitializationDetails.bind(client) } : {},
    synchronizationJobId,
    resolved,
    target,
  );
  return initializationResult(result, "sync-job", synchronizationJobId, target, options);
}
