/**
 * Input validation (`check`) and comparison keys (`diff`) of `SynchronizationJobInitialization`: the job's identity
 * inputs and its failed list, over the rules of every initialization resource (provider/shared/initialization-inputs.ts).
 */
import { DirectionSchema, nonEmpty } from "../shared/inputs";
import { initializationInputs } from "../shared/initialization-inputs";

/** The input rules of `SynchronizationJobInitialization`. */
export const SYNC_JOB_INITIALIZATION_INPUTS = initializationInputs({
  identity: {
    synchronizationJobId: nonEmpty("SynchronizationJobId", '"dtsi76118o3w92****"'),
    synchronizationDirection: DirectionSchema.optional(),
  },
  idExample: "dtsi76118o3w92****",
  family: "sync-job",
});

/** Every user input, in display order. */
export const SYNC_JOB_INITIALIZATION_INPUT_KEYS = SYNC_JOB_INITIALIZATION_INPUTS.inputKeys;
