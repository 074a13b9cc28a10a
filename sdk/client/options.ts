/**
 * The public shapes of `DtsClient` (`client.ts`): its options, per-call options, counters, the modify action's
 * input and output, the pop-core seam (`RpcConfig`, `RpcLike`) and the defaults. Types and constants only, so the
 * client and its transport (`client-transport.ts`) both import them without importing each other.
 */
import type { DtsCredentials, CredentialsChain } from "./credentials";
import type { RetryInfo, RetryOptions } from "./retry";
import type { Clock, Random, Sleep, SynchronizationDatabase, SynchronizationDirection } from "../types";

/** The DTS API version this client speaks. */
export const DTS_API_VERSION = "2020-01-01";
/** The central endpoint (used by the docs' samples); regions also have `https://dts.<region>.aliyuncs.com`. */
export const DEFAULT_ENDPOINT = "https://dts.aliyuncs.com";
/** Region sent when none is given. */
export const DEFAULT_REGION = "cn-hangzhou";
/** Per-request timeout when none is given. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Options of `DtsClient` (`client.ts`).
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

/** Input of `DtsClient.modifySynchronizationObject`. */
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

/** Result of `DtsClient.modifySynchronizationObject`. */
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

/** {@link CallOptions} plus what the client's own helpers pass (not exported from the package). */
export interface InternalCallOptions extends CallOptions {
  /** Counts HTTP attempts of this call (pagination reports its calls). */
  onAttempt?: () => void;
}
