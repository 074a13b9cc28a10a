/**
 * Where output goes and what the process exits with. Progress and diagnostics go to stderr, results to stdout
 * (so `dts-objects status X --json | jq` works); the exit code is set with `process.exitCode`, never
 * `process.exit()`, so piped stdout is never cut short.
 */
import { ZodError, z } from "zod";
import {
  escapeControlChars,
  explainError,
  isDtsAmbiguousModifyError,
  isDtsApiError,
  isDtsCredentialsError,
  isDtsError,
  isDtsInputError,
  isDtsWaiterError,
  type Explanation,
} from "../sdk";
import { ExitCode, type ExitCodeValue } from "./exit-codes";
import { exitCodeForResult, isCredentialErrorCode } from "./verdict";
import { SECRET_ENV_VARIABLES } from "../sdk/client/credentials";
import { redactSecrets } from "../sdk/errors/redact";
import { isUsageError } from "./usage-error";

/**
 * True when a live display may be drawn on `stream`: a TTY, `TERM` is not `dumb`, and no `CI` variable is set
 * (the rule ora and is-interactive use).
 */
export function isInteractive(stream: { isTTY?: boolean } = process.stderr, env: Record<string, string | undefined> = process.env): boolean {
  return Boolean(stream.isTTY) && env.TERM !== "dumb" && !("CI" in env && env.CI !== undefined);
}

/**
 * Replaces the values of the secret environment variables in `text` by `***`. The SDK never puts a secret into a
 * message; this is a second line of defence for text that comes from elsewhere (a credentials library message).
 */
export function redact(text: string, env: Record<string, string | undefined> = process.env): string {
  return redactSecrets(
    text,
    SECRET_ENV_VARIABLES.map((name) => env[name]),
  );
}

/** How the command was asked to print: `--json` (stdout holds one JSON document, errors too) and `--verbose`. */
export interface OutputMode {
  json: boolean;
  verbose: boolean;
}

const mode: OutputMode = { json: false, verbose: false };
let jsonPrinted = false;

/**
 * Reads `--json` / `--verbose` from the raw arguments (before `--`), so that even an error commander raises before
 * any command runs (an unknown option) is printed as JSON when `--json` was given.
 */
export function outputModeFromArgv(argv: readonly string[]): OutputMode {
  const end = argv.indexOf("--");
  const args = end === -1 ? argv : argv.slice(0, end);
  return { json: args.includes("--json"), verbose: args.includes("--verbose") };
}

/** Sets the output mode (index.ts, from {@link outputModeFromArgv}). */
export function setOutputMode(next: Partial<OutputMode>): void {
  Object.assign(mode, next);
}

/** The current output mode. */
export function outputMode(): Readonly<OutputMode> {
  return mode;
}

/**
 * Text for a terminal: secrets redacted, and every control character except the line breaks and tabs this command
 * wrote itself shown as an escape (a name holding `\e]0;...\a` cannot retitle or clear the terminal). Fields that
 * come from the API or a file are escaped on their own first (newlines too), where the text is built.
 */
export function terminalText(text: string): string {
  return escapeControlChars(redact(text), "\n\t");
}

/** One field from the API or a file, for a text line: every control character escaped, newlines included. */
export function field(value: string): string {
  return escapeControlChars(value);
}

/**
 * A copy of `value` with every string (deeply) passed through {@link field}: for documents from the API (a status,
 * the outputs) about to be shown as text, so no name or message in them can reach the terminal raw.
 */
export function escapeFields<T>(value: T): T {
  if (typeof value === "string") return field(value) as T;
  if (Array.isArray(value)) return value.map((v) => escapeFields(v)) as T;
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeFields(v)])) as T;
  }
  return value;
}

/** One line of progress or diagnostics on stderr. */
export function info(line: string): void {
  process.stderr.write(`${terminalText(line)}\n`);
}

/** A result on stdout (text). */
export function printResult(text: string): void {
  process.stdout.write(`${terminalText(text)}${text.endsWith("\n") ? "" : "\n"}`);
}

/** A result on stdout as one JSON document (JSON escapes control characters itself). */
export function printJson(data: unknown): void {
  jsonPrinted = true;
  process.stdout.write(`${redact(JSON.stringify(data, null, 2))}\n`);
}

/** Sets the exit code without ending the process (stdout is flushed first). */
export function setExitCode(code: ExitCodeValue): void {
  process.exitCode = code;
}

/** The exit code an error stands for (see exit-codes.ts). */
export function exitCodeForError(error: unknown): ExitCodeValue {
  if (isUsageError(error) || error instanceof ZodError) return ExitCode.Usage;
  if (isDtsCredentialsError(error) || isDtsInputError(error)) return ExitCode.Usage;
  if (isDtsWaiterError(error)) return exitCodeForResult(error.result);
  if (isDtsError(error) && isCredentialErrorCode(error.code)) return ExitCode.Usage;
  if (isDtsApiError(error) || isDtsError(error)) return ExitCode.ApiError;
  return ExitCode.Failed;
}

/** The lines of an explanation: the summary, the hints, and the detail with `--verbose` (else a pointer to it). */
export function explanationLines(explanation: Explanation, verbose = mode.verbose): string[] {
  const lines = [`error: ${explanation.summary}`, ...explanation.hints];
  if (explanation.detail) lines.push(verbose ? `detail: ${explanation.detail}` : "(--verbose shows the server's reply)");
  return lines;
}

