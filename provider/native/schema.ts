/**
 * The Pulumi package schema of the native provider plugin `dts` (served by `GetSchema`, and the input of the SDK
 * generator in scripts/gen-sdk). The one source of the resources' descriptions: `npm run gen:docs` writes the TSDoc of
 * the TypeScript members that mirror it (scripts/gen-tsdoc.js: the `*Args` interfaces, the resource classes, the
 * object types' interfaces) and the docs/ tables from it; tests/docs/tsdoc.test.ts and tables.test.ts fail when they
 * differ. Same inputs, outputs and `dts:*` config keys as the dynamic resources, with the real types;
 * tests/native/schema.test.ts checks the property sets and optionality against the TypeScript types.
 *
 * Object types are named for what they hold (`Precheck`, `Phase`, `TableCounts`), not `...Output`: the Go
 * generator appends `Output` to every type's output form. No `logoUrl`: the .NET generator would fetch it
 * (scripts/gen-sdk hands it a local one).
 */
import { pluginDownloadURL } from "../../sdk/version";
import type { CONFIG_KEYS } from "../synchronization-object-modification/impl";
import { arrayOf, int, num, ref, str, type Spec } from "./schema-spec";
import { DTS_JOB_RESOURCE_TOKEN, DTS_JOB_TYPES, dtsJobResourceSpec } from "./dts-job-schema";
import {
  DTS_JOB_INITIALIZATION_TOKEN,
  dtsJobInitializationResourceSpec,
  INITIALIZATION_TYPES,
  SYNC_JOB_INITIALIZATION_TOKEN,
  syncJobInitializationResourceSpec,
} from "./initialization-schema";

/** The package name: resource tokens are `dts:index:<Type>`, stack config keys `dts:<key>`. */
export const PACKAGE_NAME = "dts";
/** The token of the resource. */
export const RESOURCE_TOKEN = "dts:index:SynchronizationObjectModification";

/** The `dts:*` stack config keys (also the explicit provider's inputs), by their name without the namespace. */
const CONFIG_VARIABLES: Record<keyof typeof CONFIG_KEYS, Spec> = {
  accessKeyId: str(
    "AccessKey ID. With `accessKeySecret`; else `ALIBABA_CLOUD_ACCESS_KEY_ID`/`ALIBABA_CLOUD_ACCESS_KEY_SECRET`, else the Alibaba Cloud credentials chain. Read in the provider process only, never stored in the state.",
  ),
  accessKeySecret: str("AccessKey secret (set it with `pulumi config set --secret dts:accessKeySecret ...`).", { secret: true }),
  securityToken: str("STS security token, for temporary credentials (with `accessKeyId` and `accessKeySecret`).", { secret: true }),
  region: str("Region used when a resource has no `regionId`; else `cn-hangzhou`."),
  endpoint: str("Service URL used when a resource has no `endpoint` (the emulator, or a private endpoint); else `https://dts.aliyuncs.com`."),
  progressIntervalSeconds: num("Pause between percent lines while nothing changes, in seconds. Default 30."),
};

