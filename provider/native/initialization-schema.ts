/**
 * The schemas of `dts:index:SynchronizationJobInitialization` and `dts:index:DtsJobInitialization`: the source of
 * the descriptions that `npm run gen:docs` copies into the TSDoc of the two rooms' types.ts and resource.ts and of
 * the document sdk/reports/initialization-outputs.ts (the outputs are that document, with `caughtUpResult` for its
 * `caughtUp`). Precheck, Phase, WaitOptions, FailedTable, TableCounts and FailedObject are shared.
 */
import { arrayOf, int, num, ref, str, type Spec } from "./schema-spec";

import { DTS_JOB_INITIALIZATION_TOKEN } from "../dts-job-initialization/impl";
import { SYNC_JOB_INITIALIZATION_TOKEN } from "../synchronization-job-initialization/impl";

export { DTS_JOB_INITIALIZATION_TOKEN, SYNC_JOB_INITIALIZATION_TOKEN };

/** The object types only these resources use. */
export const INITIALIZATION_TYPES: Record<string, Spec> = {
  "dts:index:CaughtUpOptions": {
    type: "object",
    description:
      "The caught-up gate before a cut-over: after initialization, wait until the incremental delay is at most `maxDelaySeconds` for `polls` replies in a row. A reply above the bound, or without a usable delay, resets the count; a failed or paused incremental phase fails the wait with its message; a delay that does not fall runs into the deadline.",
    properties: {
      maxDelaySeconds: num("Largest incremental delay that counts as caught up, in seconds (0 to 86400)."),
      polls: int("Replies in a row that must show it (1 to 100). Default 3."),
    },
    required: ["maxDelaySeconds"],
  },
  "dts:index:CaughtUpResult": {
    type: "object",
    description: "The caught-up gate's result, when `caughtUp` was asked.",
    properties: {
      maxDelaySeconds: num("The bound, seconds."),
      polls: int("Replies in a row asked for."),
      caughtUpPolls: int("Replies in a row within the bound when the wait ended."),
      reached: { type: "boolean", description: "The gate was reached." },
    },
    required: ["maxDelaySeconds", "polls", "caughtUpPolls", "reached"],
  },
  "dts:index:SynchronizationJobInitializationFailOnOptions": {
    type: "object",
    description: "When a job whose initialization finished still counts as a failure.",
    properties: {
      failedTables: {
        type: "boolean",
        description: "Fail when `DescribeInitializationStatus` lists failed tables although the phases read `Finished`. Default true.",
      },
    },
  },
  "dts:index:DtsJobInitializationFailOnOptions": {
    type: "object",
    description: "When a job whose initialization finished still counts as a failure.",
    properties: {
      failedObjects: {
        type: "boolean",
        description: "Fail when `DescribePreCheckStatus` lists failed objects although the phases read `Finished`. Default true.",
      },
    },
  },
};

const COMMON_INPUTS: Record<string, Spec> = {
  regionId: str("Region of the job; else stack config `dts:region`, else `cn-hangzhou`."),
  endpoint: str("Service URL (the emulator, or a private endpoint); else stack config `dts:endpoint`."),
  wait: ref("WaitOptions", "Deadline and polling pace. A change only looks again (in-place update)."),
};

/** `caughtUp`, for a job whose incremental delay is read from `delaySource`. */
const caughtUp = (delaySource: string): Spec =>
  ref(
    "CaughtUpOptions",
    `After initialization, also wait until the incremental delay (${delaySource}) stays at most \`maxDelaySeconds\` for \`polls\` replies in a row (default 3): the gate before a cut-over. A change only looks again (in-place update).`,
  );

const SYNC_INPUTS: Record<string, Spec> = {
  synchronizationJobId: str("The job (`SynchronizationJobId`, e.g. `dtsi76118o3w92****`). A change replaces the resource."),
  synchronizationDirection: str("`Forward` or `Reverse`, for two-way jobs only. A change replaces the resource."),
  ...COMMON_INPUTS,
  caughtUp: caughtUp("`DelayMillis`, else `Delay` in seconds"),
  failOn: ref("SynchronizationJobInitializationFailOnOptions", "What counts as failure. A change only looks again (in-place update)."),
};

