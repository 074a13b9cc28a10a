/**
 * The public types of `DtsJobInitialization`: what a program passes (`DtsJobInitializationArgs`), what is stored
 * after `check` (`DtsJobInitializationInputs`). Types only, so importing them never pulls anything into a
 * serialized provider.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { CaughtUpOption } from "../../sdk/waiting/initialization-acceptors";
import type { WaitOptions } from "../shared/wait-options";

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
export interface DtsJobInitializationArgs {
  /** The job (`DtsJobId`, e.g. `l3m1213ye7l****`; pulumi-alicloud's `SynchronizationJob.dtsJobId`). A change replaces the resource. */
  dtsJobId: pulumi.Input<string>;
  /**
   * The instance (`DtsInstanceId`): also sent to `DescribeDtsJobs`, for accounts where the `DtsJobId` filter is not
   * honoured. A change replaces the resource.
   */
  dtsInstanceId?: pulumi.Input<string>;
  /** Region of the job; else stack config `dts:region`, else `cn-hangzhou`. */
  regionId?: pulumi.Input<string>;
  /** Service URL (the emulator, or a private endpoint); else stack config `dts:endpoint`. */
  endpoint?: pulumi.Input<string>;
  /** Deadline and polling pace. A change only looks again (in-place update). */
  wait?: pulumi.Input<WaitOptions>;
  /**
   * After initialization, also wait until the incremental delay (`DescribeDtsJobs`' `Delay`, seconds) stays at most
   * `maxDelaySeconds` for `polls` replies in a row (default 3): the gate before a cut-over. A change only looks again
   * (in-place update).
   */
  caughtUp?: pulumi.Input<CaughtUpOption>;
  /** What counts as failure. A change only looks again (in-place update). */
  failOn?: pulumi.Input<DtsJobInitializationFailOnOptions>;
}

/** The inputs after `check`. Also part of the outputs. */
export interface DtsJobInitializationInputs {
  dtsJobId: string;
  dtsInstanceId?: string;
  regionId?: string;
  endpoint?: string;
  wait?: WaitOptions;
  caughtUp?: CaughtUpOption;
  failOn?: DtsJobInitializationFailOnOptions;
  /** @internal */
  __resourceKey?: string;
  /** @internal */
  __tokenSalt?: string;
}

/**
 * The outputs of the resource: the stored inputs plus the initialization document (sdk/reports/initialization-outputs.ts),
 * whose `caughtUp` (the gate's result) is `caughtUpResult` here, since `caughtUp` is the input that asks for it.
 */
export interface DtsJobInitializationOutputs
  extends DtsJobInitializationInputs,
    Omit<import("../../sdk/reports/initialization-outputs").InitializationOutputs, "synchronizationJobId" | "dtsJobId" | "caughtUp"> {
  caughtUpResult?: import("../../sdk/reports/initialization-outputs").CaughtUpOutput;
}
