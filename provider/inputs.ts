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
import { isDtsInputError, type DtsInputError } from "../sdk/errors/errors";
import { parseSynchronizationObjects } from "../sdk/wire/objects";
import { SynchronizationObjectsInput } from "../sdk/wire/sync-job-objects-schemas";
import { REGION_ID_PATTERN } from "../sdk/rules";
import { formatPath } from "../sdk/wire/decode";
import type { CheckFailure, CheckResult } from "./shared/check-result";
import { WAITER_DEFAULTS } from "../sdk/waiting/waiter";
import type { SynchronizationObjectModificationInputs } from "./types";
import { canonicalJson, compact } from "./canonical";
import { HIDDEN_KEYS, INPUT_KEYS } from "./keys";
import { nextTokenSalt } from "./token";

/** The sentinel Pulumi puts where a value is unknown during preview. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

export { HIDDEN_KEYS, INPUT_KEYS, REPLACE_KEYS, UPDATE_KEYS } from "./keys";

/** Longest deadline accepted, minutes (7 days). */
export const MAX_TIMEOUT_MINUTES = 7 * 24 * 60;

// The result types live in the zod-free shared/check-result.ts: the implementations' declarations (public through
// `__providerImpl`) import them from there, so the package's types never pull in zod's.
export type { CheckFailure, CheckResult } from "./shared/check-result";

/** True when `value` is, or contains, Pulumi's unknown sentinel. */
export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN_VALUE) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

export const nonEmpty = (field: string, example: string) =>
  z
    .string({ error: (issue) => (issue.input === undefined ? `is required: pass the ${field}, e.g. ${example}` : `expected a string, e.g. ${example}`) })
    .trim()
    .min(1, { error: `must not be empty: pass the ${field}, e.g. ${example}` });

const seconds = (field: string) =>
  z
    .number({ error: `expected a number of seconds, e.g. ${field}: 5` })
    .positive({ error: `must be > 0 seconds: e.g. ${field}: 5` })
    .max(3600, { error: `must be at most 3600 seconds: pick a value between 1 and 3600` });

export const WaitSchema = z
  .strictObject(
    {
      timeoutMinutes: z
        .number({ error: "expected a number of minutes, e.g. timeoutMinutes: 60" })
        .positive({ error: "must be > 0 minutes: e.g. timeoutMinutes: 60 (fractions allowed)" })
        .max(MAX_TIMEOUT_MINUTES, { error: `must be at most ${MAX_TIMEOUT_MINUTES} minutes (7 days): a longer wait is better resumed by a later pulumi up` })
        .optional(),
      minDelaySeconds: seconds("minDelaySeconds").optional(),
      maxDelaySeconds: seconds("maxDelaySeconds").optional(),
      maxIdleDelaySeconds: seconds("maxIdleDelaySeconds").optional(),
    },
    { error: "expected an object {timeoutMinutes?, minDelaySeconds?, maxDelaySeconds?, maxIdleDelaySeconds?}" },
  )
  .superRefine((w, ctx) => {
    if (w.minDelaySeconds !== undefined && w.maxDelaySeconds !== undefined && w.maxDelaySeconds < w.minDelaySeconds) {
      ctx.addIssue({
        code: "custom",
        path: ["maxDelaySeconds"],
        message: `(${w.maxDelaySeconds}) is below minDelaySeconds (${w.minDelaySeconds}): make maxDelaySeconds >= minDelaySeconds`,
      });
    }
    const maxDelay = w.maxDelaySeconds ?? Math.max(WAITER_DEFAULTS.maxDelaySeconds, w.minDelaySeconds ?? 0);
    if (w.maxIdleDelaySeconds !== undefined && w.maxIdleDelaySeconds < maxDelay) {
      ctx.addIssue({
        code: "custom",
        path: ["maxIdleDelaySeconds"],
        message: `(${w.maxIdleDelaySeconds}) is below maxDelaySeconds (${maxDelay}${w.maxDelaySeconds === undefined ? ", the default" : ""}): make maxIdleDelaySeconds >= maxDelaySeconds (equal turns idle sleeps off)`,
      });
    }
  });

const FailOnSchema = z.strictObject(
  { failedTables: z.boolean({ error: "expected true or false (default true: a failed table fails the resource)" }).optional() },
  { error: "expected an object {failedTables?: boolean}" },
);

/** `regionId`, shared by both resources. */
export const RegionSchema = z
  .string({ error: 'expected a region id string, e.g. "cn-hangzhou"' })
  .trim()
  .regex(REGION_ID_PATTERN, { error: 'expected a region id such as "cn-hangzhou" or "ap-southeast-1"' });

/** `endpoint`, shared by both resources: a trailing slash is dropped. */
export const EndpointSchema = z
  .string({ error: 'expected a URL string, e.g. "https://dts.cn-hangzhou.aliyuncs.com"' })
  .trim()
  .regex(/^https?:\/\/[^\s/]+(\/\S*)?$/, {
    error: 'expected an http:// or https:// URL, e.g. "https://dts.cn-hangzhou.aliyuncs.com" or "http://127.0.0.1:8080"',
  })
  .transform((u) => u.replace(/\/+$/, ""));

