/**
 * Input validation (`check`) and comparison keys (`diff`) of `DtsJobInitialization`: the job's identity inputs and
 * its failed list, over the rules of every initialization resource (provider/shared/initialization-inputs.ts).
 */
import { nonEmpty } from "../shared/inputs";
import { initializationInputs } from "../shared/initialization-inputs";

/** The input rules of `DtsJobInitialization`. */
export const DTS_JOB_INITIALIZATION_INPUTS = initializationInputs({
  identity: {
    dtsJobId: nonEmpty("DtsJobId of the synchronization job", '"l3m1213ye7l****"'),
    dtsInstanceId: nonEmpty("DtsInstanceId", '"dtsl3m1213ye7l****"').optional(),
  },
  idExample: "l3m1213ye7l****",
  family: "dts-job",
});

/** Every user input, in display order. */
export const DTS_JOB_INITIALIZATION_INPUT_KEYS = DTS_JOB_INITIALIZATION_INPUTS.inputKeys;
