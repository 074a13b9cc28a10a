/**
 * The public types of `DtsJobModification`: what a program passes (`DtsJobModificationArgs`), what is stored after
 * `check` (`DtsJobModificationInputs`) and what the resource exposes (`DtsJobModificationOutputs`). Types only, so
 * importing them never pulls anything into a serialized provider.
 */
import type * as pulumi from "@pulumi/pulumi";
import type { DtsDbList } from "../../sdk/wire/dts-job-db-list";
import type { DtsJobStatusOutputs } from "../../sdk/reports/dts-job-outputs";
import type { SynchronizationDirection } from "../../sdk/types";
import type { ModificationArgs } from "../shared/modification-types";
import type { WaitOptions } from "../shared/wait-options";

export type { DtsDbList, DtsDbListEntry, DtsDbListTable } from "../../sdk/wire/dts-job-db-list";
export type { DtsJobStatusOutputs, FailedObjectOutput } from "../../sdk/reports/dts-job-outputs";

/** When a finished change still counts as a failure. */
export interface DtsJobFailOnOptions {
  /**
   * Fail when `DescribePreCheckStatus` lists failed objects for the structure or data initialization of a change whose
   * phases read `Finished`. Default true.
   * @default true
   */
  failedObjects?: boolean;
}

/** Arguments of {@link DtsJobModification} as a program writes them. */
export interface DtsJobModificationArgs extends ModificationArgs<DtsJobFailOnOptions> {
  /** The job (`DtsJobId`, e.g. `l3m1213ye7l****`). A change replaces the resource. */
  dtsJobId: pulumi.Input<string>;
  /** The instance (`DtsInstanceId`, e.g. `dtsl3m1213ye7l****`): `ModifyDtsJob` needs it; read from the job when omitted. A change replaces the resource. */
  dtsInstanceId?: pulumi.Input<string>;
  /**
   * The complete list of objects after the change, as the API's DbList map: source database name -> its entry
   * (`{"db1":{"name":"db1","all":true}}`); `ModifyDtsJob` replaces the whole list. Stored as canonical JSON text (keys
   * sorted). Exactly one of `dbList`, `dbListJson` and `waitOnly`. A change replaces the resource.
   *
   * TypeScript: this input also takes the JSON text (there is no `dbListJson`); both forms are stored as the canonical
   * text.
   */
  dbList?: pulumi.Input<string> | pulumi.Input<DtsDbList>;
  /**
   * Write nothing: wait for the modification another client started (e.g. `alicloud.dts.SynchronizationJob`'s `dbList`
   * change, with `dependsOn` on it). Exactly one of `dbList`, `dbListJson` and `waitOnly`. A change replaces the
   * resource.
   *
   * TypeScript: exactly one of `dbList` and `waitOnly` (`dbList` takes the JSON text too).
   */
  waitOnly?: pulumi.Input<boolean>;
  /** Service URL (the emulator, or a private endpoint); else stack config `dts:endpoint`. */
  endpoint?: pulumi.Input<string>;
}

/** The inputs after `check`: plain values, `dbList` as canonical JSON text. Also part of the outputs. */
export interface DtsJobModificationInputs {
  dtsJobId: string;
  dtsInstanceId?: string;
  /** Canonical JSON text (absent with `waitOnly`). */
  dbList?: string;
  waitOnly?: boolean;
  synchronizationDirection?: SynchronizationDirection;
  regionId?: string;
  endpoint?: string;
  wait?: WaitOptions;
  failOn?: DtsJobFailOnOptions;
  /** `<project>/<stack>/<resource name>` (part of the ClientToken). @internal */
  __resourceKey?: string;
  /** Changes when the replacing inputs change, so A -> B -> A sends a new ClientToken. @internal */
  __tokenSalt?: string;
}

/**
 * What this resource did about the change: `modified` (it sent the one `ModifyDtsJob`), `inPlace` (the job already
 * had the list: nothing written), `external` (`waitOnly`, or a change found running that was taken as this one's
 * after an ambiguous write), `undecided` (nothing decided yet: the next `pulumi up` decides again).
 */
export type DtsJobChange = "modified" | "inPlace" | "external" | "undecided";

/** The outputs of the resource: the stored inputs plus the change's status. */
export interface DtsJobModificationOutputs extends DtsJobModificationInputs, DtsJobStatusOutputs {
  change: DtsJobChange;
}
