/**
 * The call plumbing under `DtsClient` (`client.ts`): pop-core built once with the resolved credentials, one HTTP
 * attempt (per-attempt timeout cut to the call's time budget, the abort signal raced against the request and
 * closing its connection, the reply decoded once), the retry policy around it, and the stamping of a failure with
 * the endpoint, the attempts made and the credentials source. The client above it only validates input and builds
 * each action's parameters.
 */
import type { ResolvedCredentials } from "./credentials";
import { resolveCredentials } from "./credentials";
import { DtsAbortError, DtsTimeoutError, isDtsApiError, isDtsTimeoutError, type DtsError } from "../errors/errors";
import { normalizeError } from "../errors/normalize-error";
import { redactError } from "../errors/redact";
import { MAX_REPLY_BYTES, ReplyGuard, guardedAgent } from "./reply-guard";
import type { Agent } from "node:http";
import { DEFAULT_RETRY_OPTIONS, withModifyRetry, withRetry, type RetryOptions } from "./retry";
import { safeDecodeResponse } from "../wire/decode";
import type { DtsAction, ResponseOf } from "../wire/responses";
import { defaultSleep, raceSignal, systemClock } from "../time";
import {
  DTS_API_VERSION,
  type CallOptions,
  type DtsClientOptions,
  type DtsClientStats,
  type InternalCallOptions,
  type RpcConfig,
  type RpcLike,
} from "./options";

/** What `withModifyRetry` needs beyond the common retry settings. */
export interface ModifyCallContext {
  synchronizationJobId: string;
  clientToken: string;
}

/** Sends the client's calls: one instance per `DtsClient`, sharing its options, endpoint, timeout and counters. */
export class DtsTransport {
  /** Attempts made by the call each error ended (read by `finalize`). */
  private readonly attemptsOf = new WeakMap<object, number>();
  /** The credentials source of the last request (a name, e.g. `explicit`). */
  private credentialsSourceName?: string;
  private readonly retry: Required<RetryOptions>;
  private rpc?: Promise<{ rpc: RpcLike; credentials: ResolvedCredentials }>;
  /** pop-core's keep-alive agent, with the hook that bounds each reply (reply-guard.ts). */
  private readonly agent: Agent;

  constructor(
    private readonly options: DtsClientOptions,
    private readonly endpoint: string,
    private readonly timeoutMs: number,
    private readonly stats: DtsClientStats,
  ) {
    this.retry = { ...DEFAULT_RETRY_OPTIONS, ...options.retry };
    this.agent = guardedAgent(endpoint);
  }

  /** The source of the credentials in use (e.g. `env:ALIBABA_CLOUD_ACCESS_KEY_ID`); resolves them if needed. */
  async credentialsSource(): Promise<string> {
    return (await this.getRpc()).credentials.source;
  }

  /** A read: retried on any retryable failure. */
  read<A extends DtsAction>(action: A, params: Record<string, unknown>, callOptions: InternalCallOptions = {}): Promise<ResponseOf<A>> {
    const deadline = this.deadlineOf(callOptions);
    return this.finalize(withRetry((attempt) => this.send(action, params, attempt, callOptions, deadline), this.retryCommon(action, callOptions)));
  }

  /** `ModifySynchronizationObject`: retried only on failures that prove it did not run (see `withModifyRetry`). */
  modify(params: Record<string, unknown>, callOptions: CallOptions, context: ModifyCallContext): Promise<ResponseOf<"ModifySynchronizationObject">> {
    return this.write("ModifySynchronizationObject", params, callOptions, context);
  }

  /** A write (`ModifySynchronizationObject`, `ModifyDtsJob`): one retry policy, `withModifyRetry`. */
  write<A extends "ModifySynchronizationObject" | "ModifyDtsJob">(
    action: A,
    params: Record<string, unknown>,
    callOptions: CallOptions,
    context: ModifyCallContext,
  ): Promise<ResponseOf<A>> {
    const deadline = this.deadlineOf(callOptions);
    return this.finalize(
      withModifyRetry((attempt) => this.send(action, params, attempt, callOptions, deadline), {
        ...this.retryCommon(action, callOptions),
        synchronizationJobId: context.synchronizationJobId,
        clientToken: context.clientToken,
        action,
      }),
    );
  }

