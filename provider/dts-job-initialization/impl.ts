/**
 * What `DtsJobInitialization`'s provider methods do (`__dtsJobInitializationProviderImpl`, and the native plugin's
 * row): the shared initialization implementation (provider/shared/initialization.ts) over the DtsJob API's waiter
 * (`DescribeDtsJobs` with `JobType=SYNC` per poll, `DescribePreCheckStatus` for the failed objects). Never writes.
 */
import { DtsNotFoundError } from "../../sdk/errors/errors";
import { findDtsJob, waitForDtsJobInitialization } from "../../sdk/waiting/dts-job-initialization-waiter";
import { dtsJobSnapshot } from "../../sdk/wire/initialization-snapshot";
import { initializationImpl } from "../shared/initialization";
import { DTS_JOB_INITIALIZATION_INPUTS } from "./inputs";
import type { DtsJobInitializationInputs } from "./types";

/** The native type token. */
export const DTS_JOB_INITIALIZATION_TOKEN = "dts:index:DtsJobInitialization";

/** The implementation behind `DtsJobInitialization` (initializationImpl). @internal */
export const dtsJobInitializationProviderImpl = initializationImpl<DtsJobInitializationInputs>({
  token: DTS_JOB_INITIALIZATION_TOKEN,
  inputs: DTS_JOB_INITIALIZATION_INPUTS,
  wait: (dts, inputs, options) =>
    waitForDtsJobInitialization(dts, inputs.dtsJobId, { ...options, ...(inputs.dtsInstanceId ? { dtsInstanceId: inputs.dtsInstanceId } : {}) }),
  look: async (dts, inputs, regionId) => {
    const page = await dts.describeDtsJobs({
      dtsJobId: inputs.dtsJobId,
      ...(inputs.dtsInstanceId ? { dtsInstanceId: inputs.dtsInstanceId } : {}),
      jobType: "SYNC",
      withoutDbList: true,
      ...(regionId ? { regionId } : {}),
    });
    const item = findDtsJob(page, inputs.dtsJobId);
    if (!item) {
      throw new DtsNotFoundError({
        code: "InvalidJobId.NotFound",
        message: `DescribeDtsJobs (JobType=SYNC) does not list the job ${inputs.dtsJobId}`,
        requestId: page.requestId,
      });
    }
    return dtsJobSnapshot(item, page.requestId);
  },
});
