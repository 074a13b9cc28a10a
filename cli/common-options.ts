/** The options several commands share, declared once so `--help` reads the same everywhere. */
import type { Command } from "commander";
import { WAITER_DEFAULTS } from "../sdk/wait-settings";
import { EXIT_CODES_HELP } from "./exit-codes";

/** `--region`, `--endpoint`, `--profile`. */
export function withConnectionOptions(command: Command): Command {
  return command
    .option("--region <regionId>", "region of the DTS instance (default: cn-hangzhou)")
    .option("--endpoint <url>", "API endpoint, e.g. https://dts.cn-shanghai.aliyuncs.com or the emulator's url (default: https://dts.aliyuncs.com)")
    .option("--profile <name>", "credentials profile of ~/.aliyun/config.json or ~/.alibabacloud/credentials (sets ALIBABA_CLOUD_PROFILE)");
}

/** `--timeout`, `--min-delay`, `--max-delay`, `--max-idle-delay`. */
export function withWaitOptions(command: Command): Command {
  return command
    .option("--timeout <duration>", "stop waiting after this long: 30m, 90s, 1h, 1h30m (the task goes on)", "30m")
    .option("--min-delay <seconds>", "shortest pause between status polls, in seconds", String(WAITER_DEFAULTS.minDelaySeconds))
    .option("--max-delay <seconds>", "longest pause between status polls, in seconds", String(WAITER_DEFAULTS.maxDelaySeconds))
    .option(
      "--max-idle-delay <seconds>",
      `longest pause while data initialization shows its end is 30+ minutes away (10% of the time left, up to this); equal to --max-delay turns it off (default: ${WAITER_DEFAULTS.maxIdleDelaySeconds})`,
    );
}

/** The exit-code epilog of `--help`. */
export function withExitCodesHelp(command: Command): Command {
  return command.addHelpText("after", EXIT_CODES_HELP);
}
