/**
 * The one error hierarchy of the SDK. Every failure that leaves `DtsClient` is a {@link DtsError}, whatever shape
 * pop-core, node or the service produced (see `normalize-error.ts`), so callers branch on classes or on the
 * `isX` guards instead of sniffing strings.
 *
 * The guards also compare `name` because a second copy of this package (a Pulumi program and its provider
 * resolve `pulumi-dts-objects` separately) has its own classes, and `instanceof` fails across copies.
 *
 * Messages never contain a secret: credentials are never interpolated, and text from pop-core is redacted before
 * it gets here.
 */

/** Fields shared by the constructors below. */
export interface DtsErrorOptions {
  /** The API action that failed, e.g. `DescribeSynchronizationObjectModifyStatus`. */
  action?: string;
  /** The original error, kept for debugging (never one that carries a secret). */
  cause?: unknown;
}

/**
 * Base class of every SDK error.
 *
 * @example
 * ```ts
 * try { await client.describeSynchronizationObjectModifyStatus({ taskId }); }
 * catch (e) { if (isDtsError(e) && e.retryable) { ... } }
 * ```
 */
export class DtsError extends Error {
  /** A short machine-readable code: the API's `Code`/`ErrCode`, a socket code such as `ECONNRESET`, or a class code. */
  readonly code: string;
  /** True when the same request may succeed if sent again (throttling, 5xx, resets, timeouts). */
  readonly retryable: boolean;
  /** The API action that failed, when known. */
  readonly action?: string;
  /** HTTP attempts made for the call that failed (set by `DtsClient` once it gives up; retries included). */
  attempts?: number;
  /** The endpoint the call went to (set by `DtsClient`). */
  endpoint?: string;
  /**
   * Where the credentials of the failed call came from, e.g. `explicit` or `env:ALIBABA_CLOUD_ACCESS_KEY_ID`
   * (a name, never a value; set by `DtsClient` on API errors), so a message can say which setting to fix.
   */
  credentialsSource?: string;

  constructor(message: string, code: string, retryable: boolean, options: DtsErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DtsError";
    this.code = code;
    this.retryable = retryable;
    this.action = options.action;
  }
}

/** Constructor input of {@link DtsApiError} and its subclasses. */
export interface DtsApiErrorInit extends DtsErrorOptions {
  /** `Code` (gateway errors) or `ErrCode` (a `Success: false` body). */
  code: string;
  /** `Message` or `ErrMessage`, redacted. */
  message: string;
  requestId?: string;
  /** HTTP status, when the transport exposed it (pop-core only does on `err.entry.response.statusCode`). */
  httpStatus?: number;
  /** `HostId` of gateway errors. */
  hostId?: string;
  /** `Recommend`: the diagnosis URL of gateway errors. */
  recommend?: string;
  /** Overrides the default (false). */
  retryable?: boolean;
  /**
   * Local clock minus the server's (`Date` header of the reply), ms, when the reply had one: positive = the local
   * clock is ahead. Used to say how far off the clock is on `InvalidTimeStamp.Expired`.
   */
  clockSkewMs?: number;
}

/**
 * The service answered with an error: a gateway error (`Code`/`Message`) or a DTS body with `Success: "false"`
 * (`ErrCode`/`ErrMessage`). A plain `DtsApiError` is a client error (4xx): sending it again does not help.
 */
export class DtsApiError extends DtsError {
  /** `RequestId` of the failed call: quote it to Alibaba Cloud support. */
  readonly requestId?: string;
  /** HTTP status, when known (absent for an HTML page pop-core could not parse). */
  readonly httpStatus?: number;
  /** `HostId` of gateway errors. */
  readonly hostId?: string;
  /** `Recommend`: the troubleshooting URL of gateway errors (redacted like the message). */
  readonly recommend?: string;
  /** The server's `Message`/`ErrMessage` as received (redacted): the detail behind a one-line explanation. */
  readonly serverMessage: string;
  /** Local clock minus the server's, ms, when the reply carried a `Date` header. */
  readonly clockSkewMs?: number;

  constructor(init: DtsApiErrorInit) {
    super(formatApiMessage(init), init.code, init.retryable ?? false, init);
    this.name = "DtsApiError";
    this.requestId = init.requestId;
    this.httpStatus = init.httpStatus;
    this.hostId = init.hostId;
    this.recommend = init.recommend;
    this.serverMessage = init.message;
    this.clockSkewMs = init.clockSkewMs;
  }
}

