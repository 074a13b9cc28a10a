/**
 * The parsed reply of each action this package calls, in plain TypeScript: what `decodeResponse` and the client
 * return. The zod schemas that produce them are `schemas.ts`'s `RESPONSE_SCHEMAS`; `public-schemas.ts` checks at
 * compile time that this map and the schemas' outputs are the same, action for action.
 */
import type { InitializationStatusPage, SynchronizationJobStatus, SynchronizationObjectModifyStatus } from "../types";
import type { DtsJobDetail, ModifyDtsJobResponse, PreCheckStatusPage } from "./dts-job-types";
import type { DtsJobListPage } from "./dts-job-list-types";

/** The parsed reply of `ModifySynchronizationObject`: the TaskId to poll. */
export interface ModifySynchronizationObjectResponse {
  taskId: string;
  requestId: string;
}

/** Each action this package calls, with its parsed reply. */
export interface DtsResponses {
  ModifySynchronizationObject: ModifySynchronizationObjectResponse;
  DescribeSynchronizationObjectModifyStatus: SynchronizationObjectModifyStatus;
  DescribeInitializationStatus: InitializationStatusPage;
  DescribeSynchronizationJobStatus: SynchronizationJobStatus;
  ModifyDtsJob: ModifyDtsJobResponse;
  DescribeDtsJobDetail: DtsJobDetail;
  DescribePreCheckStatus: PreCheckStatusPage;
  DescribeDtsJobs: DtsJobListPage;
}

/** An action name this package calls. */
export type DtsAction = keyof DtsResponses;
/** The parsed reply type of an action. */
export type ResponseOf<A extends DtsAction> = DtsResponses[A];