  /** The clock time by which the call must end, from `maxTimeMs`. */
  deadlineOf(callOptions: CallOptions): number | undefined {
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
      throw this.counted(
        new DtsTimeoutError(`${action} not sent: the call's time budget ran out before attempt ${attempt}`, { action, timeoutMs: 0 }),
        attempt - 1,
      );
    }
    const { credentials } = await this.getRpc();
    this.credentialsSourceName = credentials.source;
    this.stats.calls++;
    this.stats.byAction[action] = (this.stats.byAction[action] ?? 0) + 1;
    if (attempt > 1) this.stats.retries++;
    callOptions.onAttempt?.();
    const secrets = [credentials.accessKeySecret, credentials.securityToken, credentials.accessKeyId];
    // Every error leaving this attempt goes through redactError: no secret the server echoed, in any form.
    try {
      return await this.exchange(action, params, attempt, timeoutMs, secrets, signal, () => clock.now());
    } catch (error) {
      throw redactError(error, secrets);
    }
  }

  /** The HTTP exchange of one attempt, under a {@link ReplyGuard}, and the decoding of its reply. */
  private async exchange<A extends DtsAction>(
    action: A,
    params: Record<string, unknown>,
    attempt: number,
    timeoutMs: number,
    secrets: (string | undefined)[],
    signal: AbortSignal | undefined,
    now: () => number,
  ): Promise<ResponseOf<A>> {
    const { rpc } = await this.getRpc();
    let reply: unknown;
    const exchange = new AbortController();
    const onAbort = (): void => exchange.abort();
    signal?.addEventListener("abort", onAbort, { once: true });
    const guard = new ReplyGuard(action, MAX_REPLY_BYTES, (reason) => exchange.abort(reason));
    guard.startDeadline(timeoutMs);
    try {
      // POST keeps the signature out of URLs (and so out of pop-core's error messages). No `headers` here:
      // pop-core's opts.headers would replace its default headers (x-acs-action, user agent) instead of merging.
      const request = rpc.request(action, params, {
        method: "POST",
        timeout: timeoutMs,
        formatParams: false,
        agent: this.agent,
        beforeRequest: (options: Record<string | symbol, unknown>) => {
          guard.mark(options);
          return abortableBy(exchange.signal)(options as Record<string, unknown>);
        },
      });
      // Raced against the exchange's end (an abort, a bound the guard tripped), so a transport that ignores the
      // signal still lets the call end at once.
      const settled = await raceSignal(
        Promise.race([
          request.then(
            (value) => ({ ok: true as const, value }),
            (error: unknown) => ({ ok: false as const, error }),
          ),
          guard.compressed.then(({ decoded }) => ({ ok: true as const, decoded })),
        ]),
        exchange.signal,
      );
      if ("decoded" in settled) {
        // A compressed reply: the guard inflates it under the cap; that text is the reply (httpx's result is not used).
        request.catch(() => undefined);
        reply = [await raceSignal(settled.decoded, exchange.signal), { response: { statusCode: guard.status } }];
      } else if (!settled.ok) throw settled.error;
      else reply = settled.value;
    } catch (error) {
      // Whatever failed, this exchange is over. httpx's read timeout rejects without closing the connection (its
      // listener keeps buffering whatever the server still sends), so close it here; aborting a request that
      // already completed (an API error, a parse failure) does nothing, and its keep-alive socket stays pooled.
      exchange.abort();
      if (signal?.aborted) throw this.counted(new DtsAbortError(action, signal.reason), attempt);
      if (guard.refusal) throw this.counted(guard.refusal, attempt);
      const normalized = normalizeError(error, { action, secrets, timeoutMs, now: now() });
      // httpx's read timer fired while the reply was still arriving: say so (not "no reply").
      if (isDtsTimeoutError(normalized) && guard.streaming) throw this.counted(guard.deadlineError(timeoutMs), attempt);
      throw this.counted(normalized, attempt);
    } finally {
      guard.end();
      signal?.removeEventListener("abort", onAbort);
    }
    const [body, entry] = Array.isArray(reply) ? (reply as [unknown, { response?: { statusCode?: number } }?]) : [reply, undefined];
    const decoded = safeDecodeResponse(action, body, { httpStatus: entry?.response?.statusCode, secrets });
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
