/**
 * The provider object Pulumi serializes into the state of a `DtsJobInitialization`: the shim every resource uses
 * (provider/shared/dynamic-shim.ts says what it may capture), whose methods load
 * `require("pulumi-dts-objects").__dtsJobInitializationProviderImpl` (impl.ts) inside the dynamic-provider host.
 */
import type * as pulumi from "@pulumi/pulumi";
import { type DynamicShim, dynamicShim } from "../shared/dynamic-shim";
import type { DtsJobInitializationInputs, DtsJobInitializationOutputs } from "./types";

/** The methods {@link dynamicShim} puts on the class below. */
export interface DtsJobInitializationProvider extends DynamicShim {}

/** The dynamic provider of {@link DtsJobInitialization}; one shared instance for all resources. */
export class DtsJobInitializationProvider implements pulumi.dynamic.ResourceProvider<DtsJobInitializationInputs, DtsJobInitializationOutputs> {}
dynamicShim(DtsJobInitializationProvider, "__dtsJobInitializationProviderImpl");