/** The user inputs, `synchronizationObjects` checked separately (its own schema gives better paths). */
const UserInputSchema = z.strictObject({
  synchronizationJobId: nonEmpty("synchronization job id", '"dtsi76118o3w92****"'),
  synchronizationObjects: z.unknown().optional(),
  synchronizationDirection: z.enum(["Forward", "Reverse"], { error: 'expected "Forward" or "Reverse" (only for two-way jobs; omit it otherwise)' }).optional(),
  regionId: RegionSchema.optional(),
  endpoint: EndpointSchema.optional(),
  wait: WaitSchema.optional(),
  failOn: FailOnSchema.optional(),
  adoptTaskId: nonEmpty("TaskId to adopt", '"k71r16fj13g****"').optional(),
  revision: z.string({ error: 'expected a string, e.g. "2"' }).optional(),
});

/** Zod issues as check failures; an unknown top-level key lists `knownKeys`. */
export function failuresFromZod(error: z.ZodError, root = "", knownKeys: readonly string[] = INPUT_KEYS): CheckFailure[] {
  const out: CheckFailure[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const where = formatPath([...issue.path, key], root);
        const known = issue.path.length === 0 && !root ? ` Known inputs: ${knownKeys.join(", ")}.` : "";
        out.push({ property: where, reason: `unknown input "${key}": check its spelling or remove it.${known}` });
      }
      continue;
    }
    out.push({ property: formatPath(issue.path, root), reason: issue.message });
  }
  return out;
}

function problemOf(error: DtsInputError): string {
  const prefix = `${error.field}: `;
  return error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message;
}

/**
 * Validates and normalizes `synchronizationObjects`: the typed array or the raw JSON string -> the typed array.
 * Returns failures naming the path (e.g. `synchronizationObjects[0].tableIncludes[1].tableName`).
 */
export function normalizeObjects(value: unknown): { value?: SynchronizationObjectModificationInputs["synchronizationObjects"]; failures: CheckFailure[] } {
  if (typeof value === "string") {
    try {
      return { value: parseSynchronizationObjects(value), failures: [] };
    } catch (error) {
      if (isDtsInputError(error)) return { failures: [{ property: error.field, reason: problemOf(error) }] };
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
    failures: failuresFromZod(parsed.error, "synchronizationObjects").map((f) => ({
      ...f,
      reason: `${f.reason}. Use {dbName, newDbName?, tableIncludes?: [{tableName, newTableName?}], tableExcludes?: [{tableName}]}`,
    })),
  };
}

/**
 * The user's values of `news` (hidden keys and undefined ones left out) and the keys whose value Pulumi does not
 * know yet (preview), kept apart so they are not validated.
 */
export function userValues(
  news: Record<string, unknown> | undefined,
  hiddenKeys: readonly string[],
): { user: Record<string, unknown>; unknownKeys: Set<string> } {
  // No prototype: a key "__proto__" is then an own (unknown) key, not a setter that swaps the prototype and lets a
  // smuggled `adoptTaskId` (or anything else) be read through it past the unknown-key check.
  const user: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
  const unknownKeys = new Set<string>();
  for (const [key, value] of Object.entries(news ?? {})) {
    if (hiddenKeys.includes(key) || value === undefined) continue;
    if (containsUnknown(value)) unknownKeys.add(key);
    else user[key] = value;
  }
  return { user, unknownKeys };
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
  const { user, unknownKeys } = userValues(news, HIDDEN_KEYS);

  const failures: CheckFailure[] = [];
  const parsed = UserInputSchema.safeParse(user);
  let normalized: Record<string, unknown> = { ...user };
  if (parsed.success) {
    normalized = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
  } else {
    failures.push(...failuresFromZod(parsed.error).filter((f) => !unknownKeys.has(f.property.split(/[.[]/)[0]!)));
  }

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

  for (const key of unknownKeys) normalized[key] = news[key];
  if (typeof news.__resourceKey === "string") normalized.__resourceKey = news.__resourceKey;
  if (failures.length > 0) return { inputs: { ...news }, failures };
  normalized.__tokenSalt = nextTokenSalt(olds, normalized);
  return { inputs: compact(normalized), failures };
}

/** The user inputs that differ between `olds` and `news` (an unknown new value always differs). */
export function changedKeys(olds: Record<string, unknown>, news: Record<string, unknown>, keys: readonly string[]): string[] {
  return keys.filter((key) => containsUnknown(news[key]) || canonicalJson(olds[key]) !== canonicalJson(news[key]));
}

/** Extracts the stored inputs (user keys and hidden keys except `__provider`) from stored outputs. */
export function inputsFromOutputs(props: Record<string, unknown>): SynchronizationObjectModificationInputs {
  const out: Record<string, unknown> = {};
  for (const key of [...INPUT_KEYS, "__resourceKey", "__tokenSalt"]) if (props[key] !== undefined) out[key] = props[key];
  return out as unknown as SynchronizationObjectModificationInputs;
}
