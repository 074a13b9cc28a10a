/**
 * `DtsClient`: one typed method per DTS action, over `@alicloud/pop-core`'s RPCClient (API version 2020-01-01,
 * POST, form-encoded, signed). Every reply is checked for an API error and parsed once with its zod schema;
 * every failure leaves as a typed `DtsError`.
 */
import { randomUUID } from "node:crypto";
import { resolveCredentials, type CredentialsChain, type DtsCredentials, type ResolvedCredentials } from "./credentials";
import { DtsAbortError, DtsInputError, DtsTimeoutError, isDtsApiError, type DtsError } from "./errors";
import { normalizeError } from "./normalize-error";
import { DEFAULT_LIST_OPTIONS, listAllInitializationPages, type ListInitializationOptions } from "./pagination";
import { DEFAULT_RETRY_OPTIONS, withModifyRetry, withRetry, type RetryInfo, type RetryOptions } from "./retry";
import { CLIENT_TOKEN_PATTERN, CLIENT_TOKEN_RULE } from "./rules";
import { safeDecodeResponse } from "./decode";
import type { DtsAction, ResponseOf } from "./schemas";
import { serializeSynchronizationObjects } from "./objects";
import { defaultSleep, raceSignal, systemClock } from "./time";
import type {
  Clock,
  InitializationReport,
  InitializationStatusPage,
  Random,
  Sleep,
  SynchronizationDatabase,
  SynchronizationDirection,
  SynchronizationJobStatus,
  SynchronizationObjectModifyStatus,
} from "./types";

/** The DTS API version this client speaks. */
export const DTS_API_VERSION = "2020-01-01";
/** The central endpoint (used by the docs' samples); regions also have `https://dts.<region>.aliyuncs.com`. */
export const DEFAULT_ENDPOINT = "https://dts.aliyuncs.com";
/** Region sent when none is given. */
export const DEFAULT_REGION = "cn-hangzhou";
/** Per-request timeout when none is given. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Options of {@link DtsClient}.
 *
 * @example
 * ```ts
 * const client = new DtsClient({ endpoint: emulator.url, credentials: { accessKeyId, accessKeySecret } });
 * ```
 */
export interface DtsClientOptions {
  /** Explicit credentials; else the environment, else the `@alicloud/credentials` default chain. */
  credentials?: DtsCredentials;
  /**
   * `RegionId` sent with every call unless the call gives its own.
   * @default "cn-hangzhou"
   */
  regionId?: string;
  /**
   * Service URL (must start with http:// or https://), e.g. `https://dts.cn-shanghai.aliyuncs.com` or an emulator's url.
   * @default "https://dts.aliyuncs.com"
   */
  endpoint?: string;
  /**
   * Per HTTP request (connect and read).
   * @default 10000
   */
  timeoutMs?: number;
  /** Retry budget per call. @default {maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 5000} */
  retry?: RetryOptions;
  /** @default systemClock */
  clock?: Clock;
  /** Backoff sleep. @default defaultSleep */
  sleep?: Sleep;
  /** Jitter source. @default Math.random */
  random?: Random;
  /** Where credentials are looked up. @default process.env */
  env?: Record<string, string | undefined>;
  /**
   * Replaces the `@alicloud/credentials` default chain tried after explicit and environment credentials;
   * `false` skips it (then missing credentials fail at once).
   * @default defaultCredentialsChain
   */
  credentialsChain?: CredentialsChain | false;
  /** Called before each retry's backoff sleep. */
  onRetry?: (info: RetryInfo) => void;
  /**
   * Replaces pop-core (tests, instrumentation). Receives the resolved config; must behave like `new RPCClient(config, true)`.
   * @internal
   */
  rpcFactory?: (config: RpcConfig) => RpcLike;
}

/** The pop-core configuration this client builds. */
export interface RpcConfig {
  endpoint: string;
  apiVersion: string;
  credentialsProvider: { getCredentials(): Promise<DtsCredentials> };
}

/**
 * The part of pop-core's RPCClient used here (verbose mode: resolves `[body, entry]`). `opts` go to httpx as they
 * are: `method`, `timeout`, `formatParams` and a `beforeRequest` hook that adds the abort signal with which a
 * failed exchange's connection is closed.
 */
export interface RpcLike {
  request(action: string, params: Record<string, unknown>, opts: Record<string, unknown>): Promise<unknown>;
}

/** Call counters, for logs and tests. */
export interface DtsClientStats {
  /** HTTP requests sent, retries included. */
  calls: number;
  /** Attempts after the first, over all calls. */
  retries: number;
  /** HTTP requests per action. */
  byAction: Record<string, number>;
}