const TYPES: Record<string, Spec> = {
  "dts:index:SynchronizationTable": {
    type: "object",
    description: "A table to sync, in the typed form of `SynchronizationObjects`.",
    properties: {
      tableName: str("Source table name (`TableName`)."),
      newTableName: str("Name in the destination (`NewTableName`); defaults to `tableName`."),
    },
    required: ["tableName"],
  },
  "dts:index:ExcludedTable": {
    type: "object",
    description: "A table to leave out when the whole database is synced (`TableExcludes`).",
    properties: { tableName: str("Source table name (`TableName`).") },
    required: ["tableName"],
  },
  "dts:index:SynchronizationDatabase": {
    type: "object",
    description:
      'One database in the typed form of `SynchronizationObjects` (wire: `[{"DBName":"db","NewDBName":"db","TableIncludes":[{"TableName":"t","NewTableName":"t"}]}]`).',
    properties: {
      dbName: str("Source database name (`DBName`)."),
      newDbName: str("Destination database name (`NewDBName`); defaults to `dbName`."),
      tableIncludes: arrayOf("SynchronizationTable", "Tables to sync (`TableIncludes`); absent = the whole database."),
      tableExcludes: arrayOf("ExcludedTable", "Tables to leave out when the whole database is synced (`TableExcludes`)."),
    },
    required: ["dbName"],
  },
  "dts:index:WaitOptions": {
    type: "object",
    description: "How long and how often the provider polls the task.",
    properties: {
      timeoutMinutes: num(
        "The provider's own deadline for one operation (create, update, refresh), in minutes; fractions allowed. Default 60. The resource's `customTimeouts` for the operation bound it too (the smaller of the two wins). When it passes, the resource is saved with its TaskId and the next `pulumi up` resumes waiting.",
      ),
      minDelaySeconds: num("Smallest pause between two status calls, in seconds. Default 2."),
      maxDelaySeconds: num("Largest pause between two status calls, in seconds (the pause grows from min to max). Default 30."),
      maxIdleDelaySeconds: num(
        "Largest pause between two status calls while data initialization shows its end is far away, in seconds. Once precheck and structure initialization are `Finished` and the percent rises steadily, the wait sleeps 10% of the time to the earliest possible end, up to this, while that end is at least 30 minutes away; it comes back to `maxDelaySeconds` as the end nears, when the percent stalls or goes back, or a poll fails. A multi-day data initialization then costs about a tenth of the calls; a failure is seen at most one such pause late. Default 600 (or `maxDelaySeconds` when larger); at most 3600; equal to `maxDelaySeconds` turns this off.",
      ),
    },
  },
  "dts:index:FailOnOptions": {
    type: "object",
    description: "When a finished task still counts as a failure.",
    properties: {
      failedTables: {
        type: "boolean",
        description: "Fail when any table failed structure or data initialization, even if the phases report `Finished`. Default true.",
      },
    },
  },
  "dts:index:PrecheckItem": {
    type: "object",
    description: "One precheck item in the outputs.",
    properties: {
      name: str("`ItemName`, e.g. `CHECK_CONN_SRC`."),
      status: str("`CheckStatus`: `Success`, `Failed`, ..."),
      errorMessage: str("Why it failed."),
      repairMethod: str("The repair method DTS suggests."),
    },
    required: ["name", "status"],
  },
  "dts:index:Precheck": {
    type: "object",
    description: "The precheck phase in the outputs.",
    properties: {
      status: str("`NotStarted`, `Migrating`, `Failed`, `Finished`, or another status DTS sends."),
      percent: num("0..100."),
      items: arrayOf("PrecheckItem", "Every item, in the order DTS reports them."),
      failedItems: arrayOf("PrecheckItem", "The items whose status is `Failed`, with their error message and repair method."),
    },
    required: ["status", "percent", "items", "failedItems"],
  },
  "dts:index:Phase": {
    type: "object",
    description: "Structure or data initialization in the outputs.",
    properties: {
      status: str("`NotStarted`, `Migrating`, `Failed`, `Finished`, or another status DTS sends."),
      percent: num("0..100."),
      progress: num("Structure: tables done. Data: rows copied."),
      errorMessage: str("Why the phase failed."),
    },
    required: ["status", "percent", "progress"],
  },
  "dts:index:FailedTable": {
    type: "object",
    description: "A table that failed structure or data initialization.",
    properties: {
      sourceDb: str("Source database."),
      destinationDb: str("Destination database."),
      table: str("Table name."),
      phase: str("`structureInitialization` or `dataInitialization`."),
      status: str("The table's status in that phase."),
      errorMessage: str("Why it failed."),
    },
    required: ["sourceDb", "destinationDb", "table", "phase", "status", "errorMessage"],
  },
  "dts:index:TableCounts": {
    type: "object",
    description: "Table counts from the job's initialization report (all pages).",
    properties: { total: int("Tables in the report."), finished: int("Tables whose every row is `Finished`."), failed: int("Tables that failed.") },
    required: ["total", "finished", "failed"],
  },
};

/** Inputs: provider/synchronization-object-modification/types.ts `SynchronizationObjectModificationArgs`. Also stored as outputs. */
const INPUTS: Record<string, Spec> = {
  synchronizationJobId: str("The synchronization job whose objects change, e.g. `dtsi76118o3w92****`. A change replaces the resource (a new task)."),
  synchronizationObjects: arrayOf(
    "SynchronizationDatabase",
    "The complete set of objects the job syncs after the change: the databases, with optional table lists and renames. Stored in one normalized form, also when given as `synchronizationObjectsJson`. A change replaces the resource (a new task). One of `synchronizationObjects` and `synchronizationObjectsJson`; both optional only with `adoptTaskId`.",
  ),
  synchronizationObjectsJson: str(
    'The same objects as the API\'s raw JSON text (`[{"DBName":"db","TableIncludes":[{"TableName":"t"}]}]`). Stored in the normalized form of `synchronizationObjects`: changing from one form to the other with the same objects is no change. One of `synchronizationObjects` and `synchronizationObjectsJson`.',
  ),
  synchronizationDirection: str("`Forward` or `Reverse`, for two-way jobs only. A change replaces the resource."),
  regionId: str("Region of the job; else stack config `dts:region`, else `cn-hangzhou`."),
  endpoint: str("Service URL (the emulator, or a private endpoint); else stack config `dts:endpoint`, else `https://dts.aliyuncs.com`."),
  wait: ref("WaitOptions", "Deadline and polling pace. A change only re-waits (in-place update)."),
  failOn: ref("FailOnOptions", "What counts as failure. A change only re-waits (in-place update)."),
  adoptTaskId: str(
    "Wait for an existing task (e.g. one started by hand, or one a failed `pulumi up` reported as ambiguous) instead of starting one. A change replaces the resource.",
  ),
  revision: str(
    "Any string. Without it, a create reads the job state first and starts no task when the job already syncs exactly the requested objects (the outputs then report the job, with no TaskId). Set or change it to run the same objects again (e.g. after fixing a failed table): a create with `revision` set always starts a task. A change replaces the resource. The one case that can start a second task: a create with `revision` set that was interrupted after DTS accepted the call but before Pulumi saved the resource (a killed host, Ctrl-C twice) creates again on the next `pulumi up` and, as asked, takes no shortcut; so does, without `revision`, such an interrupted create that renames tables when it is re-run only after its modification finished (the job state does not show destination table names). A create that failed ambiguously in-process saves the resource without a TaskId instead, and its resume never repeats.",
  ),
};

