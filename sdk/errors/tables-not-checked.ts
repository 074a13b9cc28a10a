/**
 * The one-line reason a table report (or a DtsJob's failed objects) is "not checked", with its fix: one message format
 * for the waiters (sdk/waiting), the job-state reads (sdk/job), the table verdict (sdk/reports/sync-job-tables-check.ts)
 * and so both faces. Pure.
 */
import { isDtsAbortError, isDtsError, isDtsPaginationError, isDtsReplyRefusedError, isDtsTimeoutError } from "./errors";

/** The start of every "not checked" reason (a reason starting otherwise is a left-out report, not a failure). */
export const TABLES_NOT_CHECKED = "tables not checked";

/**
 * The one-line "not checked" reason for a failure to read `action` (the table report, or the job state that tells
 * whose it is), with the fix: the RAM action to grant, the bound to raise, or the command to run again.
 *
 * @example
 * ```ts
 * tablesNotCheckedReason(forbiddenRamError, "DescribeInitializationStatus", "dtsjob1")
 * // "tables not checked: DescribeInitializationStatus failed (Forbidden.RAM: ...). Fix: grant the RAM action dts:DescribeInitializationStatus ..."
 * ```
 */
export function tablesNotCheckedReason(error: unknown, action: string, jobId: string): string {
  return notCheckedReason(TABLES_NOT_CHECKED, error, action, `\`dts-objects tables ${jobId}\``);
}

/** The start of every "not checked" reason of a DtsJob's failed objects (`failedObjectsLeftOut`). */
export const OBJECTS_NOT_CHECKED = "failed objects not checked";

/**
 * The one-line "not checked" reason when the failed objects of a DtsJob change that succeeded could not be read
 * (`DescribePreCheckStatus`, JobCodes 02/03), with the fix: the same format and fixes as {@link tablesNotCheckedReason}.
 *
 * @example
 * ```ts
 * objectsNotCheckedReason(forbiddenRamError, "DescribePreCheckStatus", "dtsjob1")
 * // "failed objects not checked: DescribePreCheckStatus failed (Forbidden.RAM: ...). Fix: grant the RAM action dts:DescribePreCheckStatus ..."
 * ```
 */
export function objectsNotCheckedReason(error: unknown, action: string, dtsJobId: string): string {
  return notCheckedReason(OBJECTS_NOT_CHECKED, error, action, `\`dts-objects wait --dts-job ${dtsJobId}\``);
}

/** `<head>: <action> failed (<code>: <message>). Fix: ...`, one line; `command` reads the outcome again. */
function notCheckedReason(head: string, error: unknown, action: string, command: string): string {
  const again = `then run ${command} (or \`pulumi up\`) again`;
  if (error === "aborted" || isDtsAbortError(error)) {
    return `${head}: interrupted before ${action} answered. Fix: ${again.replace(/^then /, "")}`;
  }
  const code = isDtsError(error) ? error.code : "Error";
  const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
  const what = `${head}: ${action} failed (${code === "Error" ? "" : `${code}: `}${message})`;
  let fix: string;
  if (/^(Forbidden|NoPermission|NotAuthorized|Unauthorized|AccessDenied)/i.test(code) || /\.RAM$/.test(code)) {
    fix = `grant the RAM action dts:${action} to these credentials, ${again}`;
  } else if (isDtsTimeoutError(error)) {
    fix = `it did not answer within the operation's time bound (--timeout, wait.timeoutMinutes or customTimeouts): raise it, or ${again.replace(/^then /, "")}`;
  } else if (isDtsPaginationError(error) || isDtsReplyRefusedError(error)) {
    fix = `the endpoint's reply was refused by a bound (docs/bounds.md): check the endpoint, ${again}`;
  } else {
    fix = again.replace(/^then /, "");
  }
  return `${what}. Fix: ${fix}`;
}
