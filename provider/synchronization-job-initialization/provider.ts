/**
 * The provider object Pulumi serializes into the state of a `SynchronizationJobInitialization`: the shim every resource uses
 * (provider/shared/dynamic-shim.ts says what it may capture), whose methods load
 * `require("pulumi-dts-objects").__synchronizationJobInitializationProviderImpl` (impl.ts) inside the dynamic-provider host.
 */
import type * as pulumi from "@pulumi/pulumi";
import { type DynamicShim, dynamicShim } from "../shared/dynamic-shim";
import type { SynchronizationJobInitializationInputs, SynchronizationJobInitializationOutputs } from "./types";

/** The methods {@link dynamicShim} puts on the class below. */
export interface SynchronizationJobInitializationProvider extends DynamicShim {}

/** The dynamic provider of {@link SynchronizationJobInitialization}; one shared instance for all resources. */
export class SynchronizationJobInitializationProvider
  implements pulumi.dynamic.ResourceProvider<SynchronizationJobInitializationInputs, SynchronizationJobInitializationOutputs> {}
dynamicShim(SynchronizationJobInitializationProvider, "__synchronizationJobInitializationProviderImpl");