/**
 * The top-level inputs whose schema type is `string`. YAML programs may hand them a number (`revision: 2`, or a
 * config value YAML typed as a number); the plugin turns such a number into its string before `check`.
 */
export const STRING_INPUTS: readonly string[] = Object.entries(INPUTS)
  .filter(([, spec]) => spec.type === "string")
  .map(([key]) => key);

/** Outputs: provider/synchronization-object-modification/resource.ts (the resource's declared outputs). */
const OUTPUTS: Record<string, Spec> = {
  synchronizationJobId: str("The synchronization job."),
  synchronizationObjects: arrayOf(
    "SynchronizationDatabase",
    "The objects, in the normalized typed form (also when given as JSON text, `synchronizationObjectsJson`).",
  ),
  synchronizationDirection: str("`Forward` or `Reverse`, when given."),
  regionId: str("The region, when given."),
  endpoint: str("The endpoint, when given."),
  wait: ref("WaitOptions", "The wait options, when given."),
  failOn: ref("FailOnOptions", "The failure options, when given."),
  adoptTaskId: str("The adopted task, when given."),
  revision: str("The revision, when given."),
  taskId: str("The modification task (also the resource id); absent when no task was started (`source` is `job`)."),
  source: str(
    "Where the phases come from: `task` (the modification task) or `job` (no task was started because the job already synced the requested objects; the phases and tables are the job's).",
  ),
  note: str("One line for a person when `source` is `job` (why no task was started), or when nothing is decided yet."),
  status: str("The task's overall `Status` (may read `Migrating` after every phase finished: incremental sync goes on)."),
  precheck: ref("Precheck", "Precheck: status, percent, every item, and the failed items with error message and repair method."),
  structureInitialization: ref("Phase", "Structure initialization: status, percent, tables done, error message."),
  dataInitialization: ref("Phase", "Data initialization: status, percent, rows copied, error message."),
  failedTables: arrayOf("FailedTable", "Tables that failed structure or data initialization."),
  tables: ref("TableCounts", "Table counts from the initialization report; absent when that report is not this task's (see `tablesLeftOut`)."),
  tablesLeftOut: str(
    "Why the tables are left out: `DescribeInitializationStatus` reports the job's latest modification, which is not this task; or, starting with `tables not checked:`, why the report could not be read and the fix; then `failOn.failedTables` fails the operation (see docs/bounds.md).",
  ),
  startedAt: str("ISO 8601: when the task was started (or first waited for, when adopted)."),
  finishedAt: str("ISO 8601: when the task finished; absent while it is unfinished."),
  estimatedFinishAt: str(
    "ISO 8601: when the task is estimated to finish, as of the last status of a wait that ended unfinished (the deadline): set once data initialization runs and its percent moved enough to mean something; absent when finished or unknown. The rate is measured over the recent percents (a slow start or a past stall weighs nothing); see bench/RESULTS.md for its error.",
  ),
  polls: int("Status calls made for this resource, over every create, update and refresh."),
};

