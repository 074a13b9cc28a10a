/**
 * `pulumi-dts-objects/sdk`: a typed client, waiter and helpers for Alibaba Cloud DTS synchronization-object
 * modification tasks. Re-exports only.
 *
 * Deliberately not exported: `poller.ts`'s `runPolling` (use the waiter functions) and the `rpcFactory` client
 * option's pop-core internals.
 */
export * from "./types";
export { DtsClient, DTS_API_VERSION, DEFAULT_ENDPOINT, DEFAULT_REGION, DEFAULT_TIMEOUT_MS } from "./client";
export type {
  CallOptions,
  DtsClientOptions,
  DtsClientStats,
  ModifySynchronizationObjectInput,
  ModifySynchronizationObjectOutput,
  RpcConfig,
  RpcLike,
} from "./client";
export { resolveCredentials, defaultCredentialsChain, createDefaultCredentialsChain } from "./credentials";
export type { DtsCredentials, ResolvedCredentials, CredentialsChain, ResolveCredentialsOptions } from "./credentials";
export * from "./errors";
export { DtsWaiterError, isDtsWaiterError } from "./waiter-error";
export { redact, redactSecrets } from "./redact";
export { normalizeError, errorFromBody, apiError, isThrottlingCode, THROTTLING_CODES, SERVER_ERROR_CODES, NETWORK_CODES } from "./normalize-error";
export type { NormalizeContext } from "./normalize-error";
export { withRetry, withModifyRetry, backoffDelay, isRetryableError, provesNotRun, classifyModifyFailure, DEFAULT_RETRY_OPTIONS } from "./retry";
export type { RetryOptions, RetryInfo, RetryContext, WithRetryOptions, ModifyRetryOptions } from "./retry";
export {
  DescribeSynchronizationObjectModifyStatusResponse,
  DescribeInitializationStatusResponse,
  DescribeSynchronizationJobStatusResponse,
  ModifySynchronizationObjectResponse,
  RESPONSE_SCHEMAS,
  WireNumber,
  WireBoolean,
  parseXmlBody,
  parseBodyText,
} from "./schemas";
export { decodeResponse, safeDecodeResponse, formatPath } from "./decode";
export type { DtsAction, ResponseOf } from "./schemas";
export type { DecodeOptions, DecodeResult } from "./decode";
export { listAllInitializationPages, isFullPage, DEFAULT_LIST_OPTIONS } from "./pagination";
export type { ListInitializationOptions, PageFetcher } from "./pagination";
export { failedTablesFromReport } from "./failed-tables";
export { serializeSynchronizationObjects, parseSynchronizationObjects, validateSynchronizationObjects, SynchronizationObjectsInput } from "./objects";
export { checkModifyStatus, PHASE_LABELS } from "./acceptors";
export type { AcceptorResult, ModifyPhase } from "./acceptors";
export { waitForObjectModification, waitUntilObjectModificationDone, checkExceptions, validateWaiterOptions, WaiterState, WAITER_DEFAULTS } from "./waiter";
export type { WaiterOptions, WaiterResult, WaiterClient, WaiterProgressEvent, WaiterEnd } from "./waiter";
export { waiterDelaySeconds } from "./poller";
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
} from "./schedule";
export type { PollRecord, ScheduleInput, ScheduleDecision } from "./schedule";
export { formatFailure, escapeControlChars } from "./format";
export { explainError, formatExplanation, retryLine, missingCredentialsSummary, formatSkew, TIMESTAMP_TOLERANCE_MINUTES } from "./explain";
export type { Explanation, Face } from "./explain";
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
} from "./job-state";
export type { EnsureClient, EnsureEvent, EnsureOptions, EnsureOutcome, JobPhasesSnapshot, ObjectsComparison, TablesOwnership } from "./job-state";
export { systemClock, defaultSleep } from "./time";
export { buildStatusOutputs, countTables, jobStatusOutputs, STATUS_OUTPUT_KEYS } from "./outputs";
export type {
  ModificationStatusOutputs,
  PhaseOutput,
  PrecheckItemOutput,
  PrecheckOutput,
  StatusOutputsInput,
  TablesOutput,
} from "./outputs";
