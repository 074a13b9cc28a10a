/**
 * The distinct exit codes of `dts-objects`, so a pipeline step can branch on the outcome without parsing text.
 * Shown in every `--help` (see {@link EXIT_CODES_HELP}) and in cli/README.md.
 */
export const ExitCode = {
  /** Precheck, structure and data initialization finished; no table failed. */
  Done: 0,
  /** A phase (precheck, structure or data initialization) or a precheck item failed. */
  Failed: 1,
  /** Every phase finished, but some tables (with `--dts-job`, objects) failed initialization. */
  FailedTables: 2,
  /** `--timeout` passed before the task finished (the task goes on in the cloud). */
  Timeout: 3,
  /** Bad arguments, an unreadable objects file, or no credentials. */
  Usage: 4,
  /** The API failed (after the SDK's retries): unreachable endpoint, an error code, an unparsable reply. */
  ApiError: 5,
  /**
   * Every phase finished, but the table report could not be read (e.g. `Forbidden.RAM` on
   * DescribeInitializationStatus, a timeout): no table is known to have failed or not. `tablesLeftOut` says why.
   * With `--dts-job`: the failed objects (DescribePreCheckStatus) could not be read; `failedObjectsLeftOut` says why.
   */
  TablesNotChecked: 6,
  /** The result could not be written to stdout (a full disk, an I/O error); a closed pipe is not an error. */
  OutputError: 74,
  /** Interrupted with Ctrl-C (SIGINT), in any command; the task goes on in the cloud. */
  Interrupted: 130,
  /** Terminated with SIGTERM, in any command. */
  Terminated: 143,
} as const;

export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

/** The `--help` epilog of every command. */
export const EXIT_CODES_HELP = `
Exit codes:
  0    done: precheck, structure and data initialization finished, no table failed
  1    a phase or a precheck item failed
  2    only tables failed (every phase finished); with --dts-job, only objects failed
  3    timeout (--timeout passed; the task goes on in the cloud)
  4    usage or credential error (bad argument, unreadable objects file, no credentials)
  5    API error after retries (unreachable endpoint, error code, unparsable reply)
  6    done, but the tables were not checked (the table report could not be read, e.g. Forbidden.RAM on
       DescribeInitializationStatus: tablesLeftOut says why and what to grant); with --dts-job, the failed
       objects were not checked (DescribePreCheckStatus: failedObjectsLeftOut says why)
  74   the result could not be written to stdout (disk full, I/O error)
  130  interrupted with Ctrl-C (the task goes on; resume with: dts-objects wait <taskId>)
  143  terminated with SIGTERM (likewise); with --json, in any command, stdout still holds one document

Credentials: ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET (+ ALIBABA_CLOUD_SECURITY_TOKEN),
else the @alicloud/credentials chain (~/.aliyun/config.json, ~/.alibabacloud/credentials, OIDC, ECS RAM role).
Secrets are never accepted as flags and never printed. --json: stdout always holds one JSON document, also on
errors ({"error": {...}, "exitCode": N}). --verbose: also print the server's reply behind an error.`;
