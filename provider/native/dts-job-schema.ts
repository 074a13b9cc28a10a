/**
 * The schema of `dts:index:DtsJobModification`: the source of the descriptions of its inputs and outputs, which
 * `npm run gen:docs` copies into the TSDoc of provider/dts-job-modification/types.ts and resource.ts
 * (tests/native/schema.test.ts checks the property sets against the TypeScript types).
 * `dbList` is a typed map (`DbListDatabase` per source database) and its JSON text a separate input, `dbListJson`:
 * no string|map union, which Pulumi's Python runtime cannot serialize (it asserts on the union's non-string arm)
 * and Pulumi YAML type-checks against one arm only. The output `dbList` is the stored canonical JSON text (what
 * existing stacks hold), so it stays a string.
 */
import { arrayOf, bool, int, mapOf, ref, str, type Spec } from "./schema-spec";

/** The token of the resource. */
export const DTS_JOB_RESOURCE_TOKEN = "dts:index:DtsJobModification";

/**
 * `dml_op` and `ddl_op` of a DbList entry (`of`: "this database"), the API's keys, named `DmlOp`/`DdlOp` in .NET.
 * `more`: what follows the key in the descriptions.
 */
function dbListOps(of: string, more = ""): Record<string, Spec> {
  return {
    dml_op: { ...str(`The DML operations to sync for ${of} (\`dml_op\`)${more}.`), language: { csharp: { name: "DmlOp" } } },
    ddl_op: { ...str(`The DDL operations to sync for ${of} (\`ddl_op\`)${more}.`), language: { csharp: { name: "DdlOp" } } },
  };
}

/** The object types only this resource uses (Precheck, Phase and WaitOptions are shared). */
export const DTS_JOB_TYPES: Record<string, Spec> = {
  "dts:index:DbListDatabase": {
    type: "object",
    description:
      'One database of `dbList` (the `DbList` of `ModifyDtsJob`, help.aliyun.com/document_detail/209545): `{"name":"db1","all":true}`, or `"all":false` with a `Table` map. The keys are the API\'s own (`Table`, `dml_op`), so the DTS document applies as written; keys not typed here go in `dbListJson`.',
    properties: {
      name: str("Destination database name (`name`)."),
      all: bool("`true`: the whole database; `false`: only the tables in `Table`."),
      Table: mapOf("DbListTable", "The tables to sync when `all` is false: source table name -> its entry (`Table`)."),
      ...dbListOps("this database", ", as the DbList document describes"),
    },
  },
  "dts:index:DbListTable": {
    type: "object",
    description: "One table of a `DbListDatabase`'s `Table` map.",
    properties: {
      name: str("Destination table name (`name`)."),
      all: bool("`true`: every column; `false`: the columns in `column`."),
      filter: str("A filter condition rows must match (`filter`, e.g. `id>10`)."),
      column: {
        type: "object",
        additionalProperties: { $ref: "pulumi.json#/Any" },
        description: "The columns to sync when `all` is false (`column`), as the DbList document describes.",
      },
      ...dbListOps("this table"),
    },
  },
  "dts:index:DtsJobFailOnOptions": {
    type: "object",
    description: "When a finished DtsJob change still counts as a failure.",
    properties: {
      failedObjects: {
        type: "boolean",
        description:
          "Fail when `DescribePreCheckStatus` lists failed objects for the structure or data initialization of a change whose phases read `Finished`. Default true.",
      },
    },
  },
  "dts:index:FailedObject": {
    type: "object",
    description: "A failed check item or object from `DescribePreCheckStatus` (`JobProgress[]` with `State: Failed`).",
    properties: {
      item: str("`Item`: the check item (JobCode 01) or the object kind."),
      names: str("`Names`: the object(s) concerned."),
      state: str("`State`, e.g. `Failed`."),
      errorMessage: str("`ErrMsg`."),
      repairMethod: str("`RepairMethod`: what DTS suggests."),
      sourceSchema: str("`SourceSchema`."),
      destSchema: str("`DestSchema`."),
    },
    required: ["state"],
  },
};

const INPUTS: Record<string, Spec> = {
  dtsJobId: str("The job (`DtsJobId`, e.g. `l3m1213ye7l****`). A change replaces the resource."),
  dtsInstanceId: str(
    "The instance (`DtsInstanceId`, e.g. `dtsl3m1213ye7l****`): `ModifyDtsJob` needs it; read from the job when omitted. A change replaces the resource.",
  ),
  dbList: mapOf(
    "DbListDatabase",
    'The complete list of objects after the change, as the API\'s DbList map: source database name -> its entry (`{"db1":{"name":"db1","all":true}}`); `ModifyDtsJob` replaces the whole list. Stored as canonical JSON text (keys sorted). Exactly one of `dbList`, `dbListJson` and `waitOnly`. A change replaces the resource.',
  ),
  dbListJson: str(
    'The same list as the API\'s DbList JSON text (`{"db1":{"name":"db1","all":true}}`), for a list held as text or with keys `dbList` does not type. Stored exactly as `dbList` is: changing from one form to the other with the same list is no change. Exactly one of `dbList`, `dbListJson` and `waitOnly`.',
  ),
  waitOnly: {
    type: "boolean",
    description:
      "Write nothing: wait for the modification another client started (e.g. `alicloud.dts.SynchronizationJob`'s `dbList` change, with `dependsOn` on it). Exactly one of `dbList`, `dbListJson` and `waitOnly`. A change replaces the resource.",
  },
  synchronizationDirection: str("`Forward` or `Reverse`, for two-way jobs only. A change replaces the resource."),
  regionId: str("Region of the job; else stack config `dts:region`, else `cn-hangzhou`."),
  endpoint: str("Service URL (the emulator, or a private endpoint); else stack config `dts:endpoint`."),
  wait: ref("WaitOptions", "Deadline and polling pace. A change only re-waits (in-place update)."),
  failOn: ref("DtsJobFailOnOptions", "What counts as failure. A change only re-waits (in-place update)."),
};

