/**
 * The public types of `SynchronizationJobInitialization`: what a program passes
 * (`SynchronizationJobInitializationArgs`) and what is stored after `check`. Types only.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { SynchronizationDirection } from "../../sdk/types";
import type { CaughtUpOption } from "../../sdk/waiting/initialization-acceptors";
import type { WaitOptions } from "../shared/wait-options";

/** When a job whose initialization finished still counts as a failure. */
export interface SynchronizationJobInitializationFailOnOptions {
  /**
   * Fail when `DescribeInitializationStatus` lists failed tables although the phases read `Finished`. Default true.
   * @default true
   */
  failedTables?: boolean;
}

/** Arguments of {@link SynchronizationJobInitialization} as a program writes them. */
export interface SynchronizationJobInitializationArgs {
  /** The job (`SynchronizationJobId`, e.g. `dtsi76118o3w92****`). A change replaces the resource. */
  synchronizationJobId: pulumi.Input<string>;
  /** `Forward` or `Reverse`, for two-way jobs only. A change replaces the resource. */
  synchronizationDirection?: pulumi.Input<SynchronizationDirection>;
  /** Region of the job; else stack config `dts:region`, else `cn-hangzhou`. */
  regionId?: pulumi.Input<string>;
  /** Service URL (the emulator, or a private endpoint); else stack config `dts:endpoint`. */
  endpoint?: pulumi.Input<string>;
  /** Deadline and polling pace. A change only looks again (in-place update). */
  wait?: pulumi.Input<WaitOptions>;
  /**
   * After initialization, also wait until the incremental delay (`DelayMillis`, else `Delay` in seconds) stays at most
   * `maxDelaySeconds` for `polls` replies in a row (default 3): the gate before a cut-over. A change only looks again
   * (in-place update).
   */
  caughtUp?: pulumi.Input<CaughtUpOption>;
  /** What counts as failure. A change only looks again (in-place update). */
  failOn?: pulumi.Input<SynchronizationJobInitializationFailOnOptions>;
}

/** The inputs after `check`. Also part of the outputs. */
export interface SynchronizationJobInitializationInputs {
  synchronizationJobId: string;
  synchronizationDirection?: SynchronizationDirection;
  regionId?: string;
  endpoint?: string;
  wait?: WaitOptions;
  caughtUp?: CaughtUpOption;
  failOn?: SynchronizationJobInitializationFailOnOptions;
  /** @internal */
  __resourceKey?: string;
  /** @internal */
  __tokenSalt?: string;
}

/**
 * The outputs of the resource: the stored inputs plus the initialization document (sdk/reports/initialization-outputs.ts),
 * whose `caughtUp` (the gate's result) is `caughtUpResult` here, since `caughtUp` is the input that asks for it.
 */
export interface SynchronizationJobInitializationOutputs
  extends SynchronizationJobInitializationInputs,
    Omit<import("../../sdk/reports/initialization-outputs").InitializationOutputs, "synchronizationJobId" | "dtsJobId" | "caughtUp"> {
  caughtUpResult?: import("../../sdk/reports/initialization-outputs").CaughtUpOutput;
}
