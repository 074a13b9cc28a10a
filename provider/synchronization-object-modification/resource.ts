/**
 * The `SynchronizationObjectModification` resource: a `pulumi.dynamic.Resource` that starts a DTS
 * synchronization-object modification and blocks until its precheck, structure initialization and data
 * initialization are done.
 */
import * as pulumi from "@pulumi/pulumi";
import { STATUS_OUTPUT_KEYS } from "../../sdk/reports/sync-job-outputs";
import { dynamicProps, oneInstance } from "../shared/dynamic-resource";
import { INPUT_KEYS } from "./keys";
import { SynchronizationObjectModificationProvider } from "./provider";
import type {
  FailedTable,
  FailOnOptions,
  PhaseOutput,
  PrecheckOutput,
  SynchronizationDatabase,
  SynchronizationDirection,
  SynchronizationObjectModificationArgs,
  TablesOutput,
  WaitOptions,
} from "./types";

/** The Pulumi type token of the resource: `pulumi-nodejs:dynamic/dts:SynchronizationObjectModification`. */
export const RESOURCE_TYPE = "pulumi-nodejs:dynamic/dts:SynchronizationObjectModification";

/** The one provider instance all resources share (Pulumi caches its serialization per instance). */
export const getProvider: () => SynchronizationObjectModificationProvider = oneInstance(() => new SynchronizationObjectModificationProvider());

/** Every input and output key (seeding the outputs). */
const OUTPUT_KEYS = [...INPUT_KEYS, ...STATUS_OUTPUT_KEYS] as const;

/**
 * Changes the objects an Alibaba Cloud DTS synchronization job syncs, and waits until the change is done.
 *
 * `pulumi up` first reads the job's documented state (`DescribeSynchronizationJobStatus`): while the job is
 * `modifying` it waits for that modification to end; if the job then already syncs exactly the requested objects,
 * it starts **no** task and the outputs report the job's phases and tables (no `taskId`; set a new `revision` to run
 * the same objects again); otherwise it calls `ModifySynchronizationObject` once (an ambiguous failure goes back to
 * reading the job state, never to a blind retry) and polls the task until precheck, structure initialization and
 * data initialization have finished, printing progress lines. The outputs then describe the task: phases, precheck
 * items, failed tables, table counts. A ClientToken is sent but relied on nowhere (the API page documents none).
 *
 * - **Failure, deadline or Ctrl-C**: the deadline is the smaller of `wait.timeoutMinutes` (default 60) and the
 *   resource's `customTimeouts` for the operation (the message names the one that ended it); one Ctrl-C ends the wait
 *   at once. The resource is still saved with its TaskId and the error lists the failed check items (with
 *   ErrorMessage and RepairMethod), the failed phase and the failed tables. The next `pulumi up` resumes waiting on
 *   the same task; it starts a new task only when the replacing inputs change.
 * - **Replace** on a change of `synchronizationJobId`, `synchronizationObjects`, `synchronizationDirection`,
 *   `adoptTaskId` or `revision`; **update** (re-wait only) on a change of `wait`, `failOn`, `regionId`, `endpoint`.
 * - **Refresh** waits for the task (same deadline) and records its state; a task DTS no longer knows is removed
 *   from the state.
 * - **Delete** only removes the resource from the state: a modification cannot be undone, and DTS is not called.
 *   To change the objects again, declare the new set.
 * - **Credentials**: stack config `dts:accessKeyId` and secret `dts:accessKeySecret` (optional `dts:securityToken`,
 *   `dts:region`, `dts:endpoint`), else `ALIBABA_CLOUD_ACCESS_KEY_ID`/`ALIBABA_CLOUD_ACCESS_KEY_SECRET`, else the
 *   Alibaba Cloud credentials chain. They are read in the provider process only, never stored in the state.
 * - **Progress**: one status line on the resource's own row in `pulumi up` (phase, percent, counters, time left),
 *   cleared at the end; phase changes, failed check items, retries and the verdict as lines of the resource. A
 *   refresh's first Reads in a fresh provider process, or a host where this cannot be set up (said once), print plain
 *   lines instead (a percent line every `dts:progressIntervalSeconds`, default 30). How: docs/dynamic-and-native.md.
 * - **Import**: `pulumi import` cannot reach a dynamic resource; declare it with `adoptTaskId` instead.
 * - The program directory must resolve `pulumi-dts-objects` (list it in the program's package.json): the provider
 *   code stored in the state loads it by name.
 *
 * @example
 * ```ts
 * import * as pulumi from "@pulumi/pulumi";
 * import { SynchronizationObjectModification } from "pulumi-dts-objects";
 *
 * // pulumi config set dts:accessKeyId LTAI...; pulumi config set --secret dts:accessKeySecret ...; pulumi config set dts:region cn-hangzhou
 * const objects = new SynchronizationObjectModification("orders-sync-objects", {
 *   synchronizationJobId: "dtsi76118o3w92****",
 *   synchronizationObjects: [
 *     { dbName: "dtstestdata", tableIncludes: [{ tableName: "customer" }, { tableName: "orders", newTableName: "orders_v2" }] },
 *     { dbName: "inventory" }, // the whole database
 *   ],
 *   wait: { timeoutMinutes: 120 },
 *   failOn: { failedTables: true },
 * });
 *
 * export const taskId = objects.taskId;
 * export const failedTables = objects.failedTables;
 * export const dataProgress = objects.dataInitialization.apply((d) => `${d.status} ${d.percent}%`);
 * ```
 */
