/**
 * The `DtsJobModification` resource: waits for a change of the objects of a DTS job managed through the DtsJob API
 * (`ModifyDtsJob`, as pulumi-alicloud's `alicloud.dts.SynchronizationJob` and Terraform change `db_list`), through
 * its precheck, structure initialization and data initialization.
 */
import * as pulumi from "@pulumi/pulumi";
import { dynamicProps, oneInstance } from "../shared/dynamic-resource";
import { DTS_JOB_OUTPUT_KEYS } from "./impl";
import { DTS_JOB_INPUT_KEYS } from "./inputs";
import { DtsJobModificationProvider } from "./provider";
import type { FailedObjectOutput, DtsJobChange, DtsJobFailOnOptions, DtsJobModificationArgs } from "./types";
import type { PhaseOutput, PrecheckOutput } from "../../sdk/reports/sync-job-outputs";
import type { SynchronizationDirection } from "../../sdk/types";
import type { WaitOptions } from "../shared/wait-options";

/** The Pulumi type token of the dynamic resource. */
export const DTS_JOB_RESOURCE_TYPE = "pulumi-nodejs:dynamic/dts:DtsJobModification";

/** The one provider instance all `DtsJobModification`s share. */
export const getDtsJobProvider: () => DtsJobModificationProvider = oneInstance(() => new DtsJobModificationProvider());

/**
 * Changes (or waits for a change of) the objects of a DTS job managed through the DtsJob API, and blocks until the
 * change has run its precheck, structure initialization and data initialization.
 *
 * - **`dbList`**: `pulumi up` reads the job (`DescribeDtsJobDetail`): while a modification runs it waits for it,
 *   writing nothing; if the job's `DbObject` already selects the list (canonical compare), it writes nothing
 *   (`change: "inPlace"`); otherwise it sends **one** `ModifyDtsJob` with the complete list (the API replaces the
 *   whole list) and waits. An ambiguous write (no answer) is settled from the job state, never retried blind.
 * - **`waitOnly: true`**: writes nothing; waits for the modification another client started, e.g. with
 *   `dependsOn: [job]` on an `alicloud.dts.SynchronizationJob` whose `dbList` changed (it returns at once).
 * - **Failure, deadline or Ctrl-C** (the deadline: the smaller of `wait.timeoutMinutes` and `customTimeouts`, on
 *   both faces; one Ctrl-C ends the wait at once): the resource is saved with what a resume needs (the subtasks that are not this change's), the error names the failed check
 *   items with their repair methods and the failed objects; the next `pulumi up` resumes the same change and never
 *   writes it again. A change that ended in failure is reported again until it is replaced (`pulumi up --replace`)
 *   or `dbList` changes.
 * - **Progress**: one status line on the resource's own row in `pulumi up` (phase, percent, counters, time left),
 *   cleared at the end; phase changes, failed items and the verdict as lines of the resource (docs/dynamic-and-native.md).
 * - **Readings**: how a modification shows in `DescribeDtsJobDetail` is not documented; the wait is correct whether
 *   the job reads `Modifying` or stays `synchronizing` meanwhile, and whether a finished `SubSyncJob` stays in the
 *   reply or leaves it (README, "Jobs managed through the DtsJob API").
 *
 * @example
 * ```ts
 * const change = new DtsJobModification("orders-db-list", {
 *   dtsJobId: "l3m1213ye7l****",
 *   dtsInstanceId: "dtsl3m1213ye7l****",
 *   dbList: { dtstestdata: { name: "dtstestdata", all: false, Table: { customer: { name: "customer", all: true } } } },
 *   wait: { timeoutMinutes: 120 },
 * });
 * export const phases = change.dataInitialization.apply((d) => `${d.status} ${d.percent}%`);
 * ```
 */
