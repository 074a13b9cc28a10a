/**
 * The `SynchronizationJobInitialization` resource: waits for a new DTS job's first synchronization (precheck,
 * structure and full data initialization, then steady incremental synchronization), for jobs of the
 * SynchronizationJob API (`DescribeSynchronizationJobStatus`, by `synchronizationJobId`).
 */
import type * as pulumi from "@pulumi/pulumi";
import type { TablesOutput } from "../../sdk/reports/sync-job-outputs";
import type { FailedTable, SynchronizationDirection } from "../../sdk/types";
import type { CaughtUpOption } from "../../sdk/waiting/initialization-acceptors";
import { dynamicProps, oneInstance } from "../shared/dynamic-resource";
import { INITIALIZATION_OUTPUT_KEYS } from "../shared/initialization";
import { InitializationResource } from "../shared/initialization-resource";
import { SYNC_JOB_INITIALIZATION_INPUT_KEYS } from "./inputs";
import { SynchronizationJobInitializationProvider } from "./provider";
import type { SynchronizationJobInitializationArgs, SynchronizationJobInitializationFailOnOptions } from "./types";

/** The Pulumi type token of the dynamic resource. */
export const SYNC_JOB_INITIALIZATION_RESOURCE_TYPE = "pulumi-nodejs:dynamic/dts:SynchronizationJobInitialization";

/** The one provider instance all `SynchronizationJobInitialization`s share. */
export const getSynchronizationJobInitializationProvider: () => SynchronizationJobInitializationProvider = oneInstance(
  () => new SynchronizationJobInitializationProvider(),
);

/**
 * Blocks `pulumi up` until a DTS job (SynchronizationJob API) has finished its first synchronization: precheck passed,
 * structure and full data initialization `Finished` (the phases its migration mode runs), and the job
 * `synchronizing`; with `caughtUp`, also until the incremental delay stays within a bound. Give it `dependsOn`
 * (or the job's id) so an application, a switch of reads or a drop of old tables waits for a complete destination.
 *
 * - **Never writes to DTS**; delete only removes it from the state.
 * - **Already initialized**: answers on the first reply. **Not started yet**: waited for within the deadline
 *   (the status line says so).
 * - **Failure** (`PrecheckFailed`, a failed phase, `InitializeFailed`, `Failed`, a paused job, a failed incremental
 *   phase): at once, naming the failed check items with their repair methods and the failed tables; the resource
 *   is saved with what was seen, and the next `pulumi up` looks again (e.g. after the job was fixed and restarted).
 * - **Deadline** (`wait.timeoutMinutes`, or `customTimeouts` with the native plugin) or **Ctrl-C**: saved with what
 *   was seen; the next `pulumi up` resumes waiting.
 *
 * @example
 * ```ts
 * const ready = new SynchronizationJobInitialization("orders-ready", {
 *   synchronizationJobId: "dtsi76118o3w92****",
 *   wait: { timeoutMinutes: 24 * 60 },
 *   caughtUp: { maxDelaySeconds: 5 },
 * });
 * new k8s.apps.v1.Deployment("app", { ... }, { dependsOn: [ready] });
 * ```
 */
export class SynchronizationJobInitialization extends InitializationResource<SynchronizationJobInitializationFailOnOptions> {
  /** The job (`SynchronizationJobId`, e.g. `dtsi76118o3w92****`). A change replaces the resource. */
  declare public readonly synchronizationJobId: pulumi.Output<string>;
  /** `Forward` or `Reverse`, for two-way jobs only. A change replaces the resource. */
  declare public readonly synchronizationDirection: pulumi.Output<SynchronizationDirection | undefined>;
  /**
   * After initialization, also wait until the incremental delay (`DelayMillis`, else `Delay` in seconds) stays at most
   * `maxDelaySeconds` for `polls` replies in a row (default 3): the gate before a cut-over. A change only looks again
   * (in-place update).
   */
  declare public readonly caughtUp: pulumi.Output<CaughtUpOption | undefined>;
  /** Tables that failed (all pages of `DescribeInitializationStatus`). */
  declare public readonly failedTables: pulumi.Output<FailedTable[]>;
  /** Table counts from the initialization report, when it was read. */
  declare public readonly tables: pulumi.Output<TablesOutput | undefined>;

  constructor(name: string, args: SynchronizationJobInitializationArgs, opts?: pulumi.CustomResourceOptions) {
    const props = dynamicProps(name, args, [...SYNC_JOB_INITIALIZATION_INPUT_KEYS, ...INITIALIZATION_OUTPUT_KEYS, "failedTables", "tables"]);
    super(getSynchronizationJobInitializationProvider(), name, props, opts, "dts", "SynchronizationJobInitialization");
  }
}