/** The inputs stored as given (every input but the two forms of the list). */
const { dbList: _typedList, dbListJson: _textList, ...STORED_AS_GIVEN } = INPUTS;

const OUTPUTS: Record<string, Spec> = {
  ...STORED_AS_GIVEN,
  dbList: str("The list, as canonical DbList JSON text (keys sorted), whichever form (`dbList` or `dbListJson`) gave it; absent with `waitOnly`."),
  change: str(
    "What this resource did: `modified` (it sent the one `ModifyDtsJob`), `inPlace` (the job already had the list: nothing written), `external` (`waitOnly`: another client's change), `undecided` (nothing decided yet).",
  ),
  subJobId: str("The `SubSyncJob` that carried the change, when a reply showed one."),
  jobStatus: str("The job's `Status` in the last reply (`synchronizing`, `Modifying`, ...)."),
  status: str("The subtask's `Status`, or the job's when no subtask is shown."),
  precheck: ref("Precheck", "Precheck: status, percent, every item, and the failed items with error message and repair method."),
  structureInitialization: ref("Phase", "Structure initialization: status, percent, progress, error message."),
  dataInitialization: ref("Phase", "Data initialization: status, percent, progress, error message."),
  failedObjects: arrayOf("FailedObject", "Failed check items or objects from `DescribePreCheckStatus`."),
  failedObjectsLeftOut: str("Why `failedObjects` could not be read, when it could not."),
  note: str("One line for a person (what was decided; or that the phases are the job's own)."),
  startedAt: str("ISO 8601: when this resource first waited for the change."),
  finishedAt: str("ISO 8601: when the wait saw the change succeed or fail; absent while unfinished."),
  estimatedFinishAt: str("ISO 8601: estimated finish as of the last reply of a wait that ended unfinished; absent when finished or unknown."),
  polls: int("`DescribeDtsJobDetail` calls made for this resource, over every create, update and refresh."),
};

const DESCRIPTION = [
  "Changes (or waits for a change of) the objects of an Alibaba Cloud DTS job managed through the DtsJob API (`ModifyDtsJob`, as `alicloud.dts.SynchronizationJob` changes `dbList`), and blocks until the change has run its precheck, structure initialization and data initialization.",
  "",
  "- **`dbList`** (or its JSON text, `dbListJson`): reads the job (`DescribeDtsJobDetail`); while a modification runs it waits, writing nothing; when the job's `DbObject` already selects the list it writes nothing; otherwise one `ModifyDtsJob` with the complete list (an ambiguous write is settled from the job state, never retried blind).",
  "- **`waitOnly: true`**: writes nothing; waits for another client's modification (use `dependsOn` on that client's resource).",
  "- **Failure, deadline or Ctrl-C**: the resource is saved with what a resume needs; the error names the failed check items with their repair methods and the failed objects. The next `pulumi up` resumes the same change without writing it again. A change that ended in failure is reported again until the resource is replaced or `dbList` changes.",
  "- How a modification shows in `DescribeDtsJobDetail` is not documented: the wait is correct whether the job reads `Modifying` or stays `synchronizing`, and whether a finished `SubSyncJob` stays in the reply or leaves it.",
  "- **Import**: `pulumi import dts:index:DtsJobModification <name> <dtsJobId>` adopts the job with one read and no wait (inputs: the job's instance and `DbObject` as `dbList`, or `waitOnly` while a change runs).",
  "- **Delete** only removes the resource from the state.",
].join("\n");

/** The resource spec. */
export function dtsJobResourceSpec(): Spec {
  return {
    description: DESCRIPTION,
    inputProperties: INPUTS,
    requiredInputs: ["dtsJobId"],
    properties: OUTPUTS,
    required: ["dtsJobId", "change", "jobStatus", "status", "precheck", "structureInitialization", "dataInitialization", "failedObjects", "startedAt", "polls"],
  };
}

/** The top-level string inputs (a YAML number becomes its text before `check`). */
export const DTS_JOB_STRING_INPUTS: readonly string[] = Object.entries(INPUTS)
  .filter(([, spec]) => spec.type === "string")
  .map(([key]) => key);
