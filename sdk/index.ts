/**
 * `pulumi-dts-objects/sdk`: a typed client, waiter and helpers for Alibaba Cloud DTS synchronization-object
 * modification tasks. Re-exports only.
 *
 * Deliberately not exported: `poller.ts`'s `runPolling` (use the waiter functions) and the `rpcFactory` client
 * option's pop-core internals.
 */
export * from "./types";
export { DtsClient, DTS_API_VERSION, DEFAULT_ENDPOINT, DEFAULT_REGION, DEFAULT_TIMEOUT_MS } from "./client/client";
export type {
  CallOptions,
  DtsClientOptions,
  DtsClientStats,
  ModifySynchronizationObjectInput,
  ModifySynchronizationObjectOutput,
  RpcConfig,
  RpcLike,
} from "./client/client";
export { resolveCredentials, defaultCredentialsChain, createDefaultCredentialsChain } from "./client/credentials";
export type { DtsCredentials, ResolvedCredentials, CredentialsChain, ResolveCredentialsOptions } from "./client/credentials";
export * from "./errors/errors";
export {
  checkJobTables,
  checkTables,
  tablesNotCheckedReason,
  TABLES_NOT_CHECKED,
  type JobTablesCheck,
  type JobTablesCheckClient,
  type TablesCheck,
  type TablesCheckClient,
} from "./reports/sync-job-tables-check";
export { OBJECTS_NOT_CHECKED, objectsNotCheckedReason } from "./errors/tables-not-checked";
export { MAX_INITIALIZATION_PAGES } from "./client/pagination";
export { MAX_REPLY_BYTES } from "./client/reply-guard";
export { MAX_CONSTRAINT_DEPTH } from "./wire/constraint-depth";
export { DtsWaiterError, isDtsWaiterError } from "./waiting/waiter-error";
export { redact, redactSecrets } from "./errors/redact";
export { normalizeError, errorFromBody, apiError, isThrottlingCode, THROTTLING_CODES, SERVER_ERROR_CODES, NETWORK_CODES } from "./errors/normalize-error";
export type { NormalizeContext } from "./errors/normalize-error";
export { withRetry, withModifyRetry, backoffDelay, isRetryableError, provesNotRun, classifyModifyFailure, DEFAULT_RETRY_OPTIONS } from "./client/retry";
export type { RetryOptions, RetryInfo, RetryContext, WithRetryOptions, ModifyRetryOptions } from "./client/retry";
export {
  DescribeSynchronizationObjectModifyStatusResponse,
  DescribeInitializationStatusResponse,
  DescribeSynchronizationJobStatusResponse,
  ModifySynchronizationObjectResponse,
  RESPONSE_SCHEMAS,
  WireNumber,
  WireBoolean,
} from "./wire/public-schemas";
export { parseXmlBody, parseBodyText } from "./wire/xml-body";
export { decodeResponse, safeDecodeResponse, formatPath } from "./wire/decode";
export type { DtsAction, ResponseOf } from "./wire/responses";
export type { DecodeOptions, DecodeResult } from "./wire/decode";
export { listAllInitializationPages, isFullPage, DEFAULT_LIST_OPTIONS } from "./client/pagination";
export type { ListInitializationOptions, PageFetcher } from "./client/pagination";
export { failedTablesFromReport } from "./wire/sync-job-failed-tables";
export {
  serializeSynchronizationObjects,
  parseSynchronizationObjects,
  validateSynchronizationObjects,
  SynchronizationObjectsInput,
} from "./wire/sync-job-objects";
export { checkModifyStatus, PHASE_LABELS } from "./waiting/sync-job-acceptors";
export type { AcceptorResult, ModifyPhase } from "./waiting/sync-job-acceptors";
export {
  waitForObjectModification,
  waitUntilObjectModificationDone,
  checkExceptions,
  validateWaiterOptions,
  WaiterState,
  WAITER_DEFAULTS,
} from "./waiting/sync-job-waiter";
export type { WaiterOptions, WaiterResult, WaiterClient, WaiterProgressEvent, WaiterEnd } from "./waiting/sync-job-waiter";
export { waiterDelaySeconds } from "./waiting/poller";
export {
  nextDelaySeconds,
  estimateDataEndMs,
  countProgressMisses,
  idleDelaySeconds,
  progressStalled,
  ProgressState,
  PROGRESS_MARGIN_SECONDS,
  PROGRESS_JITTER_SECONDS,
  MAX_PROGRESS_MISSES,
  DEFAULT_MAX_IDLE_DELAY_SECONDS,
  IDLE_FRACTION,
  IDLE_MIN_REMAINING_SECONDS,
  STALL_FACTOR,
} from "./waiting/schedule";
export type { PollRecord, ScheduleInput, ScheduleDecision } from "./waiting/schedule";
export { estimateFinishMs, estimateOf, INITIAL_ESTIMATE, modificationPoint, observeProgress } from "./waiting/estimate";
export type { EstimateState, ProgressPoint } from "./waiting/estimate";
export { formatTimeLeft, formatCount, statusLine } from "./reports/status-line";
export { formatFailure, waitSubject, failedObjectLine, escapeControlChars, type FailedObjectLineInput } from "./waiting/format";
export { explainError, formatExplanation, retryLine, missingCredentialsSummary, formatSkew, TIMESTAMP_TOLERANCE_MINUTES } from "./errors/explain";
export type { Explanation, Face } from "./errors/explain";
export {
  ensureModification,
  compareObjects,
  jobToModifyStatus,
  jobProgressLine,
  noTaskNote,
  phasesSnapshot,
  tablesOwnership,
  tablesLeftOutReason,
  DtsJobStateError,
  isDtsJobStateError,
} from "./job/sync-job-state";
export type { EnsureClient, EnsureEvent, EnsureOptions, EnsureOutcome, JobPhasesSnapshot, ObjectsComparison, TablesOwnership } from "./job/sync-job-state";
export { systemClock, defaultSleep } from "./time";
export { buildStatusOutputs, countTables, jobStatusOutputs, STATUS_OUTPUT_KEYS } from "./reports/sync-job-outputs";
export type {
  ModificationStatusOutputs,
  PhaseOutput,
  PrecheckItemOutput,
  PrecheckOutput,
  StatusOutputsInput,
  TablesOutput,
} from "./reports/sync-job-outputs";

