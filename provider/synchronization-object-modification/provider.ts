/**
 * The provider object Pulumi serializes into the state of a `SynchronizationObjectModification`: the shim every resource uses
 * (provider/shared/dynamic-shim.ts says what it may capture), whose methods load
 * `require("pulumi-dts-objects").__providerImpl` (impl.ts) inside the dynamic-provider host.
 */
import type * as pulumi from "@pulumi/pulumi";
import { type DynamicShim, dynamicShim } from "../shared/dynamic-shim";
import type { SynchronizationObjectModificationInputs, SynchronizationObjectModificationOutputs } from "./types";

/** The methods {@link dynamicShim} puts on the class below. */
export interface SynchronizationObjectModificationProvider extends DynamicShim {}

/** The dynamic provider of {@link SynchronizationObjectModification}; one shared instance for all resources. */
export class SynchronizationObjectModificationProvider
  implements pulumi.dynamic.ResourceProvider<SynchronizationObjectModificationInputs, SynchronizationObjectModificationOutputs> {}
dynamicShim(SynchronizationObjectModificationProvider, "__providerImpl");
