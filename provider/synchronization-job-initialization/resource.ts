/**
 * The `SynchronizationJobInitialization` resource: waits for a new DTS job's first synchronization (precheck,
 * structure and full data initialization, then steady incremental synchronization), for jobs of the
 * SynchronizationJob API (`DescribeSynchronizationJobStatus`, by `synchronizationJobId`).
 */
import * as pulumi from "@pulumi/pulumi";
import type { CaughtUpOutput } from "../../sdk/reports/initialization-outputs";
import type { PhaseOutput, PrecheckOutput, TablesOutput } from "../../sdk/reports/sync-job-outputs";
import type { FailedTable, SynchronizationDirection } from "../../sdk/types";
import type { CaughtUpOption } from "../../sdk/waiting/initialization-acceptors";
import type { WaitOptions } from "../shared/wait-options";
import { dynamicProps, oneInstance } from "../shared/dynamic-resource";
import { INITIALIZATION_OUTPUT_KEYS } from "../shared/initialization";
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
export class SynchronizationJobInitialization extends pulumi.dynamic.Resource {
  /** The job (`SynchronizationJobId`, e.g. `dtsi76118o3w92****`). A change replaces the resource. */
  declare public readonly synchronizationJobId: pulumi.Output<string>;
  /** `Forward` or `Reverse`, for two-way jobs only. A change replaces the resource. */
  declare public readonly synchronizationDirection: pulumi.Output<SynchronizationDirection | undefined>;
  /** Region of the job; else stack config `dts:region`, else `cn-hangzhou`. */
  declare public readonly regionId: pulumi.Output<string | undefined>;
  /** Service URL (the emulator, or a private endpoint); else stack config `dts:endpoint`. */
  declare public readonly endpoint: pulumi.Output<string | undefined>;
  /** Deadline and polling pace. A change only looks again (in-place update). */
  declare public readonly wait: pulumi.Output<WaitOptions | undefined>;
  /**
   * After initialization, also wait until the incremental delay (`DelayMillis`, else `Delay` in seconds) stays at most
   * `maxDelaySeconds` for `polls` replies in a row (default 3): the gate before a cut-over. A change only looks again
   * (in-place update).
   */
  declare public readonly caughtUp: pulumi.Output<CaughtUpOption | undefined>;
  /** What counts as failure. A change only looks again (in-place update). */
  declare public readonly failOn: pulumi.Output<SynchronizationJobInitializationFailOnOptions | undefined>;

  /** `sync-job` or `dts-job`: the API family of the job. */
  declare public readonly family: pulumi.Output<string>;
  /** The job's `Status` in the last reply, as sent (`Unknown` before any reply). */
  declare public readonly jobStatus: pulumi.Output<string>;
  /**
   * Where the job stood at the last reply: `not-started`, `precheck`, `structure-initialization`,
   * `data-initialization`, `starting-synchronization`, `initialized`, `catching-up`, `caught-up`, `failed` (`unknown`
   * before any reply).
   */
  declare public readonly stage: pulumi.Output<string>;
  /** A reply showed every phase the job runs `Finished` and the job in its steady state (`synchronizing`). */
  declare public readonly initialized: pulumi.Output<boolean>;
  /** Precheck: status, percent, every item, and the failed items with error message and repair method. */
  declare public readonly precheck: pulumi.Output<PrecheckOutput>;
  /** Structure initialization: status, percent, error message; `Skipped` when the job's migration mode turns it off (this package's word, not a DTS value). */
  declare public readonly structureInitialization: pulumi.Output<PhaseOutput>;
  /** Data initialization: status, percent, rows copied, error message; `Skipped` when the job's migration mode turns it off. */
  declare public readonly dataInitialization: pulumi.Output<PhaseOutput>;
  /** The incremental phase's status as sent, when the reply had its block. */
  declare public readonly incrementalStatus: pulumi.Output<string | undefined>;
  /** Incremental delay of the last reply, seconds; absent when unknown (never 0 for unknown). */
  declare public readonly delaySeconds: pulumi.Output<number | undefined>;
  /** The caught-up gate's result, when `caughtUp` was asked. */
  declare public readonly caughtUpResult: pulumi.Output<CaughtUpOutput | undefined>;
  /** Tables that failed (all pages of `DescribeInitializationStatus`). */
  declare public readonly failedTables: pulumi.Output<FailedTable[]>;
  /** Table counts from the initialization report, when it was read. */
  declare public readonly tables: pulumi.Output<TablesOutput | undefined>;
  /** Why the failed tables or objects could not be read, when they could not. */
  declare public readonly failedLeftOut: pulumi.Output<string | undefined>;
  /** One line: why the wait (or the import's one look) ended as it did. */
  declare public readonly reason: pulumi.Output<string | undefined>;
  /** ISO 8601: when this resource started waiting (a wait after an ended one starts again). */
  declare public readonly startedAt: pulumi.Output<string>;
  /** ISO 8601: when a wait saw the job initialized (and caught up, when asked) or failed; absent while unfinished. */
  declare public readonly finishedAt: pulumi.Output<string | undefined>;
  /** ISO 8601: estimated end of the data initialization as of the last reply of a wait that ended unfinished; absent when finished or unknown. */
  declare public readonly estimatedFinishAt: pulumi.Output<string | undefined>;
  /** Status calls made for this resource since it started waiting. */
  declare public readonly polls: pulumi.Output<number>;

  constructor(name: string, args: SynchronizationJobInitializationArgs, opts?: pulumi.CustomResourceOptions) {
    const props = dynamicProps(name, args, [...SYNC_JOB_INITIALIZATION_INPUT_KEYS, ...INITIALIZATION_OUTPUT_KEYS, "failedTables", "tables"]);
    super(getSynchronizationJobInitializationProvider(), name, props, opts, "dts", "SynchronizationJobInitialization");
  }
}