const DTS_INPUTS: Record<string, Spec> = {
  dtsJobId: str("The job (`DtsJobId`, e.g. `l3m1213ye7l****`; pulumi-alicloud's `SynchronizationJob.dtsJobId`). A change replaces the resource."),
  dtsInstanceId: str(
    "The instance (`DtsInstanceId`): also sent to `DescribeDtsJobs`, for accounts where the `DtsJobId` filter is not honoured. A change replaces the resource.",
  ),
  ...COMMON_INPUTS,
  caughtUp: caughtUp("`DescribeDtsJobs`' `Delay`, seconds"),
  failOn: ref("DtsJobInitializationFailOnOptions", "What counts as failure. A change only looks again (in-place update)."),
};

/** The outputs of the document both resources share. */
const DOCUMENT: Record<string, Spec> = {
  family: str("`sync-job` or `dts-job`: the API family of the job."),
  jobStatus: str("The job's `Status` in the last reply, as sent (`Unknown` before any reply)."),
  stage: str(
    "Where the job stood at the last reply: `not-started`, `precheck`, `structure-initialization`, `data-initialization`, `starting-synchronization`, `initialized`, `catching-up`, `caught-up`, `failed` (`unknown` before any reply).",
  ),
  initialized: { type: "boolean", description: "A reply showed every phase the job runs `Finished` and the job in its steady state (`synchronizing`)." },
  precheck: ref("Precheck", "Precheck: status, percent, every item, and the failed items with error message and repair method."),
  structureInitialization: ref(
    "Phase",
    "Structure initialization: status, percent, error message; `Skipped` when the job's migration mode turns it off (this package's word, not a DTS value).",
  ),
  dataInitialization: ref("Phase", "Data initialization: status, percent, rows copied, error message; `Skipped` when the job's migration mode turns it off."),
  incrementalStatus: str("The incremental phase's status as sent, when the reply had its block."),
  delaySeconds: num("Incremental delay of the last reply, seconds; absent when unknown (never 0 for unknown)."),
  caughtUpResult: ref("CaughtUpResult", "The caught-up gate's result, when `caughtUp` was asked."),
  failedLeftOut: str("Why the failed tables or objects could not be read, when they could not."),
  reason: str("One line: why the wait (or the import's one look) ended as it did."),
  startedAt: str("ISO 8601: when this resource started waiting (a wait after an ended one starts again)."),
  finishedAt: str("ISO 8601: when a wait saw the job initialized (and caught up, when asked) or failed; absent while unfinished."),
  estimatedFinishAt: str(
    "ISO 8601: estimated end of the data initialization as of the last reply of a wait that ended unfinished; absent when finished or unknown.",
  ),
  polls: int("Status calls made for this resource since it started waiting."),
};

const COMMON_DESCRIPTION = [
  "",
  "- **Done** when the precheck passed, every initialization phase the job runs reads `Finished` (phases its migration mode turns off are not waited for), and the job reads `synchronizing` (compared case-insensitively); with `caughtUp`, also when the incremental delay stayed within the bound for the given replies. A job already initialized answers on the first reply; a job not started yet is waited for within the deadline (its status line says so).",
  "- **Fails at once** (never polled until the deadline) on a failed precheck (the failed check items named with their repair methods), a failed phase, `InitializeFailed`, `Failed`, a paused or locked job, or a failed incremental phase.",
  "- **Failure, deadline or Ctrl-C** (the smaller of `wait.timeoutMinutes`, default 60, and the operation's `customTimeouts`; one Ctrl-C cancels at once): the resource is saved with what was seen; the next `pulumi up` looks again (nothing is ever written to DTS), so a deadline resumes the wait and a job fixed and restarted is seen.",
  "- **Replace** on a change of the job; **update** (look again) on a change of `wait`, `caughtUp`, `failOn`, `regionId`, `endpoint`.",
  "- **Refresh** runs the same bounded wait and records what it saw; a job DTS no longer knows is removed from the state.",
  "- **Progress**: one live status line on the resource's row (the running phase with percent and time left, `not started yet`, `catching up · incremental delay 3s`), phase changes and failed check items as lines.",
  "- **Delete** only removes the resource from the state: the job is not touched.",
];

