/**
 * The guarantee that the lines of a call reach the engine's Log service before the call answers, for both faces (the
 * native plugin through `pulumi.log`, the dynamic-provider host through its private client, dynamic-host/engine-log.ts).
 * Each line is its own Log RPC, sent one after the other, and the implementation's log hook cannot wait for it; so a
 * method could answer the engine (Create, Update...) while its last lines were still queued. The engine then ends
 * the step, and at the end of `pulumi up` the display is closed: a line that arrives later is lost (the native
 * plugin's verdict `done: ... (2 failed table(s) accepted ...)` went missing under load, tests/native/engine-log.test.ts).
 * So every line sent to the engine is tracked here ({@link trackLine}, from engine-log-hooks.ts), and every call a face
 * serves awaits {@link linesDelivered} before it answers (native/provider.ts, dynamic-host/seam.ts).
 */

/** Settles once every line tracked so far was answered by the engine (or failed: its sender fell back itself). */
let last: Promise<unknown> = Promise.resolve();

/** Tracks the delivery of one line (a promise that settles when the engine answered it, or the send failed). */
export function trackLine(delivery: Promise<unknown>): void {
  const settled = delivery.then(
    () => undefined,
    () => undefined,
  );
  const before = last;
  last = before.then(() => settled);
}

/** Resolves once every line sent so far reached the engine (or failed to: the sender then printed it on stderr). Never rejects. */
export function linesDelivered(): Promise<void> {
  return last.then(() => undefined);
}
