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
import { serializeSynchronizationObjects } from "../wire/sync-job-objects";
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
import type { DtsJobDetail, ModifyDtsJobResponse, PreCheckStatusPage } from "../wire/dts-job-types";
import type { DtsJobListPage } from "../wire/dts-job-list-types";
import { dbListText, type DtsDbList } from "../wire/dts-job-db-list";
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

/** Input of {@link DtsClient.modifyDtsJob}. */
export interface ModifyDtsJobInput {
  /** The synchronization instance (`DtsInstanceId`, required by the API). */
  dtsInstanceId: string;
  /** The task (`DtsJobId`, in the SDK model; optional in the API). */
  dtsJobId?: string;
  /** The complete object list after the change (the API replaces the whole list): a DbList object or its JSON. */
  dbList: DtsDbList | string;
  synchronizationDirection?: SynchronizationDirection;
  regionId?: string;
  /** Sent on every attempt; generated when omitted. Not relied on (what a replay does is undocumented). */
  clientToken?: string;
}

/** JobCode of `DescribePreCheckStatus`: 01 precheck, 02 schema, 03 full data, 04 incremental. */
export type PreCheckJobCode = "01" | "02" | "03" | "04";

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
   * (see `ensureModification` in `sync-job-state.ts`).
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

  /**
   * `ModifyDtsJob` (DtsJob family): replaces the job's object list with `dbList`. Retried like
   * `modifySynchronizationObject`: only failures that prove it did not run; an ambiguous one throws
   * `DtsAmbiguousModifyError` (decide again from {@link DtsClient.describeDtsJobDetail}, as `ensureDtsJobModification`
   * does). The reply identifies no modification (no TaskId).
   *
   * @throws DtsInputError for a missing instance or an invalid/oversized DbList, DtsApiError, DtsAmbiguousModifyError.
   */
  async modifyDtsJob(input: ModifyDtsJobInput, callOptions: CallOptions = {}): Promise<ModifyDtsJobResponse & { clientToken: string }> {
    requireId("dtsInstanceId", input.dtsInstanceId);
    if (input.dtsJobId !== undefined) requireId("dtsJobId", input.dtsJobId);
    const dbList = dbListText(input.dbList);
    const clientToken = input.clientToken ?? randomUUID();
    if (!CLIENT_TOKEN_PATTERN.test(clientToken)) {
      throw new DtsInputError("clientToken", CLIENT_TOKEN_RULE, "omit it to get a generated UUID");
    }
    const params: Record<string, unknown> = {
      RegionId: input.regionId ?? this.regionId,
      DtsInstanceId: input.dtsInstanceId,
      ...(input.dtsJobId ? { DtsJobId: input.dtsJobId } : {}),
      DbList: dbList,
      ClientToken: clientToken,
      ...(input.synchronizationDirection ? { SynchronizationDirection: input.synchronizationDirection } : {}),
    };
    const reply = await this.transport.write("ModifyDtsJob", params, callOptions, {
      synchronizationJobId: input.dtsJobId ?? input.dtsInstanceId,
      clientToken,
    });
    return { ...reply, clientToken };
  }

  /**
   * `DescribeDtsJobDetail`: the job's `Status`, its `DbObject` and its `SubSyncJob` entries (the running or latest
   * one; all with `syncSubJobHistory`). A read, retried like the other status calls.
   */
  async describeDtsJobDetail(
    input: { dtsJobId: string; dtsInstanceId?: string; syncSubJobHistory?: boolean; synchronizationDirection?: SynchronizationDirection; regionId?: string },
    callOptions: CallOptions = {},
  ): Promise<DtsJobDetail> {
    requireId("dtsJobId", input.dtsJobId);
    return this.transport.read(
      "DescribeDtsJobDetail",
      {
        RegionId: input.regionId ?? this.regionId,
        DtsJobId: input.dtsJobId,
        // The official model spells this one with a capital ID.
        ...(input.dtsInstanceId ? { DtsInstanceID: input.dtsInstanceId } : {}),
        ...(input.syncSubJobHistory !== undefined ? { SyncSubJobHistory: String(input.syncSubJobHistory) } : {}),
        ...(input.synchronizationDirection ? { SynchronizationDirection: input.synchronizationDirection } : {}),
      },
      callOptions,
    );
  }

  /**
   * `DescribePreCheckStatus`: one page of the per-item (JobCode 01) or per-object (02, 03) progress of a job.
   *
   * @param input.pageSize - @default the API's (20)
   * @param input.pageNo - 1-based. @default 1
   */
  async describePreCheckStatus(
    input: {
      dtsJobId: string;
      jobCode: PreCheckJobCode;
      structType?: "before" | "after";
      name?: string;
      pageNo?: number;
      pageSize?: number;
      regionId?: string;
    },
    callOptions: CallOptions = {},
  ): Promise<PreCheckStatusPage> {
    requireId("dtsJobId", input.dtsJobId);
    if (!["01", "02", "03", "04"].includes(input.jobCode)) {
      throw new DtsInputError(
        "jobCode",
        `must be 01, 02, 03 or 04, got ${JSON.stringify(input.jobCode)}`,
        "01 precheck, 02 schema, 03 full data, 04 incremental",
      );
    }
    for (const [field, value] of [
      ["pageNo", input.pageNo],
      ["pageSize", input.pageSize],
    ] as const) {
      if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
        throw new DtsInputError(field, `must be an integer >= 1, got ${value}`, "pages are numbered from 1, sizes are positive");
      }
    }
    return this.transport.read(
      "DescribePreCheckStatus",
      {
        RegionId: input.regionId ?? this.regionId,
        DtsJobId: input.dtsJobId,
        JobCode: input.jobCode,
        // Marked required in the doc; "before" (schema initialization) is the only reading that fits 01-03.
        StructType: input.structType ?? "before",
        ...(input.name ? { Name: input.name } : {}),
        // Strings in the official model.
        ...(input.pageNo !== undefined ? { PageNo: String(input.pageNo) } : {}),
        ...(input.pageSize !== undefined ? { PageSize: String(input.pageSize) } : {}),
      },
      callOptions,
    );
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
  async describeSynchronizationJobStatus(
    input: {
      synchronizationJobId: string;
      synchronizationDirection?: SynchronizationDirection;
      regionId?: string;
    },
    callOptions: CallOptions = {},
  ): Promise<SynchronizationJobStatus> {
    requireId("synchronizationJobId", input.synchronizationJobId);
    return this.transport.read(
      "DescribeSynchronizationJobStatus",
      {
        RegionId: input.regionId ?? this.regionId,
        SynchronizationJobId: input.synchronizationJobId,
        ...(input.synchronizationDirection ? { SynchronizationDirection: input.synchronizationDirection } : {}),
      },
      callOptions,
    );
  }

  /**
   * `DescribeDtsJobs`: one page of the jobs of a type (`JobType` defaults to `SYNC` here; the API's own default is
   * `MIGRATION`, which would leave synchronization jobs out). Each item carries the job's own precheck, structure,
   * data and incremental blocks, `MigrationMode` and `Delay` (seconds). `Region` is required on the API page and
   * `RegionId` is the deprecated spelling: both are sent. A read, retried like the other status calls.
   *
   * @param input.pageSize - @default the API's
   */
  async describeDtsJobs(
    input: {
      dtsJobId?: string;
      dtsInstanceId?: string;
      jobType?: "SYNC" | "MIGRATION" | "SUBSCRIBE";
      pageNumber?: number;
      pageSize?: number;
      /** `WithoutDbList=true`: leave `DbObject` out, for a lighter poll. @default true */
      withoutDbList?: boolean;
      regionId?: string;
    },
    callOptions: CallOptions = {},
  ): Promise<DtsJobListPage> {
    if (input.dtsJobId !== undefined) requireId("dtsJobId", input.dtsJobId);
    for (const [field, value] of [
      ["pageNumber", input.pageNumber],
      ["pageSize", input.pageSize],
    ] as const) {
      if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
        throw new DtsInputError(field, `must be an integer >= 1, got ${value}`, "pages are numbered from 1, sizes are positive");
      }
    }
    const region = input.regionId ?? this.regionId;
    return this.transport.read(
      "DescribeDtsJobs",
      {
        RegionId: region,
        Region: region,
        JobType: input.jobType ?? "SYNC",
        ...(input.dtsJobId ? { DtsJobId: input.dtsJobId } : {}),
        ...(input.dtsInstanceId ? { DtsInstanceId: input.dtsInstanceId } : {}),
        ...(input.pageNumber !== undefined ? { PageNumber: input.pageNumber } : {}),
        ...(input.pageSize !== undefined ? { PageSize: input.pageSize } : {}),
        WithoutDbList: String(input.withoutDbList ?? true),
      },
      callOptions,
    );
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
      { pageSize, concurrency: options.concurrency, ...(options.maxPages !== undefined ? { maxPages: options.maxPages } : {}) },
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
