/** `dts-objects tables <jobId>`: the full initialization report, from all pages of DescribeInitializationStatus. */
import { Command, Option } from "commander";
import { z } from "zod";
import { withConnectionOptions, withExitCodesHelp } from "../common-options";
import { connect } from "../connect";
import { toCsv } from "../csv";
import { ConnectionOptions, ResourceId, parseInput } from "../options";
import { handleError, info, printJson, printResult } from "../output";
import { TABLE_COLUMNS, formatRows, reportRows } from "../tables-report";

const TablesInput = z.strictObject({
  jobId: ResourceId,
  failed: z.boolean().optional(),
  json: z.boolean().optional(),
  csv: z.boolean().optional(),
  pageSize: z
    .string()
    .regex(/^\d+$/, { message: "must be a whole number from 1 to 100" })
    .transform(Number)
    .pipe(z.number().int().min(1, { message: "must be at least 1" }).max(100, { message: "must be at most 100 (the API's limit)" }))
    .optional(),
  ...ConnectionOptions.shape,
});

export const tables = withExitCodesHelp(
  withConnectionOptions(
    new Command("tables")
      .description("the full initialization report of a job (structure and data, every page of DescribeInitializationStatus)")
      .argument("<jobId>", "the synchronization job id")
      .option("--failed", "only the rows whose status is Failed")
      .addOption(new Option("--json", "print one JSON document on stdout").conflicts("csv"))
      .addOption(new Option("--csv", "print CSV (RFC 4180 quoting) on stdout").conflicts("json"))
      .option("--page-size <n>", "rows per page, 1..100", "100"),
  ),
).action(async (jobId: string, _options: unknown, command: Command) => {
  try {
    const input = parseInput(command, TablesInput, { jobId, ...command.opts() });
    const client = await connect(input);
    const report = await client.listInitializationDetails(input.jobId, {
      ...(input.region ? { regionId: input.region } : {}),
      ...(input.pageSize ? { pageSize: input.pageSize } : {}),
    });
    const all = reportRows(report);
    const rows = input.failed ? all.filter((r) => r.status === "Failed") : all;
    info(
      `${all.length} row${all.length === 1 ? "" : "s"} from ${report.pages} page${report.pages === 1 ? "" : "s"}${input.failed ? `, ${rows.length} failed` : ""}`,
    );
    if (input.json) {
      printJson({ jobId: input.jobId, pages: report.pages, total: all.length, failed: all.filter((r) => r.status === "Failed").length, rows });
    } else if (input.csv) {
      printResult(toCsv(TABLE_COLUMNS, rows));
    } else {
      printResult(rows.length ? formatRows(rows) : input.failed ? "No failed rows." : "No rows.");
    }
  } catch (error) {
    handleError(error, "dts-objects tables");
  }
});
