/**
 * Input validation (`check`) and comparison (`diff`) for the resource. Runs inside the dynamic-provider host
 * (loaded there by package name, never serialized), so it may use zod and the SDK freely.
 *
 * `check` validates what the program wrote with `z.strictObject` (a misspelt key is an error, not silently
 * dropped), reports **every** problem as `{property, reason}` with the fix in the reason, and returns one
 * normalized form: `synchronizationObjects` always as the typed array (also when the raw JSON string was given).
 * Values Pulumi does not know yet (preview of a value computed by another resource) are kept as they are and
 * validated on the real run.
 */
import { z } from "zod";
import { isDtsInputError } from "../../sdk/errors/errors";
import { parseSynchronizationObjects } from "../../sdk/wire/sync-job-objects";
import { SynchronizationObjectsInput } from "../../sdk/wire/sync-job-objects-schemas";
import type { SynchronizationObjectModificationInputs } from "./types";
import {
  DirectionSchema,
  EndpointSchema,
  failureOf,
  failOnSchema,
  failuresFromZod,
  nonEmpty,
  RegionSchema,
  checkWithRules,
  storedInputs,
  type CheckFailure,
  type CheckResult,
  type InputRules,
} from "../shared/inputs";
import { WaitSchema } from "../shared/wait-schema";
import { HIDDEN_KEYS, INPUT_KEYS } from "./keys";
import { nextTokenSalt } from "./token";

export { HIDDEN_KEYS, INPUT_KEYS, REPLACE_KEYS, UPDATE_KEYS } from "./keys";

const FailOnSchema = failOnSchema("failedTables", "table");

/** The user inputs, `synchronizationObjects` checked separately (its own schema gives better paths). */
const UserInputSchema = z.strictObject({
  synchronizationJobId: nonEmpty("synchronization job id", '"dtsi76118o3w92****"'),
  synchronizationObjects: z.unknown().optional(),
  synchronizationDirection: DirectionSchema.optional(),
  regionId: RegionSchema.optional(),
  endpoint: EndpointSchema.optional(),
  wait: WaitSchema.optional(),
  failOn: FailOnSchema.optional(),
  adoptTaskId: nonEmpty("TaskId to adopt", '"k71r16fj13g****"').optional(),
  revision: z.string({ error: 'expected a string, e.g. "2"' }).optional(),
});

/**
 * Validates and normalizes `synchronizationObjects`: the typed array or the raw JSON string -> the typed array.
 * Returns failures naming the path (e.g. `synchronizationObjects[0].tableIncludes[1].tableName`).
 */
export function normalizeObjects(value: unknown): { value?: SynchronizationObjectModificationInputs["synchronizationObjects"]; failures: CheckFailure[] } {
  if (typeof value === "string") {
    try {
      return { value: parseSynchronizationObjects(value), failures: [] };
    } catch (error) {
      if (isDtsInputError(error)) return { failures: [failureOf(error)] };
      throw error;
    }
  }
  if (!Array.isArray(value)) {
    return {
      failures: [
        {
          property: "synchronizationObjects",
          reason:
            'expected an array of databases, e.g. [{dbName: "dtstestdata", tableIncludes: [{tableName: "customer"}]}], or the API\'s JSON string \'[{"DBName":"dtstestdata"}]\'',
        },
      ],
    };
  }
  const parsed = SynchronizationObjectsInput.safeParse(value);
  if (parsed.success) return { value: parsed.data, failures: [] };
  return {
    failures: failuresFromZod(parsed.error, "synchronizationObjects", INPUT_KEYS).map((f) => ({
      ...f,
      reason: `${f.reason}. Use {dbName, newDbName?, tableIncludes?: [{tableName, newTableName?}], tableExcludes?: [{tableName}]}`,
    })),
  };
}

/**
 * The provider's `check`: validates `news`, returns the normalized inputs (plus the hidden keys) and every failure.
 *
 * @example
 * ```ts
 * checkInputs({}, { synchronizationJobId: "", synchronizationObjects: "[]" }).failures
 * // [{property: "synchronizationJobId", reason: "must not be empty: ..."}, {property: "synchronizationObjects", ...}]
 * ```
 */
export function checkInputs(olds: Record<string, unknown> | undefined, news: Record<string, unknown>): CheckResult {
  return checkWithRules(olds, news, RULES);
}

const RULES: InputRules = {
  hiddenKeys: HIDDEN_KEYS,
  inputKeys: INPUT_KEYS,
  schema: UserInputSchema,
  refine: (user, unknownKeys, normalized, failures) => {
    if ("synchronizationObjects" in user) {
      const objects = normalizeObjects(user.synchronizationObjects);
      failures.push(...objects.failures);
      if (objects.value) normalized.synchronizationObjects = objects.value;
    } else if (!unknownKeys.has("synchronizationObjects") && !("adoptTaskId" in user) && !unknownKeys.has("adoptTaskId")) {
      failures.push({
        property: "synchronizationObjects",
        reason: 'is required: pass the databases (and tables) the job should sync, e.g. [{dbName: "dtstestdata"}]; it may be omitted only with adoptTaskId',
      });
    }
  },
  salt: nextTokenSalt,
};

/** Extracts the stored inputs (user keys and hidden keys except `__provider`) from stored outputs. */
export function inputsFromOutputs(props: Record<string, unknown>): SynchronizationObjectModificationInputs {
  return storedInputs(props, INPUT_KEYS);
}