export class DtsJobModification extends pulumi.dynamic.Resource {
  /** The job (`DtsJobId`, e.g. `l3m1213ye7l****`). A change replaces the resource. */
  declare public readonly dtsJobId: pulumi.Output<string>;
  /** The instance (`DtsInstanceId`, e.g. `dtsl3m1213ye7l****`): `ModifyDtsJob` needs it; read from the job when omitted. A change replaces the resource. */
  declare public readonly dtsInstanceId: pulumi.Output<string | undefined>;
  /**
   * The list, as canonical DbList JSON text (keys sorted), whichever form (`dbList` or `dbListJson`) gave it; absent
   * with `waitOnly`.
   *
   * TypeScript: the JSON text is given to `dbList` itself.
   */
  declare public readonly dbList: pulumi.Output<string | undefined>;
  /**
   * Write nothing: wait for the modification another client started (e.g. `alicloud.dts.SynchronizationJob`'s `dbList`
   * change, with `dependsOn` on it). Exactly one of `dbList`, `dbListJson` and `waitOnly`. A change replaces the
   * resource.
   */
  declare public readonly waitOnly: pulumi.Output<boolean | undefined>;
  /** `Forward` or `Reverse`, for two-way jobs only. A change replaces the resource. */
  declare public readonly synchronizationDirection: pulumi.Output<SynchronizationDirection | undefined>;
  /** Region of the job; else stack config `dts:region`, else `cn-hangzhou`. */
  declare public readonly regionId: pulumi.Output<string | undefined>;
  /** Service URL (the emulator, or a private endpoint); else stack config `dts:endpoint`. */
  declare public readonly endpoint: pulumi.Output<string | undefined>;
  /** Deadline and polling pace. A change only re-waits (in-place update). */
  declare public readonly wait: pulumi.Output<WaitOptions | undefined>;
  /** What counts as failure. A change only re-waits (in-place update). */
  declare public readonly failOn: pulumi.Output<DtsJobFailOnOptions | undefined>;

  /**
   * What this resource did: `modified` (it sent the one `ModifyDtsJob`), `inPlace` (the job already had the list:
   * nothing written), `external` (`waitOnly`: another client's change), `undecided` (nothing decided yet).
   */
  declare public readonly change: pulumi.Output<DtsJobChange>;
  /** The `SubSyncJob` that carried the change, when a reply showed one. */
  declare public readonly subJobId: pulumi.Output<string | undefined>;
  /** The job's `Status` in the last reply (`synchronizing`, `Modifying`, ...). */
  declare public readonly jobStatus: pulumi.Output<string>;
  /** The subtask's `Status`, or the job's when no subtask is shown. */
  declare public readonly status: pulumi.Output<string>;
  /** Precheck: status, percent, every item, and the failed items with error message and repair method. */
  declare public readonly precheck: pulumi.Output<PrecheckOutput>;
  /** Structure initialization: status, percent, progress, error message. */
  declare public readonly structureInitialization: pulumi.Output<PhaseOutput>;
  /** Data initialization: status, percent, progress, error message. */
  declare public readonly dataInitialization: pulumi.Output<PhaseOutput>;
  /** Failed check items or objects from `DescribePreCheckStatus`. */
  declare public readonly failedObjects: pulumi.Output<FailedObjectOutput[]>;
  /** Why `failedObjects` could not be read, when it could not. */
  declare public readonly failedObjectsLeftOut: pulumi.Output<string | undefined>;
  /** One line for a person (what was decided; or that the phases are the job's own). */
  declare public readonly note: pulumi.Output<string | undefined>;
  /** ISO 8601: when this resource first waited for the change. */
  declare public readonly startedAt: pulumi.Output<string>;
  /** ISO 8601: when the wait saw the change succeed or fail; absent while unfinished. */
  declare public readonly finishedAt: pulumi.Output<string | undefined>;
  /** ISO 8601: estimated finish as of the last reply of a wait that ended unfinished; absent when finished or unknown. */
  declare public readonly estimatedFinishAt: pulumi.Output<string | undefined>;
  /** `DescribeDtsJobDetail` calls made for this resource, over every create, update and refresh. */
  declare public readonly polls: pulumi.Output<number>;

  constructor(name: string, args: DtsJobModificationArgs, opts?: pulumi.CustomResourceOptions) {
    super(getDtsJobProvider(), name, dynamicProps(name, args, [...DTS_JOB_INPUT_KEYS, ...DTS_JOB_OUTPUT_KEYS]), opts, "dts", "DtsJobModification");
  }
}
