/**
 * Which resource a provider call serves, for the log lines it writes: the engine's Log service ties a line to a
 * resource by URN (its row in `pulumi up`, and its group in the final Diagnostics), but the shared implementation
 * logs through one process-wide hook while several resources wait at once. Each gRPC method runs inside
 * {@link withUrn}; the hook reads {@link currentUrn} (AsyncLocalStorage follows the call through every await and
 * timer of its wait).
 */
import { AsyncLocalStorage } from "node:async_hooks";

const storage = new AsyncLocalStorage<string>();

/** Runs `fn` as serving the resource `urn`. */
export function withUrn<T>(urn: string, fn: () => T): T {
  return storage.run(urn, fn);
}

/** The URN of the resource the current call serves, or undefined outside a call. */
export function currentUrn(): string | undefined {
  return storage.getStore();
}
