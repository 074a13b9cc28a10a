/**
 * The input rules every initialization resource shares (`check` and the replace/update keys): the job's identity
 * inputs are the room's (their change replaces the resource), then `regionId`, `endpoint`, `wait`, `caughtUp` and
 * `failOn` (a change only looks again). Built on the rules every resource uses (inputs.ts): every problem named with
 * its fix, a misspelt key an error, preview values kept.
 */
import { z } from "zod";
import { FAILED_LIST } from "../../sdk/reports/initialization-outputs";
import type { InitializationFamily } from "../../sdk/wire/initialization-snapshot";
import { checkWithRules, EndpointSchema, failOnSchema, HIDDEN_KEYS, RegionSchema, type CheckResult, type InputRules } from "./inputs";
import { WaitSchema } from "./wait-schema";

/** `caughtUp`, checked at preview: the bound and the replies in a row, each named with its fix. */
export const CaughtUpSchema = z.strictObject(
  {
    maxDelaySeconds: z
      .number({ error: "expected a number of seconds, e.g. caughtUp: {maxDelaySeconds: 5}" })
      .min(0, { error: "must be >= 0 seconds: the largest incremental delay that counts as caught up, e.g. 5" })
      .max(86400, { error: "must be at most 86400 seconds (a day): a larger delay is not caught up" }),
    polls: z
      .number({ error: "expected a whole number of replies, e.g. polls: 3" })
      .int({ error: "must be a whole number of replies, e.g. polls: 3" })
      .min(1, { error: "must be at least 1 reply in a row (default 3)" })
      .max(100, { error: "must be at most 100 replies in a row" })
      .optional(),
  },
  { error: "expected an object {maxDelaySeconds, polls?}, e.g. {maxDelaySeconds: 5, polls: 3}" },
);

/** User inputs whose change only looks again (in-place update). */
export const INITIALIZATION_UPDATE_KEYS = ["regionId", "endpoint", "wait", "caughtUp", "failOn"] as const;

/** What a room says about its inputs. */
export interface InitializationInputSpec {
  /** The inputs that name the job, the job's id first, with their schemas: a change replaces the resource. */
  identity: Record<string, z.ZodType>;
  /** An example of the job's id, for messages. */
  idExample: string;
  /** The job's API family: its failed list (sdk FAILED_LIST) is what `failOn` names (`failOn: {failedTables: false}`). */
  family: InitializationFamily;
}

/** A room's input rules. */
export interface InitializationInputs extends InitializationInputSpec {
  /** The family's failed list (`failedTables`), the key of its `failOn` option. */
  failOnKey: "failedTables" | "failedObjects";
  /** What one entry of that list is, in messages (`table`; plural with an `s`). */
  failedNoun: string;
  /** The job's id input (the first identity input). */
  idKey: string;
  replaceKeys: readonly string[];
  updateKeys: readonly string[];
  /** Every user input, in display order. */
  inputKeys: readonly string[];
  /** The provider's `check`. */
  check(olds: Record<string, unknown> | undefined, news: Record<string, unknown>): CheckResult;
}

/** The input rules of an initialization resource from what its room says. */
export function initializationInputs(spec: InitializationInputSpec): InitializationInputs {
  const replaceKeys = Object.keys(spec.identity);
  const inputKeys = [...replaceKeys, ...INITIALIZATION_UPDATE_KEYS];
  const failed = FAILED_LIST[spec.family];
  const rules: InputRules = {
    hiddenKeys: HIDDEN_KEYS,
    inputKeys,
    schema: z.strictObject({
      ...spec.identity,
      regionId: RegionSchema.optional(),
      endpoint: EndpointSchema.optional(),
      wait: WaitSchema.optional(),
      caughtUp: CaughtUpSchema.optional(),
      failOn: failOnSchema(failed.key, failed.noun).optional(),
    }),
    refine: () => {},
    // Nothing is written, so no ClientToken: the salt stays constant.
    salt: () => "0",
  };
  return {
    ...spec,
    failOnKey: failed.key,
    failedNoun: failed.noun,
    idKey: replaceKeys[0]!,
    replaceKeys,
    updateKeys: INITIALIZATION_UPDATE_KEYS,
    inputKeys,
    check: (olds, news) => checkWithRules(olds, news, rules),
  };
}
