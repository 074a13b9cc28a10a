/** Waiting for a condition in real time, where a real process (an engine, a host) leaves no clock to inject. */

/** Resolves once `condition()` holds, checking every `everyMs`; rejects naming `what` after `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 90_000, everyMs = 50): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
