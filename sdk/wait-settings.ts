/**
 * The wait settings, resolved in this one place for every face: the SDK's waiter and its job decisions
 * (`ensureModification`, `ensureDtsJobModification`), both Pulumi resources and the CLI. Here: the defaults, the
 * pause between polls (`minDelaySeconds` <= `maxDelaySeconds` <= `maxIdleDelaySeconds`, each rule checked once), and
 * the bound of one wait (the smaller of the wait's own deadline and the engine's `customTimeouts`) with the words
 * that name it when it ended a wait. The faces only name the settings their way (inputs, options, flags).
 */

/** Default deadline of one resource operation (create, update, refresh), minutes. */
export const DEFAULT_TIMEOUT_MINUTES = 60;

/** Default longest pause while data initialization's end is far away, seconds (see waiting/schedule.ts). */
export const DEFAULT_MAX_IDLE_DELAY_SECONDS = 600;

/** The waiter's default pace, seconds. */
export const WAITER_DEFAULTS = { minDelaySeconds: 2, maxDelaySeconds: 30, maxIdleDelaySeconds: DEFAULT_MAX_IDLE_DELAY_SECONDS } as const;

/** The pace of a wait as given (absent: the default). */
export interface WaitPace {
  minDelaySeconds?: number;
  maxDelaySeconds?: number;
  maxIdleDelaySeconds?: number;
}

/** The pace with its defaults. */
export interface ResolvedPace {
  minDelaySeconds: number;
  maxDelaySeconds: number;
  maxIdleDelaySeconds: number;
}

/**
 * The pace with its defaults: `maxDelaySeconds` defaults to 30 s or `minDelaySeconds` when larger, and
 * `maxIdleDelaySeconds` to 600 s or `maxDelaySeconds` when larger, so a default never breaks the rules below.
 */
export function resolvePace(pace: WaitPace): ResolvedPace {
  const minDelaySeconds = pace.minDelaySeconds ?? WAITER_DEFAULTS.minDelaySeconds;
  const maxDelaySeconds = pace.maxDelaySeconds ?? Math.max(WAITER_DEFAULTS.maxDelaySeconds, minDelaySeconds);
  const maxIdleDelaySeconds = pace.maxIdleDelaySeconds ?? Math.max(WAITER_DEFAULTS.maxIdleDelaySeconds, maxDelaySeconds);
  return { minDelaySeconds, maxDelaySeconds, maxIdleDelaySeconds };
}

/** A pace setting below the one it must not be below. */
export interface PaceProblem {
  field: "maxDelaySeconds" | "maxIdleDelaySeconds";
  value: number;
  /** The setting it must be at least. */
  floor: "minDelaySeconds" | "maxDelaySeconds";
  floorValue: number;
  /** The floor is its default (not given). */
  floorIsDefault: boolean;
}

/** The rules of a pace: `maxDelaySeconds` >= `minDelaySeconds`, `maxIdleDelaySeconds` >= `maxDelaySeconds`. */
export function paceProblems(pace: WaitPace): PaceProblem[] {
  const resolved = resolvePace(pace);
  const problems: PaceProblem[] = [];
  if (resolved.maxDelaySeconds < resolved.minDelaySeconds) {
    problems.push({
      field: "maxDelaySeconds",
      value: resolved.maxDelaySeconds,
      floor: "minDelaySeconds",
      floorValue: resolved.minDelaySeconds,
      floorIsDefault: pace.minDelaySeconds === undefined,
    });
  }
  if (resolved.maxIdleDelaySeconds < resolved.maxDelaySeconds) {
    problems.push({
      field: "maxIdleDelaySeconds",
      value: resolved.maxIdleDelaySeconds,
      floor: "maxDelaySeconds",
      floorValue: resolved.maxDelaySeconds,
      floorIsDefault: pace.maxDelaySeconds === undefined,
    });
  }
  return problems;
}

/** A pace problem in words: what is wrong and the fix, with the settings' names (`name` maps them, e.g. to flags). */
export function paceProblemText(p: PaceProblem, name: (setting: keyof WaitPace) => string = (s) => s): { problem: string; fix: string } {
  const floor = `${name(p.floor)} (${p.floorValue}${p.floorIsDefault ? ", the default" : ""})`;
  const fix = `make ${name(p.field)} >= ${name(p.floor)}${p.field === "maxIdleDelaySeconds" ? " (equal turns idle sleeps off)" : ""}`;
  return { problem: `(${p.value}) is below ${floor}`, fix };
}

/** What bounds one wait, and which of the two bounds it is. */
export interface WaitBound {
  seconds: number;
  by: "wait.timeoutMinutes" | "customTimeouts";
}

/** The bound of one wait: the smaller of `timeoutMinutes` (absent: the default) and the operation's `customTimeouts`. */
export function waitBound(timeoutMinutes: number | undefined, customSeconds: number | undefined): WaitBound {
  const own = (timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES) * 60;
  return customSeconds !== undefined && customSeconds < own ? { seconds: customSeconds, by: "customTimeouts" } : { seconds: own, by: "wait.timeoutMinutes" };
}

/** The words naming the bound that ended a wait, e.g. `(wait.timeoutMinutes is 60).` */
export function boundSentence(bound: WaitBound, timeoutMinutes: number | undefined): string {
  const minutes = timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES;
  return bound.by === "customTimeouts"
    ? `(customTimeouts bounded this operation to ${bound.seconds} s; wait.timeoutMinutes is ${minutes}).`
    : `(wait.timeoutMinutes is ${minutes}).`;
}
