/** `dts-objects wait <taskId>`: block until precheck, structure and data initialization finish. */
import { Command } from "commander";
import { z } from "zod";
import { withConnectionOptions, withExitCodesHelp, withWaitOptions } from "../common-options";
import { connect } from "../connect";
import { CaughtUp, ConnectionOptions, ResourceId, WaitOptions, checkDelays, parseInput } from "../options";
import { handleError } from "../output";
import { runInitializationWait } from "../run-initialization";
import { runWait } from "../run-wait";

const WaitInput = z
  .strictObject({
    taskId: ResourceId.optional(),
    dtsJob: ResourceId.optional(),
    job: ResourceId.optional(),
    json: z.boolean().optional(),
    initialization: z.boolean().optional(),
    caughtUp: CaughtUp.optional(),
    ...ConnectionOptions.shape,
    ...WaitOptions.shape,
  })
  .refine((v) => !v.initialization || v.taskId === undefined, {
    error: "--initialization waits for a job: give --job <synchronizationJobId> or --dts-job <dtsJobId>, not a <taskId>",
    path: ["taskId"],
  })
  .refine((v) => !v.initialization || v.job !== undefined || v.dtsJob !== undefined, {
    error: "--initialization needs --job <synchronizationJobId> or --dts-job <dtsJobId>",
    path: ["job"],
  })
  .refine((v) => v.caughtUp === undefined || v.initialization, { error: "--caught-up goes with --initialization", path: ["caughtUp"] })
  .refine((v) => v.initialization || v.taskId !== undefined || v.dtsJob !== undefined, {
    error: "missing required argument 'taskId' (or --dts-job <id>)",
    path: ["taskId"],
  })
  .refine((v) => v.taskId === undefined || v.dtsJob === undefined, { error: "give either a <taskId> or --dts-job <id>, not both", path: ["taskId"] })
  .refine((v) => !(v.dtsJob && v.job), {
    error: "--job (the SynchronizationJob API's job) does not go with --dts-job (the DtsJob API's job): give one",
    path: ["job"],
  });

export const wait = withExitCodesHelp(
  withWaitOptions(
    withConnectionOptions(
      new Command("wait")
        .description("wait until precheck, structure and data initialization of a modification task finish")
        .argument("[taskId]", "the TaskId returned by ModifySynchronizationObject")
        .option("--dts-job <dtsJobId>", "instead of a TaskId: wait for the modification running on a job managed through the DtsJob API (ModifyDtsJob)")
        .option("--job <jobId>", "the synchronization job id: failed tables are listed (all pages) when the wait ends")
        .option(
          "--initialization",
          "instead of a modification: wait for the job's first synchronization (precheck, structure and data initialization, steady sync) of --job <synchronizationJobId> or --dts-job <dtsJobId>",
        )
        .option(
          "--caught-up <delay[/N]>",
          "with --initialization: then wait until the incremental delay is <= delay for N replies in a row (default 3), e.g. 5s or 5s/3",
        ),
    ),
  ).option("--json", "print one JSON document (the provider's outputs) on stdout at the end"),
).action(async (taskId: string | undefined, _options: unknown, command: Command) => {
  try {
    const input = parseInput(command, WaitInput, { ...(taskId !== undefined ? { taskId } : {}), ...command.opts() });
    checkDelays(input);
    const client = await connect(input);
    if (input.initialization) {
      await runInitializationWait({
        client,
        family: input.dtsJob !== undefined ? "dts-job" : "sync-job",
        jobId: (input.dtsJob ?? input.job) as string,
        regionId: input.region,
        timeout: input.timeout,
        minDelay: input.minDelay,
        maxDelay: input.maxDelay,
        maxIdleDelay: input.maxIdleDelay,
        ...(input.caughtUp ? { caughtUp: input.caughtUp } : {}),
        json: Boolean(input.json),
      });
      return;
    }
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