/** What differs between the two resources' specs. */
interface FamilySpec {
  token: string;
  /** The input holding the job's id (required; the import id). */
  idKey: string;
  /** The description's first paragraph: what the resource waits for, through which calls. */
  summary: string;
  /** Where the incremental delay comes from. */
  delay: string;
  inputs: Record<string, Spec>;
  /** The family's failed list (and what goes with it). */
  failed: Record<string, Spec>;
}

function resourceSpec(f: FamilySpec): Spec {
  const description = [
    f.summary,
    ...COMMON_DESCRIPTION,
    `- **Delay**: ${f.delay}`,
    `- **Import**: \`pulumi import ${f.token} <name> <${f.idKey}>\` adopts the job with one status read and no wait.`,
  ];
  return {
    description: description.join("\n"),
    inputProperties: f.inputs,
    requiredInputs: [f.idKey],
    properties: { ...f.inputs, ...DOCUMENT, ...f.failed },
    required: [f.idKey, "family", "jobStatus", "stage", "initialized", "precheck", "structureInitialization", "dataInitialization", "startedAt", "polls"],
  };
}

/** The spec of `dts:index:SynchronizationJobInitialization`. */
export const syncJobInitializationResourceSpec = (): Spec =>
  resourceSpec({
    token: SYNC_JOB_INITIALIZATION_TOKEN,
    idKey: "synchronizationJobId",
    summary:
      "Waits for a new DTS synchronization job's first synchronization (SynchronizationJob API: `DescribeSynchronizationJobStatus` per poll, all pages of `DescribeInitializationStatus` for the failed tables): precheck, structure and full data initialization, then steady incremental synchronization. Use `dependsOn` on it so what needs a complete destination waits.",
    delay: "`DelayMillis` (milliseconds) when sent, else `Delay` (seconds).",
    inputs: SYNC_INPUTS,
    failed: {
      failedTables: arrayOf("FailedTable", "Tables that failed (all pages of `DescribeInitializationStatus`)."),
      tables: ref("TableCounts", "Table counts from the initialization report, when it was read."),
    },
  });

/** The spec of `dts:index:DtsJobInitialization`. */
export const dtsJobInitializationResourceSpec = (): Spec =>
  resourceSpec({
    token: DTS_JOB_INITIALIZATION_TOKEN,
    idKey: "dtsJobId",
    summary:
      "Waits for a new DTS job's first synchronization, for jobs managed through the DtsJob API (what `alicloud.dts.SynchronizationJob` creates; `DescribeDtsJobs` with `JobType=SYNC` per poll, `DescribePreCheckStatus` for the failed objects): precheck, structure and full data initialization, then steady incremental synchronization. pulumi-alicloud's resource returns while the data copy is at a few percent; give this resource `dependsOn` so what needs a complete destination waits.",
    delay: "`DescribeDtsJobs`' `Delay`, documented in seconds there (`DescribeDtsJobDetail` documents milliseconds for its own field, which is not used).",
    inputs: DTS_INPUTS,
    failed: {
      failedObjects: arrayOf("FailedObject", "`DescribePreCheckStatus` items whose `State` is `Failed` (check items with their repair methods, or objects)."),
    },
  });

const strings = (inputs: Record<string, Spec>) =>
  Object.entries(inputs)
    .filter(([, spec]) => spec.type === "string")
    .map(([key]) => key);

/** The top-level string inputs (a YAML number becomes its text before `check`). */
export const SYNC_JOB_INITIALIZATION_STRING_INPUTS: readonly string[] = strings(SYNC_INPUTS);
export const DTS_JOB_INITIALIZATION_STRING_INPUTS: readonly string[] = strings(DTS_INPUTS);
