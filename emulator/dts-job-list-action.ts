/**
 * `DescribeDtsJobs` (dts-job family): the per-job list whose items carry the job's own precheck, structure, data and
 * incremental blocks. Request names as the model spells them: `JobType` (`MIGRATION` by default, as documented: the
 * emulator's jobs are SYNC jobs, so a request without `JobType=SYNC` lists none), `DtsJobId` / `DtsInstanceId`
 * (comma-separated, exact match), `PageNumber`, `PageSize`, `Region` (the page marks it required; `RegionId`, the
 * deprecated spelling Terraform sends, is accepted instead), `WithoutDbList`. A job of the modification machinery
 * lists as initialized long ago; a new job (`initialization-life.ts`) lists where its life stands.
 */
import type { ActionHandler } from "./sync-job-actions";
import { intParam } from "./sync-job-actions";
import { type InitializationLife, dtsJobListItem, lifeOf } from "./initialization-life";
import type { JobRecord } from "./model";
import { invalidParameter } from "./protocol";

const JOB_TYPES = ["MIGRATION", "SYNC", "SUBSCRIBE"];

const ids = (raw: string | undefined): string[] | undefined =>
  raw === undefined || raw.trim() === ""
    ? undefined
    : raw
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);

export const describeDtsJobs: ActionHandler = (params, state, requestId) => {
  const jobType = params.JobType || "MIGRATION";
  if (!JOB_TYPES.includes(jobType)) throw invalidParameter("JobType", "Valid values: MIGRATION, SYNC, SUBSCRIBE.");
  for (const name of ["WithoutDbList", "ZeroEtlJob"]) {
    const v = params[name];
    if (v !== undefined && v !== "" && v !== "true" && v !== "false") throw invalidParameter(name, "Valid values: true, false.");
  }
  const pageSize = intParam(params, "PageSize", 20, 1, 100);
  const pageNumber = intParam(params, "PageNumber", 1, 1, 2147483647);
  const jobIds = ids(params.DtsJobId);
  const instanceIds = ids(params.DtsInstanceId);
  const all =
    jobType !== "SYNC"
      ? []
      : [...state.jobs.values()].filter((j) => (!jobIds || jobIds.includes(j.jobId.replace(/^dts/, ""))) && (!instanceIds || instanceIds.includes(j.jobId)));
  const page = all.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
  const item = (j: JobRecord) =>
    j.initialization && j.taskIds.length === 0
      ? dtsJobListItem(j, j.initialization, lifeOf(j as JobRecord & { initialization: InitializationLife }, state.clock.now(), state.timeScale))
      : dtsJobListItem(j, undefined, undefined);
  return {
    payload: {
      RequestId: requestId,
      Success: true,
      HttpStatusCode: 200,
      PageNumber: pageNumber,
      PageRecordCount: page.length,
      TotalRecordCount: all.length,
      DtsJobList: page.map(item),
    },
    ...(page.length === 1 ? { jobId: page[0]!.jobId } : {}),
  };
};
