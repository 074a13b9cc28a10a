#!/usr/bin/env node
/**
 * `dts-objects`: wait for and inspect DTS synchronization-object modification tasks from any CI system.
 * Entry point only: one addCommand per command (cli/commands/*), the signal handlers, parse.
 */
import { Command } from "commander";
import { handleParseError, throwOnUsageErrors } from "./commander-errors";
import { modify } from "./commands/modify";
import { status } from "./commands/status";
import { tables } from "./commands/tables";
import { wait } from "./commands/wait";
import { EXIT_CODES_HELP } from "./exit-codes";
import { installSignalHandlers } from "./interrupt";
import { exitQuietlyOnClosedStdout, outputModeFromArgv, printInterruptedDocument, setOutputMode } from "./output";
import { packageVersion } from "../sdk/version";

const program = new Command()
  .name("dts-objects")
  .description("Wait for and inspect Alibaba Cloud DTS synchronization-object modification tasks (no Pulumi needed).")
  .version(packageVersion(), "-v, --version")
  .option("--verbose", "also print the server's reply behind an error (may be long; never holds a secret)")
  .addCommand(wait)
  .addCommand(status)
  .addCommand(tables)
  .addCommand(modify)
  .addHelpText("after", EXIT_CODES_HELP);

setOutputMode(outputModeFromArgv(process.argv.slice(2)));
installSignalHandlers(printInterruptedDocument);
exitQuietlyOnClosedStdout();
throwOnUsageErrors(program).parseAsync(process.argv).catch(handleParseError);
