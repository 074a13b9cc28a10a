/**
 * Simulation helpers shared by the fault-injection suite (tests/sdk/malformed-responses, waits-under-faults) and the benchmarks (bench/): scaled time, a
 * seeded PRNG and bounded concurrency. Plain TypeScript importing only the SDK, so both jest (ts-jest) and the
 * benchmarks' transpile hook (bench/register.js) load it.
 */
import { defaultSleep, type Clock, type Sleep } from "../../sdk";

/**
 * Emulated time for code that takes a clock and a sleep (the SDK waiter, the client's retry backoff, fixed
 * loops): `clock.now()` runs `scale` times faster than the wall clock and `sleep(ms)` sleeps `ms / scale` real
 * milliseconds, so a loop configured in emulated seconds runs against an emulator started with the same
 * `timeScale`. `origin` is the wall-clock instant where both clocks agree.
 */
export function scaledTime(scale: number): { clock: Clock; sleep: Sleep; origin: number } {
  const origin = Date.now();
  return {
    origin,
    clock: { now: () => origin + (Date.now() - origin) * scale },
    sleep: (ms, signal) => defaultSleep(ms / scale, signal),
  };
}

/** mulberry32: a small seeded PRNG returning [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!, i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
