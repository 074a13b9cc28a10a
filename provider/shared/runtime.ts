/**
 * What the provider methods share at run time inside the host: the test hooks (log sink, clock, extra client
 * options), the log and clock they redirect, the DTS client built per operation, and the message of a failure.
 */
import { DtsClient, type DtsClientOptions } from "../../sdk/client/client";
import { explainError, formatExplanation, retryLine } from "../../sdk/errors/explain";
import { escapeControlChars } from "../../sdk/waiting/format";
import { ProgressReporter, type LogLine, type StatusSink } from "./progress";
import { DEFAULT_PROGRESS_INTERVAL_SECONDS, type ProviderSettings } from "./settings";

/** Test hooks (not part of the public API); the native plugin sets `log` and `status` too. */
export interface ImplHooks {
  log?: LogLine;
  /**
   * The status line of the resource being served, asked once at the start of each wait (in the call's context):
   * when it gives one, the wait's percent lines go there (ephemeral) instead of `log`. None: plain lines only.
   */
  status?: () => StatusSink | undefined;
  now?: () => number;
  /** Extra client options (sleep, retry, ...). */
  client?: Partial<DtsClientOptions>;
}

let current: ImplHooks = {};

/** Replaces the test hooks; returns the previous ones. */
export function setHooks(next: ImplHooks): ImplHooks {
  const previous = current;
  current = next;
  return previous;
}

/** The test hooks in force. */
export function hooks(): ImplHooks {
  return current;
}

/** One progress line on stderr; names and messages from the API in it cannot reach the terminal as control characters. */
export function log(line: string): void {
  (current.log ?? ((l: string) => console.error(l)))(escapeControlChars(line));
}

/** The clock of the provider methods (a test's, else the system's), ms. */
export function now(): number {
  return (current.now ?? Date.now)();
}

/** The resource's name (from `__resourceKey`, `<project>/<stack>/<name>`), else `type`, for log lines and messages. */
export function resourceName(inputs: { __resourceKey?: string }, type = "SynchronizationObjectModification"): string {
  const key = inputs.__resourceKey;
  return key ? key.slice(key.lastIndexOf("/") + 1) : type;
}

/** A DTS client for one operation: the resource's region/endpoint over the stack config's; retries are logged. */
export function client(settings: ProviderSettings, inputs: { regionId?: string; endpoint?: string }, prefix: string): DtsClient {
  if (settings.credentialsProblem) throw new Error(settings.credentialsProblem);
  return new DtsClient({
    ...(settings.credentials ? { credentials: settings.credentials } : {}),
    regionId: inputs.regionId ?? settings.regionId,
    endpoint: inputs.endpoint ?? settings.endpoint,
    onRetry: (info) => log(`${prefix}: ${retryLine(info)}`),
    ...current.client,
  });
}

/**
 * The message of a failure for the user of the provider: the actionable explanation (naming the stack config and
 * inputs to fix) when there is one, else the error's own message. The server's detail behind an explanation goes
 * to the provider's log lines (stderr), not into the error.
 */
export function describeError(error: unknown, prefix: string): string {
  const explanation = explainError(error, "provider");
  if (explanation) {
    if (explanation.detail) log(`${prefix}: detail: ${explanation.detail}`);
    return formatExplanation(explanation);
  }
  return error instanceof Error ? error.message : String(error);
}

/** The progress lines of one wait: the stack config's pace, the served resource's status line when there is one. */
export function progressReporter(settings: ProviderSettings, prefix: string): ProgressReporter {
  return new ProgressReporter(prefix, log, (settings.progressIntervalSeconds ?? DEFAULT_PROGRESS_INTERVAL_SECONDS) * 1000, now, current.status?.());
}
