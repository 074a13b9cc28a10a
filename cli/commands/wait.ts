/** `dts-objects wait <taskId>`: block until precheck, structure and data initialization finish. */
import { Command } from "commander";
import { z } from "zod";
import { withConnectionOptions, withExitCodesHelp, withWaitOptions } from "../common-options";
import { connect } from "../connect";
import { ConnectionOptions, ResourceId, WaitOptions, checkDelays, parseInput } from "../options";
import { handleError } from "../output";
import { runWait } from "../run-wait";

const WaitInput = z
  .strictObject({
    taskId: ResourceId.optional(),
    dtsJob: ResourceId.optional(),
    job: ResourceId.optional(),
    json: z.boolean().optional(),
    ...ConnectionOptions.shape,
    ...WaitOptions.shape,
  })
  .refine((v) => v.taskId !== undefined || v.dtsJob !== undefined, { error: "missing required argument 'taskId' (or --dts-job <id>)", path: ["taskId"] })
  .refine((v) => v.taskId === undefined || v.dtsJob === undefined, { error: "give either a <taskId> or --dts-job <id>, not both", path: ["taskId"] })
  .refine((v) => !(v.dtsJob && v.job), { error: "--job lists the old API's tables; it does not go with --dts-job", path: ["job"] });

export const wait = withExitCodesHelp(
  withWaitOptions(
    withConnectionOptions(
      new Command("wait")
        .description("wait until precheck, structure and data initialization of a modification task finish")
        .argument("[taskId]", "the TaskId returned by ModifySynchronizationObject")
        .option("--dts-job <dtsJobId>", "instead of a TaskId: wait for the modification running on a job managed through the DtsJob API (ModifyDtsJob)")
        .option("--job <jobId>", "the synchronization job id: failed tables are listed (all pages) when the wait ends"),
    ),
  ).option("--json", "print one JSON document (the provider's outputs) on stdout at the end"),
).action(async (taskId: string | undefined, _options: unknown, command: Command) => {
  try {
    const input = parseInput(command, WaitInput, { ...(taskId !== undefined ? { taskId } : {}), ...command.opts() });
    checkDelays(input);
    const client = await connect(input);
    await runWait({
      client,
      taskId: (input.taskId ?? input.dtsJob) as string,
      dtsJob: input.dtsJob !== undefined,
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