const RESOURCE_DESCRIPTION = [
  "Changes the objects an Alibaba Cloud DTS synchronization job syncs, and waits until the change is done.",
  "",
  "`pulumi up` reads the job state (`DescribeSynchronizationJobStatus`) first: while the job is `modifying` it waits for that modification; when the job already syncs exactly the requested objects it starts no task (unless `revision` is set); otherwise it calls `ModifySynchronizationObject` once (an ambiguous failure goes back to the job state, never to a blind retry; DTS documents no ClientToken for this call, so nothing relies on one). It then polls the task until precheck, structure initialization and data initialization have finished, printing progress lines. The outputs then describe the task (or the job): phases, precheck items, failed tables, table counts.",
  "",
  "- **Failure, deadline or Ctrl-C** (the smaller of `wait.timeoutMinutes`, default 60, and the operation's `customTimeouts`; one Ctrl-C cancels the wait at once): the resource is still saved with its TaskId and the error lists the failed check items (with ErrorMessage and RepairMethod), the failed phase and the failed tables. The next `pulumi up` resumes waiting on the same task; it starts a new task only when the replacing inputs change.",
  "- **Replace** on a change of `synchronizationJobId`, `synchronizationObjects`, `synchronizationDirection`, `adoptTaskId` or `revision`; **update** (re-wait only) on a change of `wait`, `failOn`, `regionId`, `endpoint`.",
  "- **Refresh** waits for the task (same deadline) and records its state; a task DTS no longer knows is removed from the state.",
  "- **Import**: `pulumi import dts:index:SynchronizationObjectModification <name> <synchronizationJobId>/<taskId>` adopts an existing task with one status read and no wait; the inputs are the job id and the objects the job state shows.",
  "- **Secrets**: an input marked secret stays secret in the state (inputs and the outputs that copy it; `failedTables` too when `synchronizationObjects` is secret).",
  "- **Delete** only removes the resource from the state: a modification cannot be undone, and DTS is not called.",
  "- **Credentials**: stack config `dts:accessKeyId` and secret `dts:accessKeySecret` (optional `dts:securityToken`, `dts:region`, `dts:endpoint`), else `ALIBABA_CLOUD_ACCESS_KEY_ID`/`ALIBABA_CLOUD_ACCESS_KEY_SECRET`, else the Alibaba Cloud credentials chain. They are read in the provider process only, never stored in the state.",
  "- **Progress** is shown by the CLI through the engine's log, tied to the resource: its row shows one live status line while it waits (phase, percent, counter and the estimated time left, e.g. `data initialization 42% · 2.1 M rows · about 2 h 10 min left`; `estimating…` before the estimate means something), updated at most every `dts:progressIntervalSeconds` (default 30; every 5 minutes once the wait is long) and cleared at the end; the start, each phase change, failed check item, retried call and the verdict are normal lines under the resource. A wait that ends unfinished records `estimatedFinishAt`.",
].join("\n");

/** The schema for `version` (the package version: GetPluginInfo and the generated SDKs agree). */
export function buildSchema(version: string): Record<string, unknown> {
  return {
    name: PACKAGE_NAME,
    displayName: "Alibaba Cloud DTS synchronization objects",
    version,
    description: "Change the objects an Alibaba Cloud DTS synchronization job syncs, and wait until the change is done.",
    keywords: ["pulumi", "alibaba-cloud", "dts", "category/database"],
    homepage: "https://www.npmjs.com/package/pulumi-dts-objects",
    license: "Apache-2.0",
    repository: "https://www.npmjs.com/package/pulumi-dts-objects",
    publisher: "pulumi-dts-objects",
    // Where the engine (and so the generated SDKs and YAML programs) downloads this plugin: package.json's
    // `pulumi.pluginDownloadURL`, one place.
    ...(pluginDownloadURL() ? { pluginDownloadURL: pluginDownloadURL() } : {}),
    config: { variables: CONFIG_VARIABLES },
    provider: {
      description:
        "The provider of `dts:index:SynchronizationObjectModification`, `dts:index:DtsJobModification`, `dts:index:SynchronizationJobInitialization` and `dts:index:DtsJobInitialization`. Its inputs are the `dts:*` stack config keys.",
      inputProperties: CONFIG_VARIABLES,
    },
    types: { ...TYPES, ...DTS_JOB_TYPES, ...INITIALIZATION_TYPES },
    resources: {
      [DTS_JOB_RESOURCE_TOKEN]: dtsJobResourceSpec(),
      [SYNC_JOB_INITIALIZATION_TOKEN]: syncJobInitializationResourceSpec(),
      [DTS_JOB_INITIALIZATION_TOKEN]: dtsJobInitializationResourceSpec(),
      [RESOURCE_TOKEN]: {
        description: RESOURCE_DESCRIPTION,
        inputProperties: INPUTS,
        requiredInputs: ["synchronizationJobId"],
        properties: OUTPUTS,
        required: [
          "synchronizationJobId",
          "source",
          "status",
          "precheck",
          "structureInitialization",
          "dataInitialization",
          "failedTables",
          "startedAt",
          "polls",
        ],
      },
    },
    language: {
      go: { importBasePath: "github.com/pulumi-dts-objects/sdk/go/dts", generateResourceContainerTypes: true, respectSchemaVersion: true },
      nodejs: { packageName: "@pulumi-dts-objects/dts", respectSchemaVersion: true },
      python: { packageName: "pulumi_dts", respectSchemaVersion: true, pyproject: { enabled: true } },
      csharp: { rootNamespace: "PulumiDtsObjects", respectSchemaVersion: true },
    },
  };
}
