/** `dts-objects modify <jobId> --objects file.json`: start a modification (with a ClientToken), optionally wait. */
import { randomUUID } from "node:crypto";
import { Command, Option } from "commander";
import { z } from "zod";
import { withConnectionOptions, withExitCodesHelp, withWaitOptions } from "../common-options";
import { connect } from "../connect";
import { readObjectsFile } from "../objects-file";
import { ConnectionOptions, ResourceId, WaitOptions, checkDelays, parseInput } from "../options";
import { handleError, info, printJson, printResult } from "../output";
import { resumeCommand, runWait } from "../run-wait";
import { UsageError } from "../usage-error";

const ModifyInput = z.strictObject({
  jobId: ResourceId,
  objects: z.string().trim().min(1, { message: "must name a JSON file" }),
  direction: z.enum(["Forward", "Reverse"], { message: "must be Forward or Reverse" }).optional(),
  clientToken: z
    .string()
    .regex(/^[\x20-\x7e]{1,64}$/, { message: "must be 1..64 printable ASCII characters" })
    .optional(),
  wait: z.boolean().optional(),
  json: z.boolean().optional(),
  ...ConnectionOptions.shape,
  ...WaitOptions.shape,
});

const WAIT_ONLY = ["timeout", "minDelay", "maxDelay", "maxIdleDelay"] as const;

export const modify = withExitCodesHelp(
  withWaitOptions(
    withConnectionOptions(
      new Command("modify")
        .description("start a modification of the objects a synchronization job syncs (ModifySynchronizationObject)")
        .argument("<jobId>", "the synchronization job id")
        .requiredOption("--objects <file>", 'JSON file: [{"dbName":"db","tableIncludes":[{"tableName":"t"}]}] or the wire form [{"DBName":"db",...}]')
        .addOption(new Option("--direction <direction>", "SynchronizationDirection of a two-way job").choices(["Forward", "Reverse"]))
        .option("--client-token <token>", "idempotency token (1..64 ASCII); a retried command with the same token starts no second task (default: a new UUID)")
        .option("--wait", "wait for precheck, structure and data initialization, as `dts-objects wait` does"),
    ),
  ).option("--json", "print one JSON document on stdout ({taskId,...}; with --wait the provider's outputs)"),
).action(async (jobId: string, _options: unknown, command: Command) => {
  try {
    const input = parseInput(command, ModifyInput, { jobId, ...command.opts() });
    if (!input.wait) {
      const given = WAIT_ONLY.filter((k) => command.getOptionValueSource(k) === "cli");
      if (given.length) {
        throw new UsageError(
          given.map((k) => ({ argument: command.options.find((o) => o.attributeName() === k)!.flags, message: "only applies with --wait" })),
        );
      }
    }
    checkDelays(input);
    const startedAt = Date.now();
    const objects = readObjectsFile(input.objects);
    const client = await connect(input);
    // The token is chosen here and shown before the call, so an interrupted or ambiguous run can be repeated with
    // the same --client-token without starting a second task.
    const clientToken = input.clientToken ?? randomUUID();
    info(`Starting a modification on job ${input.jobId} (ClientToken ${clientToken}; to retry, re-run with --client-token ${clientToken})`);
    const started = await client.modifySynchronizationObject({
      synchronizationJobId: input.jobId,
      synchronizationObjects: objects,
      ...(input.direction ? { synchronizationDirection: input.direction } : {}),
      ...(input.region ? { regionId: input.region } : {}),
      clientToken,
    });
    info(`Started modification task ${started.taskId} on job ${input.jobId} (ClientToken ${started.clientToken}, RequestId ${started.requestId})`);
    if (!input.wait) {
      info(`Wait for it with: ${resumeCommand(started.taskId, input.jobId)}`);
      if (input.json) {
        printJson({ taskId: started.taskId, synchronizationJobId: input.jobId, clientToken: started.clientToken, requestId: started.requestId });
      } else {
        printResult(started.taskId);
      }
      return;
    }
    await runWait({
      client,
      taskId: started.taskId,
      jobId: input.jobId,
      regionId: input.region,
      timeout: input.timeout,
      minDelay: input.minDelay,
      maxDelay: input.maxDelay,
      maxIdleDelay: input.maxIdleDelay,
      json: Boolean(input.json),
      startedAt,
    });
  } catch (error) {
    handleError(error, "dts-objects modify");
  }
});
