/**
 * `pulumi-dts-objects`: the Pulumi dynamic provider for Alibaba Cloud DTS synchronization-object modifications.
 *
 * - {@link SynchronizationObjectModification}: the resource (starts the modification and blocks until done).
 * - {@link getSynchronizationObjectModifyStatus}, {@link getInitializationReport}: plain async look-ups.
 *
 * The typed SDK is `pulumi-dts-objects/sdk`; the local emulator is `pulumi-dts-objects/emulator`.
 */
export { SynchronizationObjectModification, RESOURCE_TYPE, getProvider } from "./resource";
export { SynchronizationObjectModificationProvider } from "./provider";
export { getSynchronizationObjectModifyStatus, getInitializationReport } from "./lookup";
export type {
  LookupConnectionArgs,
  GetSynchronizationObjectModifyStatusArgs,
  SynchronizationObjectModifyStatusResult,
  GetInitializationReportArgs,
  InitializationReportResult,
} from "./lookup";
export type * from "./types";
export { ModificationIncompleteError, DEFAULT_TIMEOUT_MINUTES, CONFIG_KEYS } from "./impl";
export type { ProviderSettings } from "./impl";

/**
 * The implementation the serialized provider calls, loaded by package name inside the dynamic-provider host.
 * Not for programs: its signatures serve the provider code stored in existing states.
 * @internal
 */
export { providerImpl as __providerImpl } from "./impl";
