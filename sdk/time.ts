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
    const timer = setTimeout(
      () => {
        signal?.removeEventListener("abort", onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal?.addEventListener("abort", onAbort, { once: true });
  });

/** The signal's reason, or a standard `AbortError` when it was aborted without one. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException("The operation was aborted.", "AbortError");
}

/**
 * Settles like `promise`, or rejects as soon as `signal` aborts, with `rejection(signal)` (default: the signal's
 * reason). The abort listener is always removed, and the losing promise's rejection is observed (never unhandled).
 * The client races its requests with it, the waiter its calls and sleeps.
 */
export function raceSignal<T>(promise: Promise<T>, signal: AbortSignal, rejection: (signal: AbortSignal) => unknown = (s) => s.reason): Promise<T> {
  promise.catch(() => undefined);
  if (signal.aborted) return Promise.reject(rejection(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(rejection(signal));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}