/** Input of {@link DtsClient.modifySynchronizationObject}. */
export interface ModifySynchronizationObjectInput {
  synchronizationJobId: string;
  /** Typed objects, or the wire JSON string (sent as is). */
  synchronizationObjects: string | SynchronizationDatabase[];
  /** Only for two-way jobs. */
  synchronizationDirection?: SynchronizationDirection;
  regionId?: string;
  /**
   * Sent as `ClientToken` on every attempt; a UUID is generated when absent. ASCII, at most 64 characters. The
   * API page of this action lists no ClientToken: sending one is harmless, but DTS is not documented to
   * de-duplicate by it.
   */
  clientToken?: string;
}

/** Result of {@link DtsClient.modifySynchronizationObject}. */
export interface ModifySynchronizationObjectOutput {
  taskId: string;
  requestId: string;
  /** The ClientToken that was sent. */
  clientToken: string;
}

/**
 * Per-call options: cancellation and a time budget, so a stop (Ctrl-C, a waiter's deadline) ends the HTTP request in
 * flight instead of waiting out its timeout and retries.
 *
 * @example
 * ```ts
 * await client.describeSynchronizationObjectModifyStatus({ taskId }, { abortSignal: controller.signal, maxTimeMs: 5000 });
 * ```
 */
export interface CallOptions {
  /** Closes the HTTP request in flight and ends any retry backoff; the call then rejects with `DtsAbortError`. */
  abortSignal?: AbortSignal;
  /**
   * Most time the call may take, retries included, ms: each attempt's timeout is cut to what is left (never more
   * than `timeoutMs`), and no retry starts whose backoff would end past it.
   * @default unbounded (timeoutMs per attempt, the retry budget)
   */
  maxTimeMs?: number;
}

interface InternalCallOptions extends CallOptions {
  /** Counts HTTP attempts of this call (pagination reports its calls). */
  onAttempt?: () => void;
}

/**
 * A typed DTS client.
 *
 * @example
 * ```ts
 * const client = new DtsClient({ regionId: "cn-hangzhou" });
 * const { taskId } = await client.modifySynchronizationObject({
 *   synchronizationJobId: "dtsi76118o3w92****",
 *   synchronizationObjects: [{ dbName: "dtstestdata", tableIncludes: [{ tableName: "customer" }] }],
 * });
 * const result = await waitForObjectModification(client, taskId, { maxWaitSeconds: 3600 });
 * ```
 */
export class DtsClient {
  /** Counters of HTTP requests and retries. */
  readonly stats: DtsClientStats = { calls: 0, retries: 0, byAction: {} };
  /** Default `RegionId`. */
  readonly regionId: string;
  /** Service URL. */
  readonly endpoint: string;
  /** Per-request timeout. */
  readonly timeoutMs: number;

  private readonly options: DtsClientOptions;
  /** Attempts made by the call each error ended (read by `finalize`). */
  private readonly attemptsOf = new WeakMap<object, number>();
  /** The credentials source of the last request (a name, e.g. `explicit`). */
  private credentialsSourceName?: string;
  private readonly retry: Required<RetryOptions>;
  private rpc?: Promise<{ rpc: RpcLike; credentials: ResolvedCredentials }>;

