/**
 * What the engine says about the operation in flight that the provider methods' signatures do not carry (they are
 * a stable internal API, see the rooms' impl.ts): the operation's `customTimeouts` bound (native plugin: the request's
 * `timeout`, read at the gRPC boundary, see native/request-hook.ts) and the engine's Cancel.
 *
 * The bound travels with the call through an AsyncLocalStorage, so concurrent operations each see their own.
 * Cancel is process-wide and final, as the engine means it (Cancel: "stop all outstanding operations"; the engine
 * then ends the update): every wait in flight, and any started after it, ends at once as `aborted`, which the
 * methods report as a partial failure that keeps the TaskId.
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** One operation's context. */
export interface OperationContext {
  /** The engine's `customTimeouts` for this operation, in seconds (absent or 0: none set). */
  timeoutSeconds?: number;
}

const storage = new AsyncLocalStorage<OperationContext>();
let cancellation = new AbortController();

/** Runs `fn` (and everything it awaits) with `context`. */
export function withOperation<T>(context: OperationContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** A Create/Read/Update/Delete request's `timeout` (seconds, 0 = none) as the context wants it: a positive number, or undefined. */
export function timeoutOf(request: { getTimeout?: () => unknown } | undefined): number | undefined {
  const t = request?.getTimeout?.();
  return typeof t === "number" && Number.isFinite(t) && t > 0 ? t : undefined;
}

/** The `customTimeouts` bound of the operation in flight, in seconds, or undefined (none, or 0). */
export function operationTimeoutSeconds(): number | undefined {
  const t = storage.getStore()?.timeoutSeconds;
  return t !== undefined && Number.isFinite(t) && t > 0 ? t : undefined;
}

/** Aborts when the engine cancels: handed to every wait and to its calls. */
export function cancellationSignal(): AbortSignal {
  return cancellation.signal;
}

/** The engine's Cancel: ends every wait in flight (and later ones). */
export function cancelOperations(): void {
  if (!cancellation.signal.aborted) cancellation.abort(new Error("cancelled by the engine (Ctrl-C)"));
}

/** A fresh, uncancelled state (tests). */
export function resetCancellation(): void {
  cancellation = new AbortController();
}

export { waitBound } from "../../sdk/wait-settings";
