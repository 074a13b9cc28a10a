/**
 * The public types of `SynchronizationJobInitialization`: what a program passes
 * (`SynchronizationJobInitializationArgs`) and what is stored after `check`. Types only.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { SynchronizationDirection } from "../../sdk/types";
import type { CaughtUpOption } from "../../sdk/waiting/initialization-acceptors";
import type { InitializationArgs, InitializationCommonInputs, InitializationDocumentOutputs } from "../shared/initialization-types";

/** When a job whose initialization finished still counts as a failure. */
export interface SynchronizationJobInitializationFailOnOptions {
  /**
   * Fail when `DescribeInitializationStatus` lists failed tables although the phases read `Finished`. Default true.
   * @default true
   */
  failedTables?: boolean;
}

/** Arguments of {@link SynchronizationJobInitialization} as a program writes them. */
export interface SynchronizationJobInitializationArgs extends InitializationArgs<SynchronizationJobInitializationFailOnOptions> {
  /** The job (`SynchronizationJobId`, e.g. `dtsi76118o3w92****`). A change replaces the resource. */
  synchronizationJobId: pulumi.Input<string>;
  /** `Forward` or `Reverse`, for two-way jobs only. A change replaces the resource. */
  synchronizationDirection?: pulumi.Input<SynchronizationDirection>;
  /**
   * After initialization, also wait until the incremental delay (`DelayMillis`, else `Delay` in seconds) stays at most
   * `maxDelaySeconds` for `polls` replies in a row (default 3): the gate before a cut-over. A change only looks again
   * (in-place update).
   */
  caughtUp?: pulumi.Input<CaughtUpOption>;
}

/** The inputs after `check`. Also part of the outputs. */
export interface SynchronizationJobInitializationInputs extends InitializationCommonInputs<SynchronizationJobInitializationFailOnOptions> {
  synchronizationJobId: string;
  synchronizationDirection?: SynchronizationDirection;
}

/** The outputs of the resource: the stored inputs plus the initialization document. */
export interface SynchronizationJobInitializationOutputs extends SynchronizationJobInitializationInputs, InitializationDocumentOutputs {}
