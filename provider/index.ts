/**
 * `pulumi-dts-objects`: the Pulumi dynamic provider for Alibaba Cloud DTS synchronization-object modifications.
 *
 * - {@link SynchronizationObjectModification}: the resource (starts the modification and blocks until done).
 * - {@link DtsJobModification}: the same for jobs managed through the DtsJob API (`ModifyDtsJob`), or a wait for
 *   another client's change (`waitOnly`).
 * - {@link SynchronizationJobInitialization}, {@link DtsJobInitialization}: wait for a new job's first synchronization
 *   (and, with `caughtUp`, for its incremental delay to stay small): write nothing.
 * - {@link getSynchronizationObjectModifyStatus}, {@link getInitializationReport}: plain async look-ups.
 *
 * The typed SDK is `pulumi-dts-objects/sdk`; the local emulator is `pulumi-dts-objects/emulator`.
 */
export { SynchronizationObjectModification, RESOURCE_TYPE, getProvider } from "./synchronization-object-modification/resource";
export { SynchronizationObjectModificationProvider } from "./synchronization-object-modification/provider";
export { DtsJobModification, DTS_JOB_RESOURCE_TYPE, getDtsJobProvider } from "./dts-job-modification/resource";
export { DtsJobModificationProvider } from "./dts-job-modification/provider";
export type * from "./dts-job-modification/types";
export { DtsJobInitialization, DTS_JOB_INITIALIZATION_RESOURCE_TYPE, getDtsJobInitializationProvider } from "./dts-job-initialization/resource";
export { DtsJobInitializationProvider } from "./dts-job-initialization/provider";
export type * from "./dts-job-initialization/types";
export {
  SynchronizationJobInitialization,
  SYNC_JOB_INITIALIZATION_RESOURCE_TYPE,
  getSynchronizationJobInitializationProvider,
} from "./synchronization-job-initialization/resource";
export { SynchronizationJobInitializationProvider } from "./synchronization-job-initialization/provider";
export type * from "./synchronization-job-initialization/types";
export type { InitializationResource } from "./shared/initialization-resource";
export type { InitializationArgs, InitializationCommonInputs, InitializationDocumentOutputs } from "./shared/initialization-types";
export type { ModificationArgs } from "./shared/modification-types";
export { getSynchronizationObjectModifyStatus, getInitializationReport } from "./synchronization-object-modification/lookup";
export type {
  LookupConnectionArgs,
  GetSynchronizationObjectModifyStatusArgs,
  SynchronizationObjectModifyStatusResult,
  GetInitializationReportArgs,
  InitializationReportResult,
} from "./synchronization-object-modification/lookup";
export type * from "./synchronization-object-modification/types";
export { ModificationIncompleteError, DEFAULT_TIMEOUT_MINUTES, CONFIG_KEYS } from "./synchronization-object-modification/impl";
export type { ProviderSettings } from "./synchronization-object-modification/impl";

/**
 * The implementation the serialized provider calls, loaded by package name inside the dynamic-provider host.
 * Not for programs: its signatures serve the provider code stored in existing states.
 * @internal
 */
export { providerImpl as __providerImpl } from "./synchronization-object-modification/impl";

/**
 * The implementation `DtsJobModification`'s serialized provider calls (same rules as `__providerImpl`).
 * @internal
 */
export { dtsJobProviderImpl as __dtsJobProviderImpl } from "./dts-job-modification/impl";

/**
 * The implementations the initialization resources' serialized providers call (same rules as `__providerImpl`).
 * @internal
 */
export { dtsJobInitializationProviderImpl as __dtsJobInitializationProviderImpl } from "./dts-job-initialization/impl";
/** @internal */
export { synchronizationJobInitializationProviderImpl as __synchronizationJobInitializationProviderImpl } from "./synchronization-job-initialization/impl";
