/**
 * What `SynchronizationJobInitialization`'s provider methods do (`__synchronizationJobInitializationProviderImpl`,
 * and the native plugin's row): the shared initialization implementation (provider/shared/initialization.ts) over
 * the SynchronizationJob API's waiter (`DescribeSynchronizationJobStatus` per poll, all pages of
 * `DescribeInitializationStatus` for the failed tables). Never writes.
 */
import { waitForSyncJobInitialization } from "../../sdk/waiting/sync-job-initialization-waiter";
import { syncJobSnapshot } from "../../sdk/wire/initialization-snapshot";
import { initializationImpl } from "../shared/initialization";
import { SYNC_JOB_INITIALIZATION_INPUTS } from "./inputs";
import type { SynchronizationJobInitializationInputs } from "./types";

/** The native type token. */
export const SYNC_JOB_INITIALIZATION_TOKEN = "dts:index:SynchronizationJobInitialization";

/** The implementation behind `SynchronizationJobInitialization` (initializationImpl). @internal */
export const synchronizationJobInitializationProviderImpl = initializationImpl<SynchronizationJobInitializationInputs>({
  token: SYNC_JOB_INITIALIZATION_TOKEN,
  inputs: SYNC_JOB_INITIALIZATION_INPUTS,
  wait: (dts, inputs, options) =>
    waitForSyncJobInitialization(dts, inputs.synchronizationJobId, {
      ...options,
      ...(inputs.synchronizationDirection ? { synchronizationDirection: inputs.synchronizationDirection } : {}),
    }),
  look: async (dts, inputs, regionId) =>
    syncJobSnapshot(
      inputs.synchronizationJobId,
      await dts.describeSynchronizationJobStatus({
        synchronizationJobId: inputs.synchronizationJobId,
        ...(inputs.synchronizationDirection ? { synchronizationDirection: inputs.synchronizationDirection } : {}),
        ...(regionId ? { regionId } : {}),
      }),
    ),
});
