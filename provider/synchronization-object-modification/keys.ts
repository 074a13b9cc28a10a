/**
 * Which inputs replace and which update: read by `check`/`diff` (inputs.ts, impl.ts) and by the ClientToken salt
 * (token.ts), so the list lives here once (token.ts cannot import inputs.ts, which imports token.ts).
 */

/** Keys the provider machinery adds; never validated as user input. */
export const HIDDEN_KEYS = ["__provider", "__resourceKey", "__tokenSalt"] as const;

/** User inputs whose change starts a new task (replace). */
export const REPLACE_KEYS = ["synchronizationJobId", "synchronizationObjects", "synchronizationDirection", "adoptTaskId", "revision"] as const;

/** User inputs whose change only re-waits (in-place update). */
export const UPDATE_KEYS = ["wait", "failOn", "regionId", "endpoint"] as const;

/** Every user input, in display order. */
export const INPUT_KEYS = [...REPLACE_KEYS, ...UPDATE_KEYS] as const;
