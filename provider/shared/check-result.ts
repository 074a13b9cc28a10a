/**
 * What a resource's `check` returns. Kept apart from the zod input rules (`inputs.ts`): the implementations are
 * public through `__providerImpl`, and their declarations import these types, so this file must import nothing
 * that brings in zod's declarations.
 */

/** A check failure, as the dynamic-provider API wants it. */
export interface CheckFailure {
  property: string;
  reason: string;
}

/** The result of a resource's input check. */
export interface CheckResult {
  inputs: Record<string, unknown>;
  failures: CheckFailure[];
}
