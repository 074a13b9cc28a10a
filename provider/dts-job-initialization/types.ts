/**
 * The public types of `DtsJobInitialization`: what a program passes (`DtsJobInitializationArgs`), what is stored
 * after `check` (`DtsJobInitializationInputs`). Types only, so importing them never pulls anything into a
 * serialized provider.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CaughtUpOption } from "../../sdk/waiting/initialization-acceptors";
import type { InitializationArgs, InitializationCommonInputs, InitializationDocumentOutputs } from "../shared/initialization-types";

export type { CaughtUpOption } from "../../sdk/waiting/initialization-acceptors";
export type { CaughtUpOutput, InitializationOutputs } from "../../sdk/reports/initialization-outputs";

/** When a job whose initialization finished still counts as a failure. */
export interface DtsJobInitializationFailOnOptions {
  /**
   * Fail when `DescribePreCheckStatus` lists failed objects although the phases read `Finished`. Default true.
   * @default true
   */
  failedObjects?: boolean;
}

/** Arguments of {@link DtsJobInitialization} as a program writes them. */
export interface DtsJobInitializationArgs extends InitializationArgs<DtsJobInitializationFailOnOptions> {
  /** The job (`DtsJobId`, e.g. `l3m1213ye7l****`; pulumi-alicloud's `SynchronizationJob.dtsJobId`). A change replaces the resource. */
  dtsJobId: pulumi.Input<string>;
  /**
   * The instance (`DtsInstanceId`): also sent to `DescribeDtsJobs`, for accounts where the `DtsJobId` filter is not
   * honoured. A change replaces the resource.
   */
  dtsInstanceId?: pulumi.Input<string>;
  /**
   * After initialization, also wait until the incremental delay (`DescribeDtsJobs`' `Delay`, seconds) stays at most
   * `maxDelaySeconds` for `polls` replies in a row (default 3): the gate before a cut-over. A change only looks again
   * (in-place update).
   */
  caughtUp?: pulumi.Input<CaughtUpOption>;
}

/** The inputs after `check`. Also part of the outputs. */
export interface DtsJobInitializationInputs extends InitializationCommonInputs<DtsJobInitializationFailOnOptions> {
  dtsJobId: string;
  dtsInstanceId?: string;
}

/** The outputs of the resource: the stored inputs plus the initialization document. */
export interface DtsJobInitializationOutputs extends DtsJobInitializationInputs, InitializationDocumentOutputs {}
