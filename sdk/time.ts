/**
 * Real time sources. Everything that waits takes a {@link Clock} and a {@link Sleep} so tests can inject fakes
 * and never sleep for real; these are the defaults used outside tests.
 */
import type { Clock, Sleep } from "./types";

/**
 * The wall clock (`Date.now()`).
 *
 * @example
 * ```ts
 * const started = systemClock.now();
 * ```
 */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * Sleep for `ms` milliseconds. Rejects with the signal's reason as soon as `signal` aborts, and removes its abort
 * listener on both paths so a long-lived signal does not collect listeners.
 *
 * @example
 * ```ts
 * await defaultSleep(250, controller.signal);
 * ```
 */
export const defaultSleep: Sleep = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(abortReason(signal));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortReason(signal!));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, Math.max(0, ms));
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** The signal's reason, or a standard `AbortError` when it was aborted without one. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The operation was aborted.", "AbortError");
}
