/** Maps a waiter verdict or an error code to the exit code (see exit-codes.ts). Pure. */
import type { WaiterResult } from "../sdk";
import { ExitCode, type ExitCodeValue } from "./exit-codes";

/** API error codes that mean "your credentials are wrong", reported as a credential error (exit 4). */
export function isCredentialErrorCode(code: string): boolean {
  return (
    /^InvalidAccessKeyId/i.test(code) ||
    /^InvalidSecurityToken/i.test(code) ||
    code === "SignatureDoesNotMatch" ||
    code === "IncompleteSignature" ||
    code === "MissingCredentials"
  );
}

/**
 * True when a `failure` verdict came from an API error (a non-retryable status call: unknown task, permissions,
 * bad credentials) rather than from the task: the waiter says so (`endedBy: "api"`).
 */
export function isApiFailure(result: Pick<WaiterResult, "state" | "endedBy">): boolean {
  return result.state === "failure" && result.endedBy === "api";
}

type Verdict = Pick<WaiterResult, "state" | "endedBy" | "failedPhase" | "failedItems" | "failedTables" | "final" | "observedErrors">;

/**
 * - success: 0, or 2 when tables failed;
 * - failure: 1 when a phase or check item failed (or the task as a whole), 2 when only tables did; 5 when a status
 *   call failed for good (4 when its code says the credentials are wrong);
 * - timeout: 3, or 5 when not one status call succeeded and API errors were all the waiter saw (the endpoint is
 *   unreachable or refuses us: "API error after retries", not a slow task);
 * - aborted: 130.
 *
 * `tablesUnchecked` (`checkTables`): a success whose table report (with `--dts-job`, whose failed objects) could not
 * be read is 6, never 0. `failedObjects`: a DtsJob change's failed objects after a success, its failed tables (2).
 */
export function exitCodeForResult(result: Verdict, tables: { tablesUnchecked?: boolean; failedObjects?: number } = {}): ExitCodeValue {
  switch (result.state) {
    case "success":
      if (result.failedTables.length > 0 || (tables.failedObjects ?? 0) > 0) return ExitCode.FailedTables;
      if (tables.tablesUnchecked) return ExitCode.TablesNotChecked;
      return ExitCode.Done;
    case "failure":
      if (isApiFailure(result)) {
        return Object.keys(result.observedErrors ?? {}).some(isCredentialErrorCode) ? ExitCode.Usage : ExitCode.ApiError;
      }
      if (result.failedPhase || result.failedItems.length > 0) return ExitCode.Failed;
      return result.failedTables.length > 0 ? ExitCode.FailedTables : ExitCode.Failed;
    case "timeout":
      return result.final === undefined && Object.keys(result.observedErrors ?? {}).length > 0 ? ExitCode.ApiError : ExitCode.Timeout;
    case "aborted":
      return ExitCode.Interrupted;
    default:
      return ExitCode.Failed;
  }
}

/** One phrase for the verdict, used in summaries. `objects`: a DtsJob change, whose failed tables are failed objects. */
export function verdictWord(code: number, options: { objects?: boolean } = {}): string {
  if (options.objects && code === ExitCode.FailedTables) return "done, but objects failed";
  if (options.objects && code === ExitCode.TablesNotChecked) return "done, but the failed objects were not checked";
  switch (code) {
    case ExitCode.Done:
      return "done";
    case ExitCode.Failed:
      return "failed";
    case ExitCode.FailedTables:
      return "done, but tables failed";
    case ExitCode.Timeout:
      return "timed out (the task goes on)";
    case ExitCode.Usage:
      return "credential error";
    case ExitCode.ApiError:
      return "API error";
    case ExitCode.TablesNotChecked:
      return "done, but the tables were not checked";
    case ExitCode.Interrupted:
    case ExitCode.Terminated:
      return "interrupted (the task goes on)";
    default:
      return "error";
  }
}
