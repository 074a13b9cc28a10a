/**
 * The `DtsJobInitialization` resource: waits for a new DTS job's first synchronization (precheck, structure and
 * full data initialization, then steady incremental synchronization), for jobs managed through the DtsJob API
 * (what pulumi-alicloud's `alicloud.dts.SynchronizationJob` creates).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { FailedObjectOutput } from "../../sdk/types";
import type { CaughtUpOption } from "../../sdk/waiting/initialization-acceptors";
import { dynamicProps, oneInstance } from "../shared/dynamic-resource";
import { INITIALIZATION_OUTPUT_KEYS } from "../shared/initialization";
import { InitializationResource } from "../shared/initialization-resource";
import { DTS_JOB_INITIALIZATION_INPUT_KEYS } from "./inputs";
import { DtsJobInitializationProvider } from "./provider";
import type { DtsJobInitializationArgs, DtsJobInitializationFailOnOptions } from "./types";

/** The Pulumi type token of the dynamic resource. */
export const DTS_JOB_INITIALIZATION_RESOURCE_TYPE = "pulumi-nodejs:dynamic/dts:DtsJobInitialization";

/** The one provider instance all `DtsJobInitialization`s share. */
export const getDtsJobInitializationProvider: () => DtsJobInitializationProvider = oneInstance(() => new DtsJobInitializationProvider());

/**
 * Blocks `pulumi up` until a DTS job (DtsJob API) has finished its first synchronization: precheck passed,
 * structure and full data initialization `Finished` (the phases its migration mode runs), and the job
 * `synchronizing`; with `caughtUp`, also until the incremental delay stays within a bound. Give it `dependsOn`
 * (or the job's id) so an application, a switch of reads or a drop of old tables waits for a complete destination.
 *
 * - **Never writes to DTS**; delete only removes it from the state.
 * - **Already initialized**: answers on the first reply. **Not started yet**: waited for within the deadline
 *   (the status line says so).
 * - **Failure** (`PrecheckFailed`, a failed phase, `InitializeFailed`, `Failed`, a paused job, a failed incremental
 *   phase): at once, naming the failed check items with their repair methods and the failed objects; the resource
 *   is saved with what was seen, and the next `pulumi up` looks again (e.g. after the job was fixed and restarted).
 * - **Deadline** (`wait.timeoutMinutes`, or `customTimeouts` with the native plugin) or **Ctrl-C**: saved with what
 *   was seen; the next `pulumi up` resumes waiting.
 *
 * @example
 * ```ts
 * const job = new alicloud.dts.SynchronizationJob("orders", { ... });
 * const ready = new DtsJobInitialization("orders-ready", {
 *   dtsJobId: job.dtsJobId,
 *   wait: { timeoutMinutes: 24 * 60 },
 *   caughtUp: { maxDelaySeconds: 5 },
 * });
 * new k8s.apps.v1.Deployment("app", { ... }, { dependsOn: [ready] });
 * ```
 */
export class DtsJobInitialization extends InitializationResource<DtsJobInitializationFailOnOptions> {
  /** The job (`DtsJobId`, e.g. `l3m1213ye7l****`; pulumi-alicloud's `SynchronizationJob.dtsJobId`). A change replaces the resource. */
  declare public readonly dtsJobId: pulumi.Output<string>;
  /**
   * The instance (`DtsInstanceId`): also sent to `DescribeDtsJobs`, for accounts where the `DtsJobId` filter is not
   * honoured. A change replaces the resource.
   */
  declare public readonly dtsInstanceId: pulumi.Output<string | undefined>;
  /**
   * After initialization, also wait until the incremental delay (`DescribeDtsJobs`' `Delay`, seconds) stays at most
   * `maxDelaySeconds` for `polls` replies in a row (default 3): the gate before a cut-over. A change only looks again
   * (in-place update).
   */
  declare public readonly caughtUp: pulumi.Output<CaughtUpOption | undefined>;
  /** `DescribePreCheckStatus` items whose `State` is `Failed` (check items with their repair methods, or objects). */
  declare public readonly failedObjects: pulumi.Output<FailedObjectOutput[]>;

  constructor(name: string, args: DtsJobInitializationArgs, opts?: pulumi.CustomResourceOptions) {
    const props = dynamicProps(name, args, [...DTS_JOB_INITIALIZATION_INPUT_KEYS, ...INITIALIZATION_OUTPUT_KEYS, "failedObjects"]);
    super(getDtsJobInitializationProvider(), name, props, opts, "dts", "DtsJobInitialization");
  }
}
