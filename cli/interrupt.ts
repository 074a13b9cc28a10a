/**
 * Ctrl-C while waiting stops the waiter through an AbortSignal (the task goes on in the cloud; the command says so
 * and exits 130). Outside a wait, or on a second Ctrl-C, the process ends at once with 130 (143 for SIGTERM).
 *
 * `index.ts` installs {@link installSignalHandlers}; a command that waits calls {@link beginWait} and
 * {@link endWait} around the waiter.
 */
import { ExitCode, type ExitCodeValue } from "./exit-codes";

let active: AbortController | undefined;
/** Called before exiting on a signal outside a wait (index.ts prints the `--json` document there). */
let onExitBySignal: ((signal: NodeJS.Signals, code: ExitCodeValue) => void) | undefined;
let receivedSignal: NodeJS.Signals | undefined;

/** An AbortSignal that fires on Ctrl-C/SIGTERM for the duration of one wait. */
export function beginWait(): AbortSignal {
  active = new AbortController();
  return active.signal;
}

/** Ends the wait started by {@link beginWait}: a later Ctrl-C exits at once. */
export function endWait(): void {
  active = undefined;
}

/** The signal that aborted the wait, if any. */
export function interruptedBy(): NodeJS.Signals | undefined {
  return receivedSignal;
}

/** The exit code for a signal: 130 for SIGINT, 143 for SIGTERM. */
export function exitCodeForSignal(signal: NodeJS.Signals | undefined): ExitCodeValue {
  return signal === "SIGTERM" ? ExitCode.Terminated : ExitCode.Interrupted;
}

function onSignal(signal: NodeJS.Signals): void {
  if (active && !active.signal.aborted) {
    receivedSignal = signal;
    active.abort(new Error(`interrupted by ${signal}`));
    return;
  }
  // Nothing to stop cleanly (or a second Ctrl-C): leave now, restoring the cursor a live display may have hidden,
  // after the one `--json` document (stdout to a pipe or file is written synchronously, so exit does not cut it).
  if (process.stderr.isTTY) process.stderr.write("\x1b[?25h");
  receivedSignal ??= signal;
  const code = exitCodeForSignal(signal);
  try {
    onExitBySignal?.(signal, code);
  } finally {
    process.exit(code);
  }
}

/** Installs the SIGINT/SIGTERM handlers (once); `beforeExit` runs when a signal ends the process outside a wait. */
export function installSignalHandlers(beforeExit?: (signal: NodeJS.Signals, code: ExitCodeValue) => void): void {
  onExitBySignal = beforeExit;
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}