export class SynchronizationObjectModification extends pulumi.dynamic.Resource {
  /** The synchronization job. */
  declare public readonly synchronizationJobId: pulumi.Output<string>;
  /**
   * The objects, in the normalized typed form (also when given as JSON text, `synchronizationObjectsJson`).
   *
   * TypeScript: the JSON text is given to `synchronizationObjects` itself.
   */
  declare public readonly synchronizationObjects: pulumi.Output<SynchronizationDatabase[] | undefined>;
  /** `Forward` or `Reverse`, when given. */
  declare public readonly synchronizationDirection: pulumi.Output<SynchronizationDirection | undefined>;
  /** The region, when given. */
  declare public readonly regionId: pulumi.Output<string | undefined>;
  /** The endpoint, when given. */
  declare public readonly endpoint: pulumi.Output<string | undefined>;
  /** The wait options, when given. */
  declare public readonly wait: pulumi.Output<WaitOptions | undefined>;
  /** The failure options, when given. */
  declare public readonly failOn: pulumi.Output<FailOnOptions | undefined>;
  /** The adopted task, when given. */
  declare public readonly adoptTaskId: pulumi.Output<string | undefined>;
  /** The revision, when given. */
  declare public readonly revision: pulumi.Output<string | undefined>;

  /** The modification task (also the resource id); absent when no task was started (`source` is `job`). */
  declare public readonly taskId: pulumi.Output<string | undefined>;
  /**
   * Where the phases come from: `task` (the modification task) or `job` (no task was started because the job already
   * synced the requested objects; the phases and tables are the job's).
   */
  declare public readonly source: pulumi.Output<"task" | "job">;
  /** One line for a person when `source` is `job` (why no task was started), or when nothing is decided yet. */
  declare public readonly note: pulumi.Output<string | undefined>;
  /**
   * Why the tables are left out: `DescribeInitializationStatus` reports the job's latest modification, which is not
   * this task; or, starting with `tables not checked:`, why the report could not be read and the fix; then
   * `failOn.failedTables` fails the operation (see docs/bounds.md).
   */
  declare public readonly tablesLeftOut: pulumi.Output<string | undefined>;
  /** The task's overall `Status` (may read `Migrating` after every phase finished: incremental sync goes on). */
  declare public readonly status: pulumi.Output<string>;
  /** Precheck: status, percent, every item, and the failed items with error message and repair method. */
  declare public readonly precheck: pulumi.Output<PrecheckOutput>;
  /** Structure initialization: status, percent, tables done, error message. */
  declare public readonly structureInitialization: pulumi.Output<PhaseOutput>;
  /** Data initialization: status, percent, rows copied, error message. */
  declare public readonly dataInitialization: pulumi.Output<PhaseOutput>;
  /** Tables that failed structure or data initialization. */
  declare public readonly failedTables: pulumi.Output<FailedTable[]>;
  /** Table counts from the initialization report; absent when that report is not this task's (see `tablesLeftOut`). */
  declare public readonly tables: pulumi.Output<TablesOutput | undefined>;
  /** ISO 8601: when the task was started (or first waited for, when adopted). */
  declare public readonly startedAt: pulumi.Output<string>;
  /** ISO 8601: when the task finished; absent while it is unfinished. */
  declare public readonly finishedAt: pulumi.Output<string | undefined>;
  /**
   * ISO 8601: when the task is estimated to finish, as of the last status of a wait that ended unfinished (the
   * deadline): set once data initialization runs and its percent moved enough to mean something; absent when finished
   * or unknown. The rate is measured over the recent percents (a slow start or a past stall weighs nothing); see
   * bench/RESULTS.md for its error.
   */
  declare public readonly estimatedFinishAt: pulumi.Output<string | undefined>;
  /** Status calls made for this resource, over every create, update and refresh. */
  declare public readonly polls: pulumi.Output<number>;

  /**
   * @param name - the resource name; part of the ClientToken (sent, relied on nowhere), with the project and stack.
   * @param args - the job, the objects and options; validated during `pulumi preview`.
   * @param opts - resource options; `customTimeouts` bounds the wait (with `wait.timeoutMinutes`, the smaller wins).
   */
  constructor(name: string, args: SynchronizationObjectModificationArgs, opts?: pulumi.CustomResourceOptions) {
    super(getProvider(), name, dynamicProps(name, args, OUTPUT_KEYS), opts, "dts", "SynchronizationObjectModification");
  }
}
