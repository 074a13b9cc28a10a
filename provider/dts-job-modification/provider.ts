/**
 * The provider object Pulumi serializes into the state of a `DtsJobModification`: the shim every resource uses
 * (provider/shared/dynamic-shim.ts says what it may capture), whose methods load
 * `require("pulumi-dts-objects").__dtsJobProviderImpl` (impl.ts) inside the dynamic-provider host.
 */
import type * as pulumi from "@pulumi/pulumi";
import { type DynamicShim, dynamicShim } from "../shared/dynamic-shim";
import type { DtsJobModificationInputs, DtsJobModificationOutputs } from "./types";

/** The methods {@link dynamicShim} puts on the class below. */
export interface DtsJobModificationProvider extends DynamicShim {}

/** The dynamic provider of {@link DtsJobModification}; one shared instance for all resources. */
export class DtsJobModificationProvider implements pulumi.dynamic.ResourceProvider<DtsJobModificationInputs, DtsJobModificationOutputs> {}
dynamicShim(DtsJobModificationProvider, "__dtsJobProviderImpl");
