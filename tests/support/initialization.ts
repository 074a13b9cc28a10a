/**
 * The two initialization resources side by side (`SynchronizationJobInitialization`, `DtsJobInitialization`), for
 * the provider tests that run every case for both families.
 */
import {
  __dtsJobInitializationProviderImpl,
  __synchronizationJobInitializationProviderImpl,
  DtsJobInitializationProvider,
  SynchronizationJobInitializationProvider,
} from "../../provider";
import type { InitializationJob } from "./dts-job";

export type InitializationFamily = "sync-job" | "dts-job";

/** Per family: the provider, its implementation, the id input, and where its failed tables/objects are read. */
export const INITIALIZATION_FACES = {
  "sync-job": {
    Provider: SynchronizationJobInitializationProvider,
    impl: __synchronizationJobInitializationProviderImpl,
    idKey: "synchronizationJobId",
    /** The read of the failed tables, its failOn key, and the head of its "not checked" reason. */
    failedRead: { action: "DescribeInitializationStatus", failOnKey: "failedTables", head: "tables not checked" },
  },
  "dts-job": {
    Provider: DtsJobInitializationProvider,
    impl: __dtsJobInitializationProviderImpl,
    idKey: "dtsJobId",
    failedRead: { action: "DescribePreCheckStatus", failOnKey: "failedObjects", head: "failed objects not checked" },
  },
} as const;

/** The job's id in `family`. */
export function jobIdIn(family: InitializationFamily, job: InitializationJob): string {
  return family === "sync-job" ? job.jobId : job.dtsJobId;
}
