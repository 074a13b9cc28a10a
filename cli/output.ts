/**
 * Where output goes and what the process exits with. Progress and diagnostics go to stderr, results to stdout
 * (so `dts-objects status X --json | jq` works); the exit code is set with `process.exitCode`, never
 * `process.exit()`, so piped stdout is never cut short.
 */
import { ZodError, z } from "zod";
import {
  isDtsAmbiguousModifyError,
  isDtsApiError,
  isDtsCredentialsError,
  isDtsError,
  isDtsInputError,
  isDtsWaiterError,
} from "../sdk";
import { ExitCode, type ExitCodeValue } from "./exit-codes";
import { exitCodeForResult, isCredentialErrorCode } from "./verdict";
import { isUsageError } from "./usage-error";

/**
 * True when a live display may be drawn on `stream`: a TTY, `TERM` is not `dumb`, and no `CI` variable is set
 * (the rule ora and is-interactive use).
 */
export function isInteractive(
  stream: { isTTY?: boolean } = process.stderr,
  env: Record<string, string | undefined> = process.env,
): boolean {
  return Boolean(stream.isTTY) && env.TERM !== "dumb" && !("CI" in env && env.CI !== undefined);
}

const SECRET_VARIABLES = [
  "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
  "ALIBABA_CLOUD_SECURITY_TOKEN",
  "ALICLOUD_SECRET_KEY",
  "ALICLOUD_SECURITY_TOKEN",
];

/**
 * Replaces the values of the secret environment variables in `text` by `***`. The SDK never puts a secret into a
 * message; this is a second line of defence for text that comes from elsewhere (a credentials library message).
 */
export function redact(text: string, env: Record<string, string | undefined> = process.env): string {
  let out = text;
  for (const name of SECRET_VARIABLES) {
    const value = env[name];
    if (value && value.length >= 4) out = out.split(value).join("***");
  }
  return out;
}

/** One line of progress or diagnostics on stderr. */
export function info(line: string): void {
  process.stderr.write(`${redact(line)}\n`);
}

/** A result on stdout (text). */
export function printResult(text: string): void {
  process.stdout.write(`${redact(text)}${text.endsWith("\n") ? "" : "\n"}`);
}

/** A result on stdout as one JSON document. */
export function printJson(data: unknown): void {
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

/**
 * The one error handler of every command: prints what went wrong on stderr (a usage error names the argument, a
 * ZodError lists its fields) and sets the exit code.
 */
export function handleError(error: unknown, commandName = "dts-objects"): void {
  const code = exitCodeForError(error);
  if (isUsageError(error)) {
    for (const problem of error.problems) info(`error: ${problem.argument}: ${problem.message}`);
    info(`(run '${commandName} --help' for usage)`);
  } else if (error instanceof ZodError) {
    const { fieldErrors, formErrors } = z.flattenError(error) as { fieldErrors: Record<string, string[]>; formErrors: string[] };
    for (const [field, messages] of Object.entries(fieldErrors)) info(`error: ${field}: ${messages.join("; ")}`);
    for (const message of formErrors) info(`error: ${message}`);
  } else if (isDtsCredentialsError(error)) {
    info(`error: ${error.message}`);
    info("Set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET, or configure a profile and pass --profile <name>.");
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
  setExitCode(code);
}

/**
 * A closed stdout (`dts-objects tables X | head -1`) is not an error: stop quietly with the exit code so far instead
 * of crashing on EPIPE.
 */
export function exitQuietlyOnClosedStdout(): void {
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(typeof process.exitCode === "number" ? process.exitCode : 0);
    throw error;
  });
}
