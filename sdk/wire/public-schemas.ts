/**
 * The wire schemas `pulumi-dts-objects/sdk` exports, typed as plain {@link WireParser}s: the same zod schema objects
 * at run time, but the public declarations name no zod type (see `parser.ts` for why). Each `sameType` call below
 * fails the build when a schema's output and the written-out type drift apart.
 */
import type { z } from "zod";
import type { InitializationStatusPage, PrecheckItem, SynchronizationJobStatus, SynchronizationObjectModifyStatus } from "../types";
import type { DtsJobDetail, ModifyDtsJobResponse as ModifyDtsJobReply, PreCheckStatusPage } from "./dts-job-types";
import type { DtsJobListPage } from "./dts-job-list-types";
import { sameType, type WireParser } from "./parser";
import type { DtsAction, DtsResponses, ModifySynchronizationObjectResponse as ModifySynchronizationObjectReply, ResponseOf } from "./responses";
import * as schemas from "./schemas";

/** The reply of `DescribeSynchronizationObjectModifyStatus` -> {@link SynchronizationObjectModifyStatus}. */
export const DescribeSynchronizationObjectModifyStatusResponse: WireParser<SynchronizationObjectModifyStatus> =
  schemas.DescribeSynchronizationObjectModifyStatusResponse;
/** The parsed reply of `DescribeSynchronizationObjectModifyStatus`. */
export type DescribeSynchronizationObjectModifyStatusResponse = SynchronizationObjectModifyStatus;

/** One page of `DescribeInitializationStatus` -> {@link InitializationStatusPage}. Missing arrays are `[]`. */
export const DescribeInitializationStatusResponse: WireParser<InitializationStatusPage> = schemas.DescribeInitializationStatusResponse;
/** The parsed reply of `DescribeInitializationStatus`. */
export type DescribeInitializationStatusResponse = InitializationStatusPage;

/** The reply of `DescribeSynchronizationJobStatus` -> {@link SynchronizationJobStatus}. */
export const DescribeSynchronizationJobStatusResponse: WireParser<SynchronizationJobStatus> = schemas.DescribeSynchronizationJobStatusResponse;
/** The parsed reply of `DescribeSynchronizationJobStatus`. */
export type DescribeSynchronizationJobStatusResponse = SynchronizationJobStatus;

/** The reply of `ModifySynchronizationObject`: the TaskId to poll. */
export const ModifySynchronizationObjectResponse: WireParser<ModifySynchronizationObjectReply> = schemas.ModifySynchronizationObjectResponse;
/** The parsed reply of `ModifySynchronizationObject`. */
export type ModifySynchronizationObjectResponse = ModifySynchronizationObjectReply;

/** `DescribeDtsJobDetail` -> {@link DtsJobDetail}. A reply without `Status` is a parse error naming it. */
export const DescribeDtsJobDetailResponse: WireParser<DtsJobDetail> = schemas.DescribeDtsJobDetailResponse;
/** `DescribePreCheckStatus` -> {@link PreCheckStatusPage}. */
export const DescribePreCheckStatusResponse: WireParser<PreCheckStatusPage> = schemas.DescribePreCheckStatusResponse;
/** `ModifyDtsJob` -> `{dtsJobId?, status?, requestId}`: nothing in it identifies the modification. */
export const ModifyDtsJobResponse: WireParser<ModifyDtsJobReply> = schemas.ModifyDtsJobResponse;
/** The parsed reply of `ModifyDtsJob`. */
export type ModifyDtsJobResponse = ModifyDtsJobReply;
/** `DescribeDtsJobs` -> {@link DtsJobListPage}: the jobs of a type with their own phase blocks. */
export const DescribeDtsJobsResponse: WireParser<DtsJobListPage> = schemas.DescribeDtsJobsResponse;
/** A `PrecheckStatus.Detail[]` item of the DtsJob family -> {@link PrecheckItem}. */
export const DtsJobCheckItem: WireParser<PrecheckItem> = schemas.DtsJobCheckItem;

/** The actions this package calls, with the schema of each reply. */
export const RESPONSE_SCHEMAS: { readonly [A in DtsAction]: WireParser<ResponseOf<A>> } = schemas.RESPONSE_SCHEMAS;

/**
 * A number on the wire: a JSON number, a numeric string, or a json-bigint BigNumber.
 *
 * @example
 * ```ts
 * WireNumber.parse("39754") // 39754
 * WireNumber.safeParse("").success // false
 * ```
 */
export const WireNumber: WireParser<number> = schemas.WireNumber;
/** `Success`: `true`/`false` or `"true"`/`"false"` (any case). */
export const WireBoolean: WireParser<boolean> = schemas.WireBoolean;

// Compile-time: every written-out reply type is exactly what its schema parses to (the assignments above only
// check one direction), and the action map has the same actions as RESPONSE_SCHEMAS.
type Outputs = { -readonly [A in keyof typeof schemas.RESPONSE_SCHEMAS]: z.output<(typeof schemas.RESPONSE_SCHEMAS)[A]> };
sameType<Outputs, DtsResponses>(true);
sameType<z.output<typeof schemas.DtsJobCheckItem>, PrecheckItem>(true);
sameType<z.output<typeof schemas.WireNumber>, number>(true);
sameType<z.output<typeof schemas.WireBoolean>, boolean>(true);