/** Flow control (`Throttling`, `Throttling.User`, `Throttling.Api`, `Rejected.Throttling`): retryable, and proof the request did not run. */
export class DtsThrottlingError extends DtsApiError {
  constructor(init: DtsApiErrorInit) {
    super({ ...init, retryable: init.retryable ?? true });
    this.name = "DtsThrottlingError";
  }
}

/** A server-side failure (HTTP 5xx, `InternalError`, `ServiceUnavailable`, an HTML error page): retryable. */
export class DtsServerError extends DtsApiError {
  constructor(init: DtsApiErrorInit) {
    super({ ...init, retryable: init.retryable ?? true });
    this.name = "DtsServerError";
  }
}

/** The job or task does not exist (HTTP 404 or a `*.NotFound` code, e.g. `InvalidTaskId.NotFound`). */
export class DtsNotFoundError extends DtsApiError {
  constructor(init: DtsApiErrorInit) {
    super({ ...init, retryable: init.retryable ?? false });
    this.name = "DtsNotFoundError";
  }
}

/** Socket-level codes that prove the request never reached the service (the connection was never made). */
export const NOT_SENT_NETWORK_CODES: readonly string[] = ["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"];

/**
 * The connection failed (`ECONNRESET`, `ECONNREFUSED`, `socket hang up`, DNS errors, ...). Retryable.
 * {@link DtsNetworkError.requestSent} tells whether the service may have received the request.
 */
export class DtsNetworkError extends DtsError {
  /** False only when the failure proves the request never left (connection refused, DNS failure). */
  readonly requestSent: boolean;

  constructor(message: string, code: string, options: DtsErrorOptions = {}) {
    super(message, code, true, options);
    this.name = "DtsNetworkError";
    this.requestSent = !NOT_SENT_NETWORK_CODES.includes(code);
  }
}

/** No complete reply within the client's `timeoutMs` (pop-core's `RequestTimeoutError`). Retryable. */
export class DtsTimeoutError extends DtsError {
  /** The timeout that expired, when known. */
  readonly timeoutMs?: number;

  constructor(message: string, options: DtsErrorOptions & { timeoutMs?: number } = {}) {
    super(message, "RequestTimeout", true, options);
    this.name = "DtsTimeoutError";
    this.timeoutMs = options.timeoutMs;
  }
}

/**
 * The call was cancelled through its `abortSignal` (Ctrl-C, a waiter's abort): the HTTP request in flight was
 * closed and no retry follows. Not retryable.
 */
export class DtsAbortError extends DtsError {
  constructor(action: string | undefined, reason?: unknown) {
    const why = reason instanceof Error ? reason.message : typeof reason === "string" ? reason : undefined;
    super(`${action ?? "request"} aborted${why ? ` (${why})` : ""}`, "Aborted", false, { action });
    this.name = "DtsAbortError";
  }
}

/** One problem found while parsing a reply, in a form that survives `JSON.stringify`. */
export interface ResponseIssue {
  /** Dotted path of the wire field, e.g. `PrecheckStatus.Percent`. */
  path: string;
  message: string;
}

/**
 * A reply did not match the schema of its action (a missing field, `""` where a number belongs, ...).
 * Not retryable: the same reply would come back.
 */
export class DtsResponseParseError extends DtsError {
  /** `RequestId` of the reply, when it had one. */
  readonly requestId?: string;
  /** Every mismatch, with its wire path. */
  readonly issues: ResponseIssue[];

  constructor(init: { action: string; requestId?: string; issues: ResponseIssue[]; pretty: string; cause?: unknown }) {
    super(`Could not parse the ${init.action} reply${init.requestId ? ` (RequestId ${init.requestId})` : ""}:\n${init.pretty}`, "ResponseParseError", false, {
      action: init.action,
      cause: init.cause,
    });
    this.name = "DtsResponseParseError";
    this.requestId = init.requestId;
    this.issues = init.issues;
  }
}

/** No credentials were found; `tried` lists every source looked at, in order (names only, never values). */
export class DtsCredentialsError extends DtsError {
  /** The sources looked at, in order, each with why it did not apply. */
  readonly tried: string[];

  constructor(message: string, tried: string[], options: DtsErrorOptions = {}) {
    super(`${message}\nTried, in order:\n${tried.map((t) => `  - ${t}`).join("\n")}`, "MissingCredentials", false, options);
    this.name = "DtsCredentialsError";
    this.tried = tried;
  }
}

