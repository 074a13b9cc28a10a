/**
 * commander's own errors (unknown option, missing argument, invalid choice, excess arguments) become usage errors
 * (exit 4); `--help` and `--version` exit 0. commander has already printed its message, which names the argument.
 */
import { CommanderError, type Command } from "commander";
import { ExitCode } from "./exit-codes";
import { handleError, printJsonError } from "./output";
import { UsageError } from "./usage-error";

/** Makes `command` and all its subcommands throw instead of exiting, and point at `--help` after an error. */
export function throwOnUsageErrors(command: Command): Command {
  command.exitOverride();
  command.showHelpAfterError(`(run '${fullName(command)} --help' for usage)`);
  for (const sub of command.commands) throwOnUsageErrors(sub);
  return command;
}

function fullName(command: Command): string {
  const names: string[] = [];
  for (let c: Command | null = command; c; c = c.parent) names.unshift(c.name());
  return names.join(" ");
}

/** The catch of `parseAsync`: a CommanderError sets 0 or 4, anything else goes to handleError. */
export function handleParseError(error: unknown): void {
  if (error instanceof CommanderError) {
    process.exitCode = error.exitCode === 0 ? ExitCode.Done : ExitCode.Usage;
    // commander printed its message on stderr; with --json stdout still gets its one document.
    if (error.exitCode !== 0) {
      printJsonError(new UsageError([{ argument: "(command line)", message: error.message.replace(/^error: /, "") }]), ExitCode.Usage);
    }
    return;
  }
  handleError(error);
}
