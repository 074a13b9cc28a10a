/**
 * The scalar wire types of every DTS reply (see the rules in `schemas.ts`): numbers as strings or json-bigint
 * BigNumbers, booleans as `true` or `"true"`, text that may arrive as a number, statuses kept as sent, and arrays
 * that may come wrapped in an object (XML) or be missing.
 */
import { z } from "zod";

/** json-bigint's BigNumber (`_isBigNumber: true`); anything with that flag and a `toString`. */
function isBigNumberLike(value: unknown): value is { toString(): string } {
  return (
    typeof value === "object" && value !== null && ((value as { _isBigNumber?: unknown })._isBigNumber === true || value.constructor?.name === "BigNumber")
  );
}

const unBig = (value: unknown): unknown => (isBigNumberLike(value) ? value.toString() : value);

/** A decimal number written as a string: `"100"`, `"0.0"`, `"-1"`, `"1e3"`. Rejects `""` and `" 1"`. */
export const NumericString = z
  .string()
  .regex(/^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/, { error: (iss) => `expected a number, got ${JSON.stringify(iss.input)}` })
  .pipe(z.transform((s: string) => Number(s)));

/**
 * A number on the wire: a JSON number, a numeric string, or a json-bigint BigNumber (made a string first).
 *
 * @example
 * ```ts
 * WireNumber.parse("39754") // 39754
 * WireNumber.safeParse("").success // false
 * ```
 */
export const WireNumber = z.preprocess(
  unBig,
  z
    .union([z.number(), NumericString], {
      error: (iss) => `expected a number or a numeric string, got ${JSON.stringify(iss.input)}`,
    })
    // `"1e309"` is a numeric string whose value is Infinity: no count or percent is infinite.
    .refine((n) => Number.isFinite(n), { error: "expected a finite number (the value overflows a double)" }),
);

/**
 * `Success`: `true`/`false` or `"true"`/`"false"` (any case).
 *
 * @example
 * ```ts
 * WireBoolean.parse("false") // false
 * ```
 */
export const WireBoolean = z.union([z.boolean(), z.stringbool()]);

/** A text field; numbers (and BigNumbers) are accepted and turned into strings, `null` counts as missing. */
export const WireString = z.preprocess(
  unBig,
  z.union([z.string(), z.number().transform(String)], {
    error: (iss) => (iss.input === undefined ? "required, missing" : `expected a string, got ${JSON.stringify(iss.input)}`),
  }),
);

/** A status string: any value is kept (see `PhaseStatus` in types.ts). */
export const WireStatus = WireString;

export const optString = WireString.nullish().transform((v) => v ?? undefined);
export const optNumber = WireNumber.nullish().transform((v) => v ?? undefined);

/** A `Percent` field: 0..100, as the API documents it; absent is undefined. */
export const optPercent = WireNumber.refine((n) => n >= 0 && n <= 100, { error: (iss) => `expected a percent 0..100, got ${String(iss.input)}` })
  .nullish()
  .transform((v) => v ?? undefined);

/** A count (rows, objects, `Progress`, seconds used): >= 0; absent is undefined. */
export const optCount = WireNumber.refine((n) => n >= 0, { error: (iss) => `expected a count >= 0, got ${String(iss.input)}` })
  .nullish()
  .transform((v) => v ?? undefined);
export const optStatus = (fallback: string) => WireStatus.nullish().transform((v) => v ?? fallback);

/**
 * An array field: missing, `null` or `""` (an empty XML element) is `[]`; a lone object (XML parsed without
 * `isArray`) becomes a one-element array; an Alibaba-style wrapper `{ItemName: [...]}` is unwrapped.
 */
export function wireArray<T extends z.ZodType>(item: T, wrapperKey: string) {
  return z.preprocess((value: unknown) => {
    if (value === undefined || value === null || value === "") return [];
    let v: unknown = value;
    if (!Array.isArray(v) && typeof v === "object" && Object.keys(v as object).length === 1 && wrapperKey in (v as object)) {
      v = (v as Record<string, unknown>)[wrapperKey];
      if (v === undefined || v === null || v === "") return [];
    }
    const list = Array.isArray(v) ? v : [v];
    return list.filter((x) => x !== "" && x !== null && x !== undefined);
  }, z.array(item));
}
