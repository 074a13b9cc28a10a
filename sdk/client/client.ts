/**
 * `DtsClient`: one typed method per DTS action, over `@alicloud/pop-core`'s RPCClient (API version 2020-01-01,
 * POST, form-encoded, signed). Every reply is checked for an API error and parsed once with its zod schema;
 * every failure leaves as a typed `DtsError`.
 *
 * This file validates each action's input and builds its parameters; sending, retrying, timing out and aborting
 * are `client-transport.ts`; the options, defaults and input/output types are `client-options.ts` (re-exported
 * here, so `sdk/client/client` stays the one place to import them from).
 */
import { randomUUID } from "node:crypto";
import { DtsInputError } from "../errors/errors";
import { DEFAULT_LIST_OPTIONS, listAllInitializationPages, type ListInitializationOptions } from "./pagination";
import { CLIENT_TOKEN_PATTERN, CLIENT_TOKEN_RULE } from "../rules";
import { serializeSynchronizationObjects } from "../wire/objects";
import { systemClock } from "../time";
import {
  DEFAULT_ENDPOINT,
  DEFAULT_REGION,
  DEFAULT_TIMEOUT_MS,
  type CallOptions,
  type DtsClientOptions,
  type DtsClientStats,
  type InternalCallOptions,
  type ModifySynchronizationObjectInput,
  type ModifySynchronizationObjectOutput,
} from "./options";
import { DtsTransport } from "./transport";
import type {
  InitializationReport,
  InitializationStatusPage,
  SynchronizationDirection,
  SynchronizationJobStatus,
  SynchronizationObjectModifyStatus,
} from "../types";

export { DTS_API_VERSION, DEFAULT_ENDPOINT, DEFAULT_REGION, DEFAULT_TIMEOUT_MS } from "./options";
export type {
  CallOptions,
  DtsClientOptions,
  DtsClientStats,
  ModifySynchronizationObjectInput,
  ModifySynchronizationObjectOutput,
  RpcConfig,
  RpcLike,
} from "./options";

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
  /** Sends, retries and stamps the calls (`client-transport.ts`). */
  private readonly transport: DtsTransport;

  constructor(options: DtsClientOptions = {}) {
    this.options = options;
    this.regionId = options.regionId ?? DEFAULT_REGION;
    this.endpoint = (options.endpoint ?? DEFAULT_ENDPOINT).replace(/\/+$/, "");
    if (!/^https?:\/\//.test(this.endpoint)) {
      throw new DtsInputError(
        "endpoint",
        `"${this.endpoint}" has no http:// or https:// scheme`,
        "pass a URL such as https://dts.aliyuncs.com or http://127.0.0.1:PORT",
      );
    }
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    if (!(this.timeoutMs > 0)) throw new DtsInputError("timeoutMs", `must be > 0, got ${options.timeoutMs}`, "pass a timeout in milliseconds, e.g. 10000");
    this.transport = new DtsTransport(options, this.endpoint, this.timeoutMs, this.stats);
  }

  /** The source of the credentials in use (e.g. `env:ALIBABA_CLOUD_ACCESS_KEY_ID`); resolves them if needed. */
  credentialsSource(): Promise<string> {
    return this.transport.credentialsSource();
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
    const reply = await this.transport.modify(params, callOptions, { synchronizationJobId: input.synchronizationJobId, clientToken });
    return { ...reply, clientToken };
  }

  /** `DescribeSynchronizationObjectModifyStatus`: the state of a modification task, parsed per phase. */
  async describeSynchronizationObjectModifyStatus(
    input: { taskId: string; regionId?: string },
    callOptions: CallOptions = {},
  ): Promise<SynchronizationObjectModifyStatus> {
    requireId("taskId", input.taskId);
    return this.transport.read("DescribeSynchronizationObjectModifyStatus", { RegionId: input.regionId ?? this.regionId, TaskId: input.taskId }, callOptions);
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
    return this.transport.read("DescribeSynchronizationJobStatus", {
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
    return this.transport.read("DescribeInitializationStatus", params, callOptions);
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
    const deadline = this.transport.deadlineOf(options);
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
}

function requireId(field: string, value: unknown): void {
  if (typeof value !== "string" || value.trim() === "") {
    throw new DtsInputError(field, `expected a non-empty string, got ${JSON.stringify(value)}`, `pass the ${field} returned by DTS`);
  }
}