// The DtsJob family (ModifyDtsJob, DescribeDtsJobDetail, DescribePreCheckStatus): jobs managed through the new API.
export type { ModifyDtsJobInput, PreCheckJobCode } from "./client/client";
export {
  DescribeDtsJobDetailResponse,
  DescribeDtsJobsResponse,
  DescribePreCheckStatusResponse,
  ModifyDtsJobResponse,
  DtsJobCheckItem,
} from "./wire/public-schemas";
export type { DtsJobDetail, DtsJobProgressItem, DtsSubSyncJob, PreCheckStatusPage } from "./wire/dts-job-types";
export { canonicalDbList, dbListText, sameDbList, DB_LIST_MAX_BYTES, type DtsDbList, type DtsDbListEntry, type DtsDbListTable } from "./wire/dts-job-db-list";
export {
  checkDtsJobDetail,
  currentSubJob,
  dtsJobView,
  isQuiet,
  isSynchronizing,
  showsModification,
  subJobEnded,
  DTS_JOB_FAILED_STATUSES,
  QUIET_POLLS_FOR_DONE,
  type DtsJobAcceptContext,
} from "./waiting/dts-job-acceptors";
export {
  waitForDtsJobModification,
  dtsJobTarget,
  readFailedObjects,
  checkFailedObjects,
  type FailedObjectsCheck,
  type DtsJobWaiterClient,
  type DtsJobWaiterOptions,
  type DtsJobWaiterResult,
} from "./waiting/dts-job-waiter";
export {
  buildDtsJobStatusOutputs,
  dtsJobWaitOutputs,
  noSubJobNote,
  subJobLeftNote,
  DTS_JOB_STATUS_OUTPUT_KEYS,
  type DtsJobStatusOutputs,
  type DtsJobStatusOutputsInput,
  type FailedObjectOutput,
} from "./reports/dts-job-outputs";
export type { PollTarget } from "./waiting/poller";
export {
  ensureDtsJobModification,
  dtsJobModifying,
  requestedDbListKey,
  type EnsureDtsJobClient,
  type EnsureDtsJobEvent,
  type EnsureDtsJobOptions,
  type EnsureDtsJobOutcome,
  type DtsJobWaitPlan,
} from "./job/dts-job-state";

// A new job's first synchronization (and caught-up), both families.
export {
  checkInitialization,
  initializationPercentLine,
  phaseRuns,
  resolveCaughtUp,
  formatDelay,
  DEFAULT_CAUGHT_UP_POLLS,
  INITIALIZATION_FAILED_STATUSES,
  INITIALIZATION_STALLED_STATUSES,
} from "./waiting/initialization-acceptors";
export type { CaughtUpOption, InitializationAcceptContext, InitializationStage, InitializationVerdict } from "./waiting/initialization-acceptors";
export { dtsJobSnapshot, normalizeJobStatus, syncJobSnapshot } from "./wire/initialization-snapshot";
export type { InitializationFamily, InitializationPhaseSwitches, InitializationSnapshot } from "./wire/initialization-snapshot";
export { initializationView } from "./waiting/initialization-target";
export type { InitializationWaiterOptions, InitializationWaiterResult } from "./waiting/initialization-target";
export { waitForSyncJobInitialization } from "./waiting/sync-job-initialization-waiter";
export type { SyncJobInitializationClient, SyncJobInitializationOptions } from "./waiting/sync-job-initialization-waiter";
export {
  findDtsJob,
  readAllFailedObjects,
  waitForDtsJobInitialization,
  FAILED_OBJECT_MAX_PAGES,
  FAILED_OBJECT_PAGE_SIZE,
  NOT_LISTED_POLLS_FOR_NOT_FOUND,
} from "./waiting/dts-job-initialization-waiter";
export type { DtsJobInitializationClient, DtsJobInitializationOptions } from "./waiting/dts-job-initialization-waiter";
export type { DtsJobIncrementalStatus, DtsJobListItem, DtsJobListPage, DtsJobMigrationMode, DtsJobRetryState } from "./wire/dts-job-list-types";
export { buildInitializationOutputs, initializationWaitOutputs } from "./reports/initialization-outputs";
export type { CaughtUpOutput, InitializationOutputs, InitializationOutputsInput } from "./reports/initialization-outputs";
export { initializationStatusLine } from "./reports/initialization-status-line";
