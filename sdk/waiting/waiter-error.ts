/**
 * {@link DtsWaiterError}: apart from `errors.ts`, because it carries a {@link WaiterResult}, whose `error` is a
 * `DtsError` (in one file the two would import each other).
 */
import { DtsError } from "../errors/errors";
import type { WaiterResult } from "./waiter-types";

/** Thrown by `waitUntilObjectModificationDone` when the wait did not end in success; `result` says why. */
export class DtsWaiterError extends DtsError {
  /** The full outcome of the wait (state, final status, failed items and tables, observed errors). */
  readonly result: WaiterResult;

  constructor(message: string, result: WaiterResult) {
    super(message, `Waiter${result.state[0]!.toUpperCase()}${result.state.slice(1)}`, false);
    this.name = "DtsWaiterError";
    this.result = result;
  }
}

/** True for {@link DtsWaiterError}, also one from another copy of this package. */
export function isDtsWaiterError(value: unknown): value is DtsWaiterError {
  return value instanceof DtsWaiterError || (typeof value === "object" && value !== null && (value as { name?: unknown }).name === "DtsWaiterError");
}
