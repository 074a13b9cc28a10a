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
  declare public readonly synchronizationJobId: pulumi.Output<string>;
  declare public readonly synchronizationDirection: pulumi.Output<SynchronizationDirection | undefined>;
  declare public readonly regionId: pulumi.Output<string | undefined>;
  declare public readonly endpoint: pulumi.Output<string | undefined>;
  declare public readonly wait: pulumi.Output<WaitOptions | undefined>;
  declare public readonly caughtUp: pulumi.Output<CaughtUpOption | undefined>;
  declare public readonly failOn: pulumi.Output<SynchronizationJobInitializationFailOnOptions | undefined>;

  /** `sync-job`. */
  declare public readonly family: pulumi.Output<string>;
  /** The job's `Status` in the last reply, as sent (e.g. `Synchronizing`). */
  declare public readonly jobStatus: pulumi.Output<string>;
  /** Where the job stood at the last reply: `not-started`, `precheck`, ..., `initialized`, `catching-up`, `caught-up`, `failed`. */
  declare public readonly stage: pulumi.Output<string>;
  /** A reply showed every phase the job runs `Finished` and the job in its steady state. */
  declare public readonly initialized: pulumi.Output<boolean>;
  declare public readonly precheck: pulumi.Output<PrecheckOutput>;
  /** `Skipped` when the job's migration mode turns it off (this package's word). */
  declare public readonly structureInitialization: pulumi.Output<PhaseOutput>;
  declare public readonly dataInitialization: pulumi.Output<PhaseOutput>;
  declare public readonly incrementalStatus: pulumi.Output<string | undefined>;
  /** Incremental delay of the last reply, seconds (absent when unknown). */
  declare public readonly delaySeconds: pulumi.Output<number | undefined>;
  /** The caught-up gate's result, when `caughtUp` was asked. */
  declare public readonly caughtUpResult: pulumi.Output<CaughtUpOutput | undefined>;
  /** Tables that failed (all pages of `DescribeInitializationStatus`). */
  declare public readonly failedTables: pulumi.Output<FailedTable[]>;
  /** The tables of the initialization report, counted. */
  declare public readonly tables: pulumi.Output<TablesOutput | undefined>;
  declare public readonly failedLeftOut: pulumi.Output<string | undefined>;
  declare public readonly reason: pulumi.Output<string | undefined>;
  declare public readonly startedAt: pulumi.Output<string>;
  declare public readonly finishedAt: pulumi.Output<string | undefined>;
  declare public readonly estimatedFinishAt: pulumi.Output<string | undefined>;
  declare public readonly polls: pulumi.Output<number>;

  constructor(name: string, args: SynchronizationJobInitializationArgs, opts?: pulumi.CustomResourceOptions) {
    const props = dynamicProps(name, args, [...SYNC_JOB_INITIALIZATION_INPUT_KEYS, ...INITIALIZATION_OUTPUT_KEYS, "failedTables", "tables"]);
    super(getSynchronizationJobInitializationProvider(), name, props, opts, "dts", "SynchronizationJobInitialization");
  }
}