/** What kind of error an exit code stands for, in the `--json` error document. */
function errorKind(error: unknown, code: ExitCodeValue): string {
  if (isUsageError(error) || error instanceof ZodError || isDtsInputError(error)) return "usage";
  if (isDtsCredentialsError(error) || (code === ExitCode.Usage && isDtsError(error))) return "credentials";
  if (isDtsAmbiguousModifyError(error)) return "ambiguous";
  if (isDtsError(error)) return "api";
  return "internal";
}

/**
 * The `--json` document of an error: `{"error": {kind, code?, message, problems?, requestId?, ...}, "exitCode": N}`.
 * Printed only when no result document was printed already, so stdout always holds exactly one document.
 */
export function errorDocument(error: unknown, code: ExitCodeValue): Record<string, unknown> {
  const explanation = explainError(error, "cli");
  const doc: Record<string, unknown> = { kind: errorKind(error, code) };
  if (isDtsError(error)) doc.code = error.code;
  doc.message = explanation ? explanation.summary : error instanceof Error ? error.message : String(error);
  if (explanation?.hints.length) doc.hints = explanation.hints;
  if (explanation?.detail) doc.detail = explanation.detail;
  if (isUsageError(error)) doc.problems = error.problems;
  if (error instanceof ZodError) doc.problems = z.flattenError(error).fieldErrors;
  if (isDtsApiError(error)) {
    if (error.requestId) doc.requestId = error.requestId;
    if (error.httpStatus !== undefined) doc.httpStatus = error.httpStatus;
    if (error.recommend) doc.recommend = error.recommend;
  }
  if (isDtsAmbiguousModifyError(error)) {
    doc.synchronizationJobId = error.synchronizationJobId;
    doc.clientToken = error.clientToken;
  }
  return { error: doc, exitCode: code };
}

/** Prints the `--json` error document unless a document was printed already (commander errors use it too). */
export function printJsonError(error: unknown, code: ExitCodeValue): void {
  if (mode.json && !jsonPrinted) printJson(errorDocument(error, code));
}

/**
 * A signal ended the command outside a wait (`status`, `tables`, the start of `modify`): with `--json`, the one
 * document stdout must hold, unless a result was printed already. The process exits right after.
 */
export function printInterruptedDocument(signal: NodeJS.Signals, code: ExitCodeValue): void {
  info(`Stopped (${signal}).`);
  if (mode.json && !jsonPrinted) {
    printJson({
      error: { kind: "interrupted", code: signal === "SIGTERM" ? "Terminated" : "Interrupted", message: `interrupted by ${signal}` },
      exitCode: code,
    });
  }
}

/**
 * The one error handler of every command: prints what went wrong on stderr (a usage error names the argument, a
 * ZodError lists its fields, a failure with an explanation leads with one actionable line), with `--json` also one
 * JSON document on stdout, and sets the exit code.
 */
export function handleError(error: unknown, commandName = "dts-objects"): void {
  const code = exitCodeForError(error);
  const explanation = explainError(error, "cli");
  if (explanation) {
    for (const line of explanationLines(explanation)) info(line);
    if (isDtsApiError(error) && error.recommend) info(`diagnosis: ${error.recommend}`);
  } else if (isUsageError(error)) {
    for (const problem of error.problems) info(`error: ${problem.argument}: ${problem.message}`);
    info(`(run '${commandName} --help' for usage)`);
  } else if (error instanceof ZodError) {
    const { fieldErrors, formErrors } = z.flattenError(error) as { fieldErrors: Record<string, string[]>; formErrors: string[] };
    for (const [field, messages] of Object.entries(fieldErrors)) info(`error: ${field}: ${messages.join("; ")}`);
    for (const message of formErrors) info(`error: ${message}`);
  } else if (isDtsAmbiguousModifyError(error)) {
    info(`error: ${error.message}`);
    info(
      "From here: re-run the same modify command. It reads the job state first (DescribeSynchronizationJobStatus): if a " +
        "call started a task, it waits for it and starts no second one (DTS documents no ClientToken de-duplication for this call).",
    );
  } else if (isDtsInputError(error)) {
    info(`error: invalid input: ${error.message}`);
  } else if (isDtsApiError(error)) {
    info(`error: API error: ${error.message}`);
    if (isCredentialErrorCode(error.code)) info("The access key was refused: check ALIBABA_CLOUD_ACCESS_KEY_ID/SECRET or --profile.");
    if (error.recommend) info(`diagnosis: ${error.recommend}`);
  } else if (isDtsError(error)) {
    info(`error: ${error.name === "DtsError" ? "" : `${error.name}: `}${error.message}`);
  } else if (error instanceof Error) {
    info(`error: ${error.message}`);
  } else {
    info(`error: ${String(error)}`);
  }
  printJsonError(error, code);
  setExitCode(code);
}

/**
 * A closed stdout (`dts-objects tables X | head -1`) is not an error: stop quietly with the exit code so far instead
 * of crashing on EPIPE. Any other write failure (`> /dev/full`: ENOSPC) loses the result: one line on stderr, no
 * stack trace, exit 74.
 */
export function exitQuietlyOnClosedStdout(): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
    const why = error.code ? `${error.code}: ${error.message.replace(/^\w+: /, "")}` : error.message;
    process.stderr.write(`error: the result could not be written to stdout (${why})\n`);
    process.exit(ExitCode.OutputError);
  });
}
