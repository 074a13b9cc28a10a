/**
 * A usage error (bad argument or option, unreadable objects file): exit code 4. The message names the argument.
 */
export class UsageError extends Error {
  /** Each offending argument or option as shown in `--help` (e.g. `--timeout <duration>`), with its problem. */
  readonly problems: { argument: string; message: string }[];

  constructor(problems: { argument: string; message: string }[]) {
    super(problems.map((p) => `${p.argument}: ${p.message}`).join("\n"));
    this.name = "UsageError";
    this.problems = problems;
  }
}

/** True for {@link UsageError}, also across copies of the module. */
export function isUsageError(value: unknown): value is UsageError {
  return value instanceof UsageError || (value instanceof Error && value.name === "UsageError");
}
