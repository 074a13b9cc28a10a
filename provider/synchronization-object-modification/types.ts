/**
 * The public types of the provider: what a program passes (`*Args`, may hold `pulumi.Input`s), what is stored
 * after `check` (`*Inputs`, plain and normalized) and what the resource exposes (`*Outputs`).
 *
 * Only types live here (no runtime code), so importing them never pulls anything into a serialized provider.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { SynchronizationDatabase, SynchronizationDirection } from "../../sdk/types";
import type { ModificationArgs } from "../shared/modification-types";

export type { FailedTable, SynchronizationDatabase, SynchronizationDirection, SynchronizationTable } from "../../sdk/types";
export type { WaitOptions } from "../shared/wait-options";
import type { WaitOptions } from "../shared/wait-options";

/** When a finished task still counts as a failure. */
export interface FailOnOptions {
  /**
   * Fail when any table failed structure or data initialization, even if the phases report `Finished`. Default true.
   * @default true
   */
  failedTables?: boolean;
}

/**
 * Arguments of {@link SynchronizationObjectModification} as a program writes them.
 */
export interface SynchronizationObjectModificationArgs extends ModificationArgs<FailOnOptions> {
  /** The synchronization job whose objects change, e.g. `dtsi76118o3w92****`. A change replaces the resource (a new task). */
  synchronizationJobId: pulumi.Input<string>;
  /**
   * The complete set of objects the job syncs after the change: the databases, with optional table lists and renames.
   * Stored in one normalized form, also when given as `synchronizationObjectsJson`. A change replaces the resource (a
   * new task). One of `synchronizationObjects` and `synchronizationObjectsJson`; both optional only with `adoptTaskId`.
   *
   * TypeScript: this input also takes the JSON text (`[{"DBName":"db","TableIncludes":[{"TableName":"t"}]}]`; there is
   * no `synchronizationObjectsJson`); both forms are stored as the typed list.
   */
  synchronizationObjects?: pulumi.Input<string> | pulumi.Input<pulumi.Input<SynchronizationDatabase>[]>;
  /** Service URL (the emulator, or a private endpoint); else stack config `dts:endpoint`, else `https://dts.aliyuncs.com`. */
  endpoint?: pulumi.Input<string>;
  /**
   * Wait for an existing task (e.g. one started by hand, or one a failed `pulumi up` reported as ambiguous) instead of
   * starting one. A change replaces the resource.
   */
  adoptTaskId?: pulumi.Input<string>;
  /**
   * Any string. Without it, a create reads the job state first and starts no task when the job already syncs exactly
   * the requested objects (the outputs then report the job, with no TaskId). Set or change it to run the same objects
   * again (e.g. after fixing a failed table): a create with `revision` set always starts a task. A change replaces the
   * resource. The one case that can start a second task: a create with `revision` set that was interrupted after DTS
   * accepted the call but before Pulumi saved the resource (a killed host, Ctrl-C twice) creates again on the next
   * `pulumi up` and, as asked, takes no shortcut; so does, without `revision`, such an interrupted create that renames
   * tables when it is re-run only after its modification finished (the job state does not show destination table
   * names). A create that failed ambiguously in-process saves the resource without a TaskId instead, and its resume
   * never repeats.
   */
  revision?: pulumi.Input<string>;
}

/** The inputs after `check`: plain values, objects normalized to the typed form. Also part of the outputs. */
export interface SynchronizationObjectModificationInputs {
  synchronizationJobId: string;
  /** Normalized typed form (absent only with `adoptTaskId`). */
  synchronizationObjects?: SynchronizationDatabase[];
  synchronizationDirection?: SynchronizationDirection;
  regionId?: string;
  endpoint?: string;
  wait?: WaitOptions;
  failOn?: FailOnOptions;
  adoptTaskId?: string;
  revision?: string;
  /**
   * `<project>/<stack>/<resource name>`: set by the resource class, part of the ClientToken (sent, relied on
   * nowhere; the dynamic-provider host does not pass the URN to `create`).
   * @internal
   */
  __resourceKey?: string;
  /**
   * Changes (deterministically) each time `check` sees the replacing fields change, so going back to earlier
   * objects sends a new ClientToken.
   * @internal
   */
  __tokenSalt?: string;
}

export type { ModificationStatusOutputs, PhaseOutput, PrecheckItemOutput, PrecheckOutput, TablesOutput } from "../../sdk/reports/sync-job-outputs";
import type { ModificationStatusOutputs } from "../../sdk/reports/sync-job-outputs";

/** The outputs of the resource: the stored inputs plus the task's status. */
export interface SynchronizationObjectModificationOutputs extends SynchronizationObjectModificationInputs, ModificationStatusOutputs {}
