/**
 * Input validation (`check`) and comparison keys (`diff`) of `SynchronizationJobInitialization`, with the rules every resource
 * uses (provider/shared/inputs.ts): every problem named with its fix, a misspelt key an error, preview values kept.
 */
import { z } from "zod";
import { checkWithRules, DirectionSchema, EndpointSchema, nonEmpty, RegionSchema, type CheckResult, type InputRules } from "../shared/inputs";
import { CaughtUpSchema } from "../shared/initialization";
import { WaitSchema } from "../shared/wait-schema";

/** Keys the provider machinery adds; never validated as user input. */
export const SYNC_JOB_INITIALIZATION_HIDDEN_KEYS = ["__provider", "__resourceKey", "__tokenSalt"] as const;
/** User inputs whose change is another job (replace). */
export const SYNC_JOB_INITIALIZATION_REPLACE_KEYS = ["synchronizationJobId", "synchronizationDirection"] as const;
/** User inputs whose change only looks again (in-place update). */
export const SYNC_JOB_INITIALIZATION_UPDATE_KEYS = ["regionId", "endpoint", "wait", "caughtUp", "failOn"] as const;
/** Every user input, in display order. */
export const SYNC_JOB_INITIALIZATION_INPUT_KEYS = [...SYNC_JOB_INITIALIZATION_REPLACE_KEYS, ...SYNC_JOB_INITIALIZATION_UPDATE_KEYS] as const;

const FailOnSchema = z.strictObject(
  { failedTables: z.boolean({ error: "expected true or false (default true: a failed table fails the resource)" }).optional() },
  { error: "expected an object {failedTables?: boolean}" },
);

const UserInputSchema = z.strictObject({
  synchronizationJobId: nonEmpty("SynchronizationJobId", '"dtsi76118o3w92****"'),
  synchronizationDirection: DirectionSchema.optional(),
  regionId: RegionSchema.optional(),
  endpoint: EndpointSchema.optional(),
  wait: WaitSchema.optional(),
  caughtUp: CaughtUpSchema.optional(),
  failOn: FailOnSchema.optional(),
});

const RULES: InputRules = {
  hiddenKeys: SYNC_JOB_INITIALIZATION_HIDDEN_KEYS,
  inputKeys: SYNC_JOB_INITIALIZATION_INPUT_KEYS,
  schema: UserInputSchema,
  refine: () => {},
  // Nothing is written, so no ClientToken: the salt stays constant.
  salt: () => "0",
};

/** The provider's `check` for `SynchronizationJobInitialization`. */
export function checkSynchronizationJobInitializationInputs(olds: Record<string, unknown> | undefined, news: Record<string, unknown>): CheckResult {
  return checkWithRules(olds, news, RULES);
}
