/**
 * The names scenarios and faults are given by, and the timer limit delays are checked against: shared by the plain
 * types (`scenarios.ts`) and the zod schemas (`input-schemas.ts`), so neither imports the other.
 */

/** The named scenarios. */
export const SCENARIO_NAMES = ["success", "precheck-failure", "structure-failure", "failed-tables", "never-finishes"] as const;
export type ScenarioName = (typeof SCENARIO_NAMES)[number];

/** What can happen to one API call. */
export const FAULT_KINDS = ["none", "throttle", "throttle429", "unavailable", "reset", "resetAfter", "slow", "unavailableAfter", "slowAfter"] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/**
 * The longest delay Node's timers honour (2^31 - 1 ms, about 24.8 days); a longer `setTimeout` fires at once,
 * so a larger `slowMs` would silently answer fast. Delays are checked against it, alone and summed.
 */
export const MAX_DELAY_MS = 2_147_483_647;

/** The fault kinds drawn by fraction, in the order their bands are laid on one draw. */
export const FRACTION_KINDS = ["throttle", "throttle429", "unavailable", "reset", "resetAfter", "slow", "unavailableAfter", "slowAfter"] as const;
