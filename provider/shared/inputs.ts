/**
 * The input rules every resource's `check` and `diff` use: Pulumi's unknown preview value, the field schemas both
 * resources take (`regionId`, `endpoint`, `synchronizationDirection`, non-empty ids), zod issues as check failures
 * naming the field and the fix, the user's values apart from the hidden keys, and which keys changed.
 */
import { z } from "zod";
import type { DtsInputError } from "../../sdk/errors/errors";
import { REGION_ID_PATTERN } from "../../sdk/rules";
import { formatPath } from "../../sdk/wire/decode";
import { canonicalJson, compact } from "./canonical";
import type { CheckFailure, CheckResult } from "./check-result";

/** The sentinel Pulumi puts where a value is unknown during preview. */
export const UNKNOWN_VALUE = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

// The result types live in the zod-free check-result.ts: the implementations' declarations (public through
// `__providerImpl`) import them from there, so the package's types never pull in zod's.
export type { CheckFailure, CheckResult } from "./check-result";

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

/** `synchronizationDirection`, shared by both resources. */
export const DirectionSchema = z.enum(["Forward", "Reverse"], { error: 'expected "Forward" or "Reverse" (only for two-way jobs; omit it otherwise)' });

/** Zod issues as check failures; an unknown top-level key lists `knownKeys`. */
export function failuresFromZod(error: z.ZodError, root: string, knownKeys: readonly string[]): CheckFailure[] {
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

/** An SDK input error as a check failure: the field, and the problem without the field repeated. */
export function failureOf(error: DtsInputError): CheckFailure {
  const prefix = `${error.field}: `;
  return { property: error.field, reason: error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message };
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

/** The user inputs that differ between `olds` and `news` (an unknown new value always differs). */
export function changedKeys(olds: Record<string, unknown>, news: Record<string, unknown>, keys: readonly string[]): string[] {
  return keys.filter((key) => containsUnknown(news[key]) || canonicalJson(olds[key]) !== canonicalJson(news[key]));
}

/** The stored inputs (the user keys `inputKeys` and the hidden keys but `__provider`) from stored outputs. */
export function storedInputs<T>(props: Record<string, unknown>, inputKeys: readonly string[]): T {
  const out: Record<string, unknown> = {};
  for (const key of [...inputKeys, "__resourceKey", "__tokenSalt"]) if (props[key] !== undefined) out[key] = props[key];
  return out as T;
}

/** Validates inputs again where they are used (the engine always checks first; direct callers may not). */
export function validatedInputs<T>(check: (olds: undefined, news: Record<string, unknown>) => CheckResult, raw: Record<string, unknown>): T {
  const { inputs, failures } = check(undefined, raw);
  if (failures.length > 0) throw new Error(`Invalid inputs:\n${failures.map((f) => `  ${f.property}: ${f.reason}`).join("\n")}`);
  return { ...(inputs as T), __tokenSalt: (raw.__tokenSalt as string | undefined) ?? "0" };
}

/** Keys the provider machinery adds to every resource's inputs; never validated as user input. */
export const HIDDEN_KEYS = ["__provider", "__resourceKey", "__tokenSalt"] as const;

/**
 * A `failOn` of one option (`{failedTables?: boolean}`, default true), whose errors say what it means: `noun` is
 * one entry of the failed list (`table`).
 */
export function failOnSchema(key: string, noun: string) {
  return z.strictObject(
    { [key]: z.boolean({ error: `expected true or false (default true: a failed ${noun} fails the resource)` }).optional() },
    { error: `expected an object {${key}?: boolean}` },
  );
}

/** What a resource's `check` is made of, around the steps every resource's takes. */
export interface InputRules {
  /** Keys the provider machinery adds; never validated as user input. */
  hiddenKeys: readonly string[];
  /** Every user input, for the message of a misspelt key. */
  inputKeys: readonly string[];
  /** The user inputs' schema (`z.strictObject`: a misspelt key is an error). */
  schema: z.ZodType<Record<string, unknown>>;
  /** The resource's own checks (fields with their own schema, inputs that go together): adds to `normalized` and `failures`. */
  refine(user: Record<string, unknown>, unknownKeys: ReadonlySet<string>, normalized: Record<string, unknown>, failures: CheckFailure[]): void;
  /** The ClientToken salt of the normalized inputs, from the stored ones. */
  salt(olds: Record<string, unknown> | undefined, normalized: Record<string, unknown>): string;
}

/**
 * A resource's `check`: validates `news` with `rules`, returns the normalized inputs (plus the hidden keys) and
 * every failure. Values Pulumi does not know yet (preview) are kept as they are and validated on the real run.
 */
export function checkWithRules(olds: Record<string, unknown> | undefined, news: Record<string, unknown>, rules: InputRules): CheckResult {
  const { user, unknownKeys } = userValues(news, rules.hiddenKeys);
  const failures: CheckFailure[] = [];
  const parsed = rules.schema.safeParse(user);
  let normalized: Record<string, unknown> = { ...user };
  if (parsed.success) normalized = Object.fromEntries(Object.entries(parsed.data).filter(([, v]) => v !== undefined));
  else failures.push(...failuresFromZod(parsed.error, "", rules.inputKeys).filter((f) => !unknownKeys.has(f.property.split(/[.[]/)[0]!)));
  rules.refine(user, unknownKeys, normalized, failures);
  for (const key of unknownKeys) normalized[key] = news[key];
  if (typeof news.__resourceKey === "string") normalized.__resourceKey = news.__resourceKey;
  if (failures.length > 0) return { inputs: { ...news }, failures };
  normalized.__tokenSalt = rules.salt(olds, normalized);
  return { inputs: compact(normalized), failures };
}
