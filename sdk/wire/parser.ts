/**
 * The SDK's exported wire schemas as plain TypeScript types. The schemas are zod 4 schemas inside the package, but
 * the public declarations name no zod type: zod's own declarations do not compile in every program (a
 * `pulumi new typescript` project with TypeScript 5, `moduleResolution: node` and no `esModuleInterop` gets 60+
 * TS1259 errors from zod's locale files), and a zod upgrade must not change the SDK's types. A zod schema satisfies
 * {@link WireParser}; {@link sameType} proves at compile time that a written-out type is exactly what a schema
 * parses to.
 */

/** One problem found by a schema: where (the path into the value) and what. */
export interface WireIssue {
  readonly code: string;
  readonly path: PropertyKey[];
  readonly message: string;
}

/** What `safeParse` returns on failure: an Error listing every issue. */
export interface WireParseError extends Error {
  readonly issues: WireIssue[];
}

/** The result of {@link WireParser.safeParse}. */
export type WireParseResult<T> = { success: true; data: T; error?: undefined } | { success: false; data?: undefined; error: WireParseError };

/** A schema that checks an unknown value and returns it typed (and normalized) as `T`. */
export interface WireParser<T> {
  /** The parsed value; throws a {@link WireParseError} when `data` does not match. */
  parse(data: unknown): T;
  /** Never throws. */
  safeParse(data: unknown): WireParseResult<T>;
}

/** `true` when `A` and `B` are the same type (not merely assignable one way), else `false`. */
export type SameType<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;

/**
 * Compiles only where `A` and `B` are the same type: `sameType<z.output<typeof Schema>, WrittenOut>(true)`. Does
 * nothing at run time.
 */
export function sameType<A, B>(_proof: SameType<A, B>): void {}
