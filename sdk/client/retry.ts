/**
 * Retries with exponential backoff and full jitter (p-retry's shape, ky's jitter), plus the classifier that decides
 * which failures are worth another attempt.
 *
 * Reads (`Describe*`) are retried after any retryable failure. The one write, `ModifySynchronizationObject`, is
 * retried only after failures that prove it did not run (throttling, a refused connection): after a timeout, a
 * reset, a 5xx or an HTML page the task may have started, and a retry could start a second modification
 * (the API page documents no ClientToken, so the service may not deduplicate). Those end in
 * {@link DtsAmbiguousModifyError}.
 */
import {
  DtsAmbiguousModifyError,
  isDtsApiError,
  isDtsCredentialsError,
  isDtsInputError,
  isDtsNetworkError,
  isDtsThrottlingError,
  type DtsError,
} from "../errors/errors";
import { normalizeError } from "../errors/normalize-error";
import { defaultSleep, systemClock } from "../time";
import type { Clock, Random, Sleep } from "../types";

/**
 * Retry budget of one API call.
 *
 * @example
 * ```ts
 * new DtsClient({ retry: { maxAttempts: 3, baseDelayMs: 100, maxDelayMs: 2000 } });
 * ```
 */
export interface RetryOptions {
  /**
   * Attempts in total, the first included; 1 disables retries.
   * @default 5
   */
  maxAttempts?: number;
  /**
   * Backoff base: the n-th retry waits a uniform random time in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))].
   * @default 200
   */
  baseDelayMs?: number;
  /**
   * Cap of one backoff wait.
   * @default 5000
   */
  maxDelayMs?: number;
}

/** Defaults of {@link RetryOptions}. */
export const DEFAULT_RETRY_OPTIONS: Required<RetryOptions> = { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 5000 };

/** What `onRetry` receives before each backoff sleep. */
export interface RetryInfo {
  action: string;
  /** The attempt that just failed (1-based). */
  attempt: number;
  /** Attempts allowed in total (the first included). */
  maxAttempts: number;
  /** The wait before the next attempt. */
  delayMs: number;
  error: DtsError;
}

/** Frozen context given to `shouldRetry`. */
export interface RetryContext {
  readonly error: DtsError;
  /** The attempt that just failed (1-based). */
  readonly attempt: number;
  readonly retriesLeft: number;
}

/** Options of {@link withRetry}. */
export interface WithRetryOptions extends RetryOptions {
  /** The action, for messages and `onRetry`. */
  action: string;
  /**
   * Whether to retry after this failure (only asked while attempts remain).
   * @default ({error}) => isRetryableError(error)
   */
  shouldRetry?: (context: RetryContext) => boolean;
  /** Maps a thrown value to a DtsError. @default normalizeError */
  normalize?: (error: unknown) => DtsError;
  /** Called before each backoff sleep. */
  onRetry?: (info: RetryInfo) => void;
  /** Total time budget across attempts; no retry starts whose wait would pass it. @default Infinity */
  maxRetryTimeMs?: number;
  /** Aborts the backoff sleep (the pending error is then rethrown). */
  signal?: AbortSignal;
  /** @default defaultSleep */
  sleep?: Sleep;
  /** @default Math.random */
  random?: Random;
  /** @default systemClock */
  clock?: Clock;
}

/** Codes that are never retried, whatever their HTTP status: sending the same request again cannot help. */
const NEVER_RETRY = [
  /^InvalidParameter/,
  /^Forbidden/,
  /^InvalidAccessKeyId/,
  /^SignatureDoesNotMatch$/,
  /^IncompleteSignature$/,
  /^MissingParameter/,
  /^InvalidSecurityToken/,
];

/**
 * True when sending the same request again may succeed: throttling, 5xx and server codes, socket failures and
 * timeouts; never parameter, permission or signature errors.
 *
 * @example
 * ```ts
 * isRetryableError(new DtsThrottlingError({ code: "Throttling.User", message: "..." })) // true
 * ```
 */
export function isRetryableError(error: DtsError): boolean {
  if (NEVER_RETRY.some((re) => re.test(error.code))) return false;
  return error.retryable;
}

/** True when the failure proves the request did not run: throttling, or a connection that was never made. */
export function provesNotRun(error: DtsError): boolean {
  if (isDtsThrottlingError(error)) return true;
  if (isDtsNetworkError(error)) return error.requestSent === false;
  return false;
}

