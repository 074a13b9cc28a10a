/**
 * Input validation (`check`) and comparison keys (`diff`) of `DtsJobInitialization`, with the rules every resource
 * uses (provider/shared/inputs.ts): every problem named with its fix, a misspelt key an error, preview values kept.
 */
import { z } from "zod";
import { checkWithRules, EndpointSchema, nonEmpty, RegionSchema, type CheckResult, type InputRules } from "../shared/inputs";
import { CaughtUpSchema } from "../shared/initialization";
import { WaitSchema } from "../shared/wait-schema";

/** Keys the provider machinery adds; never validated as user input. */
export const DTS_JOB_INITIALIZATION_HIDDEN_KEYS = ["__provider", "__resourceKey", "__tokenSalt"] as const;
/** User inputs whose change is another job (replace). */
export const DTS_JOB_INITIALIZATION_REPLACE_KEYS = ["dtsJobId", "dtsInstanceId"] as const;
/** User inputs whose change only looks again (in-place update). */
export const DTS_JOB_INITIALIZATION_UPDATE_KEYS = ["regionId", "endpoint", "wait", "caughtUp", "failOn"] as const;
/** Every user input, in display order. */
export const DTS_JOB_INITIALIZATION_INPUT_KEYS = [...DTS_JOB_INITIALIZATION_REPLACE_KEYS, ...DTS_JOB_INITIALIZATION_UPDATE_KEYS] as const;

const FailOnSchema = z.strictObject(
  { failedObjects: z.boolean({ error: "expected true or false (default true: a failed object fails the resource)" }).optional() },
  { error: "expected an object {failedObjects?: boolean}" },
);

const UserInputSchema = z.strictObject({
  dtsJobId: nonEmpty("DtsJobId of the synchronization job", '"l3m1213ye7l****"'),
  dtsInstanceId: nonEmpty("DtsInstanceId", '"dtsl3m1213ye7l****"').optional(),
  regionId: RegionSchema.optional(),
  endpoint: EndpointSchema.optional(),
  wait: WaitSchema.optional(),
  caughtUp: CaughtUpSchema.optional(),
  failOn: FailOnSchema.optional(),
});

const RULES: InputRules = {
  hiddenKeys: DTS_JOB_INITIALIZATION_HIDDEN_KEYS,
  inputKeys: DTS_JOB_INITIALIZATION_INPUT_KEYS,
  schema: UserInputSchema,
  refine: () => {},
  // Nothing is written, so no ClientToken: the salt stays constant.
  salt: () => "0",
};

/** The provider's `check` for `DtsJobInitialization`. */
export function checkDtsJobInitializationInputs(olds: Record<string, unknown> | undefined, news: Record<string, unknown>): CheckResult {
  return checkWithRules(olds, news, RULES);
}