/**
 * Invalid input from the caller: `field` is the path of the offending value (e.g.
 * `synchronizationObjects[0].tableIncludes[1].tableName`), `fix` says what to do instead.
 */
export class DtsInputError extends DtsError {
  /** Path of the offending value. */
  readonly field: string;
  /** What to do instead. */
  readonly fix: string;

  constructor(field: string, problem: string, fix: string) {
    super(`${field}: ${problem}. Fix: ${fix}`, "InvalidInput", false);
    this.name = "DtsInputError";
    this.field = field;
    this.fix = fix;
  }
}

/**
 * `ModifySynchronizationObject` failed in a way that does not prove it did not run (a timeout, a reset connection,
 * a 5xx or an HTML error page). It is not retried, because a retry could start a second modification: the task
 * may exist already. `ensureModification` (sdk/job/sync-job-state.ts) goes back to the job state after it.
 */
export class DtsAmbiguousModifyError extends DtsError {
  /** The job whose objects were being modified. */
  readonly synchronizationJobId: string;
  /** The ClientToken that was sent on every attempt. */
  readonly clientToken: string;
  /** The normalized failure that made the outcome unknown. */
  override readonly cause: DtsError;

  constructor(init: { synchronizationJobId: string; clientToken: string; cause: DtsError; action?: "ModifySynchronizationObject" | "ModifyDtsJob" }) {
    const action = init.action ?? "ModifySynchronizationObject";
    // ModifyDtsJob documents a ClientToken "to ensure idempotence", but not what a replay returns or for how long a
    // token is kept, so it is not relied on either.
    const howToCheck =
      action === "ModifyDtsJob"
        ? "(DTS documents a ClientToken for this call but not what a replay does). Read the job before modifying again " +
          "(DescribeDtsJobDetail: `Modifying` or a running SubSyncJob means a modification runs; ensureDtsJobModification does this)."
        : "(DTS documents no ClientToken de-duplication for this call). Read the job state before modifying again " +
          "(DescribeSynchronizationJobStatus: `modifying` means a modification runs; ensureModification does this).";
    super(
      `${action} on job ${init.synchronizationJobId} (ClientToken ${init.clientToken}) ended ` +
        `ambiguously: ${init.cause.code}: ${init.cause.message}. A task may have started; it was not retried ` +
        `because a retry could start a second modification ${howToCheck}`,
      "AmbiguousModify",
      false,
      { action, cause: init.cause },
    );
    this.name = "DtsAmbiguousModifyError";
    this.synchronizationJobId = init.synchronizationJobId;
    this.clientToken = init.clientToken;
    this.cause = init.cause;
  }
}

function formatApiMessage(init: DtsApiErrorInit): string {
  const where = [init.httpStatus !== undefined ? `HTTP ${init.httpStatus}` : undefined, init.requestId ? `RequestId ${init.requestId}` : undefined].filter(
    Boolean,
  );
  return `${init.action ? `${init.action}: ` : ""}${init.code}: ${init.message}${where.length ? ` (${where.join(", ")})` : ""}`;
}

function hasName(value: unknown, names: readonly string[]): boolean {
  return typeof value === "object" && value !== null && names.includes((value as { name?: unknown }).name as string);
}

/**
 * A listing that the endpoint would never end was stopped: a page that repeats the page before it (`repeated-page`,
 * a server ignoring `PageNum`) or more pages than `MAX_INITIALIZATION_PAGES` (`too-many-pages`). Not retryable:
 * the same endpoint would answer the same way. See docs/bounds.md.
 */
export class DtsPaginationError extends DtsError {
  /** Why the listing was stopped. */
  readonly reason: "repeated-page" | "too-many-pages";
  /** The page at which it was stopped. */
  readonly pages: number;

  constructor(message: string, init: { reason: "repeated-page" | "too-many-pages"; pages: number; action?: string }) {
    super(message, "PaginationRefused", false, { action: init.action ?? "DescribeInitializationStatus" });
    this.name = "DtsPaginationError";
    this.reason = init.reason;
    this.pages = init.pages;
  }
}