/**
 * How a failure of the mutating call is handled:
 * - `retry`: it proves the call did not run (throttling, connection refused / DNS failure);
 * - `fatal`: the service rejected it (4xx such as InvalidParameter), or it never left (credentials, input);
 * - `ambiguous`: anything else (timeout, reset, 5xx, HTML page, unreadable reply): a task may exist.
 */
export function classifyModifyFailure(error: DtsError): "retry" | "fatal" | "ambiguous" {
  if (provesNotRun(error)) return "retry";
  if (isDtsCredentialsError(error) || isDtsInputError(error)) return "fatal";
  if (isDtsApiError(error) && !error.retryable) return "fatal";
  return "ambiguous";
}

/**
 * Full-jitter backoff: a uniform random wait in [0, min(maxDelayMs, baseDelayMs * 2^(attempt-1))], so clients that
 * failed together do not retry together.
 *
 * @param attempt - the attempt that failed, 1-based.
 * @example
 * ```ts
 * backoffDelay(3, { baseDelayMs: 200, maxDelayMs: 5000 }, () => 0.5) // 400
 * ```
 */
export function backoffDelay(attempt: number, options: { baseDelayMs: number; maxDelayMs: number }, random: Random): number {
  const ceiling = Math.min(options.maxDelayMs, options.baseDelayMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(random() * Math.max(0, ceiling));
}

/**
 * Runs `fn` until it succeeds, a failure is not retryable, or the budget is spent; then throws the last
 * normalized error.
 *
 * @example
 * ```ts
 * const status = await withRetry(() => rpc.request(...), { action: "DescribeInitializationStatus" });
 * ```
 */
export async function withRetry<T>(fn: (attempt: number) => Promise<T>, options: WithRetryOptions): Promise<T> {
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? DEFAULT_RETRY_OPTIONS.maxAttempts));
  const delays = {
    baseDelayMs: options.baseDelayMs ?? DEFAULT_RETRY_OPTIONS.baseDelayMs,
    maxDelayMs: options.maxDelayMs ?? DEFAULT_RETRY_OPTIONS.maxDelayMs,
  };
  const normalize = options.normalize ?? ((e: unknown) => normalizeError(e, { action: options.action }));
  const shouldRetry = options.shouldRetry ?? ((c: RetryContext) => isRetryableError(c.error));
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  const clock = options.clock ?? systemClock;
  const started = clock.now();

  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (raw) {
      const error = normalize(raw);
      const retriesLeft = maxAttempts - attempt;
      if (retriesLeft <= 0 || !shouldRetry(Object.freeze({ error, attempt, retriesLeft }))) throw error;
      const delayMs = backoffDelay(attempt, delays, random);
      if (options.maxRetryTimeMs !== undefined && clock.now() - started + delayMs > options.maxRetryTimeMs) throw error;
      if (options.signal?.aborted) throw error;
      options.onRetry?.({ action: options.action, attempt, maxAttempts, delayMs, error });
      try {
        await sleep(delayMs, options.signal);
      } catch {
        // Aborted while backing off: the failure that caused the wait is the useful error.
        throw error;
      }
    }
  }
}

/** Options of {@link withModifyRetry}. */
export interface ModifyRetryOptions extends Omit<WithRetryOptions, "shouldRetry" | "action"> {
  synchronizationJobId: string;
  /** The ClientToken sent on every attempt; named in the ambiguity error. */
  clientToken: string;
  /** The write being retried (the same policy for both). @default "ModifySynchronizationObject" */
  action?: "ModifySynchronizationObject" | "ModifyDtsJob";
}

/**
 * Retry policy of `ModifySynchronizationObject`: retries only failures that prove it did not run; after an
 * ambiguous one throws {@link DtsAmbiguousModifyError} (naming the job and ClientToken) instead of retrying.
 * `fn` must send the same ClientToken on every attempt.
 */
export async function withModifyRetry<T>(fn: (attempt: number) => Promise<T>, options: ModifyRetryOptions): Promise<T> {
  try {
    return await withRetry(fn, {
      ...options,
      action: options.action ?? "ModifySynchronizationObject",
      shouldRetry: ({ error }) => classifyModifyFailure(error) === "retry",
    });
  } catch (error) {
    const e = error as DtsError;
    if (classifyModifyFailure(e) === "ambiguous") {
      throw new DtsAmbiguousModifyError({
        synchronizationJobId: options.synchronizationJobId,
        clientToken: options.clientToken,
        cause: e,
        ...(options.action === "ModifyDtsJob" ? { action: options.action } : {}),
      });
    }
    throw e;
  }
}