  constructor(options: DtsClientOptions = {}) {
    this.options = options;
    this.regionId = options.regionId ?? DEFAULT_REGION;
    this.endpoint = (options.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, "");
    if (!/^https?:\/\//.test(this.endpoint)) {
      throw new DtsInputError("endpoint", `"${this.endpoint}" has no http:// or https:// scheme`, "pass a URL such as https://dts.aliyuncs.com or http://127.0.0.1:PORT");
    }
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(this.timeoutMs > 0)) throw new DtsInputError("timeoutMs", `must be > 0, got ${options.timeoutMs}`, "pass a timeout in milliseconds, e.g. 10000");
    this.retry = { ...DEFAULT_RETRY_OPTIONS, ...options.retry };
  }

  /** The source of the credentials in use (e.g. `env:ALIBABA_CLOUD_ACCESS_KEY_ID`); resolves them if needed. */
  async credentialsSource(): Promise<string> {
    return (await this.getRpc()).credentials.source;
  }

  /**
   * `ModifySynchronizationObject`: starts a task that changes the job's objects. Retries only failures that prove
   * the call did not run; after an ambiguous failure (timeout, reset, 5xx) it throws `DtsAmbiguousModifyError`
   * instead of risking a second task. It sends a `ClientToken` (the same on every attempt), but the API page of this
   * action documents no ClientToken, so nothing relies on DTS de-duplicating by it: to decide whether a
   * modification is needed or already ran, read the job with {@link DtsClient.describeSynchronizationJobStatus}
   * (see `ensureModification` in `job-state.ts`).
   *
   * @throws DtsInputError for invalid objects, DtsApiError (and subclasses) for rejections, DtsAmbiguousModifyError.
   */
  async modifySynchronizationObject(input: ModifySynchronizationObjectInput, callOptions: CallOptions = {}): Promise<ModifySynchronizationObjectOutput> {
    requireId("synchronizationJobId", input.synchronizationJobId);
    const objects =
      typeof input.synchronizationObjects === "string" ? input.synchronizationObjects : serializeSynchronizationObjects(input.synchronizationObjects);
    const clientToken = input.clientToken ?? randomUUID();
    if (!CLIENT_TOKEN_PATTERN.test(clientToken)) {
      throw new DtsInputError("clientToken", CLIENT_TOKEN_RULE, "omit it to get a generated UUID");
    }
    const params: Record<string, unknown> = {
      RegionId: input.regionId ?? this.regionId,
      SynchronizationJobId: input.synchronizationJobId,
      SynchronizationObjects: objects,
      ClientToken: clientToken,
      ...(input.synchronizationDirection ? { SynchronizationDirection: input.synchronizationDirection } : {}),
    };
    const deadline = this.deadlineOf(callOptions);
    const reply = await this.finalize(
      withModifyRetry((attempt) => this.send("ModifySynchronizationObject", params, attempt, callOptions, deadline), {
        ...this.retryCommon("ModifySynchronizationObject", callOptions),
        synchronizationJobId: input.synchronizationJobId,
        clientToken,
      }),
    );
    return { ...reply, clientToken };
  }

  /** `DescribeSynchronizationObjectModifyStatus`: the state of a modification task, parsed per phase. */
  async describeSynchronizationObjectModifyStatus(
    input: { taskId: string; regionId?: string },
    callOptions: CallOptions = {},
  ): Promise<SynchronizationObjectModifyStatus> {
    requireId("taskId", input.taskId);
    return this.read("DescribeSynchronizationObjectModifyStatus", { RegionId: input.regionId ?? this.regionId, TaskId: input.taskId }, callOptions);
  }

  /**
   * `DescribeSynchronizationJobStatus`: the job's documented state — its `Status` (`modifying` while a
   * modification runs), the objects it syncs now, and the phases of its latest modification. A read: retried like
   * the other status calls. A reply without a `Status` is a `DtsResponseParseError` naming the field.
   *
   * @example
   * ```ts
   * const job = await client.describeSynchronizationJobStatus({ synchronizationJobId: "dtsi76118o3w92****" });
   * if (job.status === "modifying") console.error("a modification is running");
   * ```
   * @throws DtsApiError (DtsNotFoundError for an unknown job), DtsResponseParseError, DtsNetworkError, DtsTimeoutError.
   */
  async describeSynchronizationJobStatus(input: {
    synchronizationJobId: string;
    synchronizationDirection?: SynchronizationDirection;
    regionId?: string;
  }): Promise<SynchronizationJobStatus> {
    requireId("synchronizationJobId", input.synchronizationJobId);
    return this.read("DescribeSynchronizationJobStatus", {
      RegionId: input.regionId ?? this.regionId,
      SynchronizationJobId: input.synchronizationJobId,
      ...(input.synchronizationDirection ? { SynchronizationDirection: input.synchronizationDirection } : {}),
    });
  }

  /**
   * `DescribeInitializationStatus`: one page of per-table initialization details.
   *
   * @param input.pageSize - 1..100. @default 30 (the API's default; `listInitializationDetails` uses 100)
   * @param input.pageNum - 1-based. @default 1
   */
  async describeInitializationStatus(
    input: { synchronizationJobId: string; pageSize?: number; pageNum?: number; regionId?: string },
    callOptions: InternalCallOptions = {},
  ): Promise<InitializationStatusPage> {
    requireId("synchronizationJobId", input.synchronizationJobId);
    const params: Record<string, unknown> = { RegionId: input.regionId ?? this.regionId, SynchronizationJobId: input.synchronizationJobId };
    if (input.pageSize !== undefined) {
      if (!Number.isInteger(input.pageSize) || input.pageSize < 1 || input.pageSize > 100) {
        throw new DtsInputError("pageSize", `must be an integer 1..100, got ${input.pageSize}`, "use a page size between 1 and 100");
      }
      params.PageSize = input.pageSize;
    }
    if (input.pageNum !== undefined) {
      if (!Number.isInteger(input.pageNum) || input.pageNum < 1) {
        throw new DtsInputError("pageNum", `must be an integer >= 1, got ${input.pageNum}`, "pages are numbered from 1");
      }
      params.PageNum = input.pageNum;
    }
    return this.read("DescribeInitializationStatus", params, callOptions);
  }

  /**
   * Every page of `DescribeInitializationStatus`, merged in page order (see `pagination.ts` for how the end is
   * found without a total count).
   */
  async listInitializationDetails(
    synchronizationJobId: string,
    options: ListInitializationOptions & { regionId?: string } & CallOptions = {},
  ): Promise<InitializationReport> {
    requireId("synchronizationJobId", synchronizationJobId);
    let attempts = 0;
    const pageSize = options.pageSize ?? DEFAULT_LIST_OPTIONS.pageSize;
    // `maxTimeMs` bounds the whole listing: each page gets what is left of it.
    const clock = this.options.clock ?? systemClock;
    const deadline = this.deadlineOf(options);
    const report = await listAllInitializationPages(
      (pageNum, size) =>
        this.describeInitializationStatus(
          { synchronizationJobId, pageNum, pageSize: size, regionId: options.regionId },
          {
            onAttempt: () => attempts++,
            ...(options.abortSignal ? { abortSignal: options.abortSignal } : {}),
            ...(deadline !== undefined ? { maxTimeMs: deadline - clock.now() } : {}),
          },
        ),
      { pageSize, concurrency: options.concurrency },
    );
    // `calls` counts HTTP requests, retries included, not just page requests.
    return { ...report, calls: attempts };
  }

  private read<A extends DtsAction>(action: A, params: Record<string, unknown>, callOptions: InternalCallOptions = {}): Promise<ResponseOf<A>> {
    const deadline = this.deadlineOf(callOptions);
    return this.finalize(withRetry((attempt) => this.send(action, params, attempt, callOptions, deadline), this.retryCommon(action, callOptions)));
  }

  /** The clock time by which the call must end, from `maxTimeMs`. */
  private deadlineOf(callOptions: CallOptions): number | undefined {
    if (callOptions.maxTimeMs === undefined) return undefined;
    return (this.options.clock ?? systemClock).now() + Math.max(0, callOptions.maxTimeMs);
  }

  /**
   * Stamps a failure that leaves the client with what a message needs: the endpoint, the attempts made and (API
   * errors) the source of the credentials, by name.
   */
  private async finalize<T>(call: Promise<T>): Promise<T> {
    try {
      return await call;
    } catch (error) {
      const e = error as DtsError & { cause?: DtsError };
      for (const target of [e, e.cause]) {
        if (!target || typeof target !== "object" || !("code" in target)) continue;
        target.endpoint ??= this.endpoint;
        target.attempts ??= this.attemptsOf.get(target);
        if (isDtsApiError(target)) target.credentialsSource ??= this.credentialsSourceName;
      }
      throw error;
    }
  }

  private retryCommon(action: string, callOptions: CallOptions = {}) {
    return {
      ...(callOptions.maxTimeMs !== undefined ? { maxRetryTimeMs: Math.max(0, callOptions.maxTimeMs) } : {}),
      ...(callOptions.abortSignal ? { signal: callOptions.abortSignal } : {}),
      action,
      maxAttempts: this.retry.maxAttempts,
      baseDelayMs: this.retry.baseDelayMs,
      maxDelayMs: this.retry.maxDelayMs,
      sleep: this.options.sleep ?? defaultSleep,
      random: this.options.random ?? Math.random,
      clock: this.options.clock ?? systemClock,
      onRetry: this.options.onRetry,
    };
  }

  /**
   * One HTTP attempt: sign and send, check the status and body, parse. Throws a normalized DtsError. The attempt's
   * timeout is the client's `timeoutMs`, cut to what is left before `deadline`; the call's abort signal closes the
   * request at once.
   */
  private async send<A extends DtsAction>(
    action: A,
    params: Record<string, unknown>,
    attempt: number,
    callOptions: InternalCallOptions = {},
    deadline?: number,
  ): Promise<ResponseOf<A>> {
    const signal = callOptions.abortSignal;
    if (signal?.aborted) throw new DtsAbortError(action, signal.reason);
    const clock = this.options.clock ?? systemClock;
    const timeoutMs = deadline === undefined ? this.timeoutMs : Math.min(this.timeoutMs, Math.floor(deadline - clock.now()));
    if (timeoutMs <= 0) {
      throw this.counted(new DtsTimeoutError(`${action} not sent: the call's time budget ran out before attempt ${attempt}`, { action, timeoutMs: 0 }), attempt - 1);
    }
    const { rpc, credentials } = await this.getRpc();
    this.credentialsSourceName = credentials.source;
    this.stats.calls++;
    this.stats.byAction[action] = (this.stats.byAction[action] ?? 0) + 1;
    if (attempt > 1) this.stats.retries++;
    callOptions.onAttempt?.();
    const secrets = [credentials.accessKeySecret, credentials.securityToken, credentials.accessKeyId];
    let reply: unknown;
    const exchange = new AbortController();
    const onAbort = (): void => exchange.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    try {
      // POST keeps the signature out of URLs (and so out of pop-core's error messages). No `headers` here:
      // pop-core's opts.headers would replace its default headers (x-acs-action, user agent) instead of merging.
      const request = rpc.request(action, params, {
        method: "POST",
        timeout: timeoutMs,
        formatParams: false,
        beforeRequest: abortableBy(exchange.signal),
      });
      // Raced against the abort as well, so a transport that ignores the signal still lets the call end at once.
      reply = await (signal ? raceSignal(request, exchange.signal) : request);
    } catch (error) {
      // Whatever failed, this exchange is over. httpx's read timeout rejects without closing the connection (its
      // listener keeps buffering whatever the server still sends), so close it here; aborting a request that
      // already completed (an API error, a parse failure) does nothing, and its keep-alive socket stays pooled.
      exchange.abort();
      if (signal?.aborted) throw this.counted(new DtsAbortError(action, signal.reason), attempt);
      throw this.counted(normalizeError(error, { action, secrets, timeoutMs, now: clock.now() }), attempt);
    } finally {
      signal?.removeEventListener("abort", onAbort);
    }
    const [body, entry] = Array.isArray(reply) ? (reply as [unknown, { response?: { statusCode?: number } }?]) : [reply, undefined];
    const decoded = safeDecodeResponse(action, body, { httpStatus: entry?.response?.statusCode });
    if (!decoded.ok) throw this.counted(decoded.error as DtsError, attempt);
    return decoded.value;
  }

  private counted<E extends DtsError>(error: E, attempts: number): E {
    this.attemptsOf.set(error, attempts);
    return error;
  }

  /** Resolves credentials and builds pop-core once, on first use (so constructing a client never fails on credentials). */
  private getRpc(): Promise<{ rpc: RpcLike; credentials: ResolvedCredentials }> {
    if (!this.rpc) {
      this.rpc = (async () => {
        const credentials = await resolveCredentials(this.options.credentials, this.options.env ?? process.env, {
          chain: this.options.credentialsChain,
        });
        const config: RpcConfig = {
          endpoint: this.endpoint,
          apiVersion: DTS_API_VERSION,
          credentialsProvider: {
            getCredentials: async () =>
              credentials.refresh
                ? credentials.refresh()
                : { accessKeyId: credentials.accessKeyId, accessKeySecret: credentials.accessKeySecret, securityToken: credentials.securityToken },
          },
        };
        const rpc = this.options.rpcFactory ? this.options.rpcFactory(config) : createPopCoreClient(config);
        return { rpc, credentials };
      })();
      // A failed resolution is not cached: the environment may be fixed before the next call.
      this.rpc.catch(() => {
        this.rpc = undefined;
      });
    }
    return this.rpc;
  }
}

/**
 * httpx's `beforeRequest` hook (pop-core forwards its request options to httpx as they are): adds `signal` to the
 * options handed to `http.request`, so that aborting it destroys the request, its response and its socket. The
 * options are changed in place and returned, since httpx uses the return value (its typings say `void`).
 */
function abortableBy(signal: AbortSignal): (options: Record<string, unknown>) => Record<string, unknown> {
  return (options) => {
    options.signal = signal;
    return options;
  };
}

/** pop-core in verbose mode, which resolves `[body, entry]` so the HTTP status of a success-shaped body is known. */
function createPopCoreClient(config: RpcConfig): RpcLike {
  const RPCClient = require("@alicloud/pop-core") as new (config: unknown, verbose?: boolean) => RpcLike;
  return new RPCClient({ ...config }, true);
}

function requireId(field: string, value: unknown): void {
  if (typeof value !== "string" || value.trim() === "") {
    throw new DtsInputError(field, `expected a non-empty string, got ${JSON.stringify(value)}`, `pass the ${field} returned by DTS`);
  }
}
