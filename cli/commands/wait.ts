/** `dts-objects wait <taskId>`: block until precheck, structure and data initialization finish. */
import { Command } from "commander";
import { z } from "zod";
import { withConnectionOptions, withExitCodesHelp, withWaitOptions } from "../common-options";
import { connect } from "../connect";
import { ConnectionOptions, ResourceId, WaitOptions, checkDelays, parseInput } from "../options";
import { handleError } from "../output";
import { runWait } from "../run-wait";

const WaitInput = z.strictObject({
  taskId: ResourceId,
  job: ResourceId.optional(),
  json: z.boolean().optional(),
  ...ConnectionOptions.shape,
  ...WaitOptions.shape,
});

export const wait = withExitCodesHelp(
  withWaitOptions(
    withConnectionOptions(
      new Command("wait")
        .description("wait until precheck, structure and data initialization of a modification task finish")
        .argument("<taskId>", "the TaskId returned by ModifySynchronizationObject")
        .option("--job <jobId>", "the synchronization job id: failed tables are listed (all pages) when the wait ends"),
    ),
  ).option("--json", "print one JSON document (the provider's outputs) on stdout at the end"),
).action(async (taskId: string, _options: unknown, command: Command) => {
  try {
    const input = parseInput(command, WaitInput, { taskId, ...command.opts() });
    checkDelays(input);
    const client = await connect(input);
    await runWait({
      client,
      taskId: input.taskId,
      jobId: input.job,
      regionId: input.region,
      timeout: input.timeout,
      minDelay: input.minDelay,
      maxDelay: input.maxDelay,
      maxIdleDelay: input.maxIdleDelay,
      json: Boolean(input.json),
    });
  } catch (error) {
    handleError(error, "dts-objects wait");
  }
});