/**
 * A reply refused before it was used: larger than `MAX_REPLY_BYTES` on the wire or once inflated (`too-large`), a
 * redirect (`redirect`: never followed, the request carries a signature), or an encoding other than gzip/deflate
 * (`encoding`). See docs/bounds.md. Not retryable, except a redirect, which is not retried either (the same
 * endpoint would redirect again).
 */
export class DtsReplyRefusedError extends DtsError {
  /** Why the reply was refused. */
  readonly reason: "too-large" | "redirect" | "encoding";
  /** HTTP status of the reply, when known. */
  readonly httpStatus?: number;

  constructor(message: string, init: { reason: "too-large" | "redirect" | "encoding"; action?: string; httpStatus?: number }) {
    super(message, init.reason === "redirect" ? "Redirect" : init.reason === "encoding" ? "UnsupportedEncoding" : "ReplyTooLarge", false, {
      action: init.action,
    });
    this.name = "DtsReplyRefusedError";
    this.reason = init.reason;
    this.httpStatus = init.httpStatus;
  }
}

const API_NAMES = ["DtsApiError", "DtsThrottlingError", "DtsServerError", "DtsNotFoundError"] as const;

/** True for any SDK error, also one from another copy of this package. */
export function isDtsError(value: unknown): value is DtsError {
  return value instanceof DtsError || (value instanceof Error && value.name.startsWith("Dts") && "retryable" in value && "code" in value);
}

/**
 * A type guard for one error class: `instanceof`, or an object carrying one of the class names (an error from
 * another copy of this package, whose classes are other objects). The names are spelled out: a bundler may rename
 * the classes.
 */
function guard<T>(cls: abstract new (...args: never[]) => T, names: readonly string[]): (value: unknown) => value is T {
  return (value: unknown): value is T => value instanceof cls || hasName(value, names);
}

/** True for {@link DtsApiError} and its subclasses. */
export const isDtsApiError = guard(DtsApiError, API_NAMES);
/** True for {@link DtsThrottlingError}. */
export const isDtsThrottlingError = guard(DtsThrottlingError, ["DtsThrottlingError"]);
/** True for {@link DtsServerError}. */
export const isDtsServerError = guard(DtsServerError, ["DtsServerError"]);
/** True for {@link DtsNotFoundError}. */
export const isDtsNotFoundError = guard(DtsNotFoundError, ["DtsNotFoundError"]);
/** True for {@link DtsNetworkError}. */
export const isDtsNetworkError = guard(DtsNetworkError, ["DtsNetworkError"]);
/** True for {@link DtsTimeoutError}. */
export const isDtsTimeoutError = guard(DtsTimeoutError, ["DtsTimeoutError"]);
/** True for {@link DtsAbortError}. */
export const isDtsAbortError = guard(DtsAbortError, ["DtsAbortError"]);
/** True for {@link DtsResponseParseError}. */
export const isDtsResponseParseError = guard(DtsResponseParseError, ["DtsResponseParseError"]);
/** True for {@link DtsCredentialsError}. */
export const isDtsCredentialsError = guard(DtsCredentialsError, ["DtsCredentialsError"]);
/** True for {@link DtsInputError}. */
export const isDtsInputError = guard(DtsInputError, ["DtsInputError"]);
/** True for {@link DtsPaginationError}. */
export const isDtsPaginationError = guard(DtsPaginationError, ["DtsPaginationError"]);
/** True for {@link DtsReplyRefusedError}. */
export const isDtsReplyRefusedError = guard(DtsReplyRefusedError, ["DtsReplyRefusedError"]);
/** True for {@link DtsAmbiguousModifyError}. */
export const isDtsAmbiguousModifyError = guard(DtsAmbiguousModifyError, ["DtsAmbiguousModifyError"]);

/**
 * True when the failure says the endpoint could not be reached (refused, reset, DNS, no reply in time): what
 * the waiter option `endOnUnreachable` ends a wait on, and what a message then points at (the endpoint).
 */
export function isUnreachableError(value: unknown): value is DtsNetworkError | DtsTimeoutError {
  return isDtsNetworkError(value) || isDtsTimeoutError(value);
}

/**
 * A write refused because the job's objects are being modified (`OperationDenied.JobStatusModifying`, also seen as
 * `DTS.Msg.OperationDenied.JobStatusModifying`): someone else's change runs. Both decisions (sdk/job/) wait on it.
 */
export function isJobStatusModifyingError(error: unknown): error is DtsApiError {
  return isDtsApiError(error) && /JobStatusModifying$/.test(error.code);
}
