/**
 * `pulumi-dts-objects/cli`: what a program needs to drive the `dts-objects` command. Importing it runs nothing
 * (the command itself is `cli/index.ts`, the package's `bin`).
 *
 * @example
 * ```ts
 * import { execFileSync } from "node:child_process";
 * import { CLI_PATH, ExitCode } from "pulumi-dts-objects/cli";
 * try {
 *   execFileSync(process.execPath, [CLI_PATH, "wait", taskId, "--job", jobId], { stdio: "inherit" });
 * } catch (e) {
 *   if ((e as { status?: number }).status === ExitCode.FailedTables) { ... }
 * }
 * ```
 */
import * as path from "node:path";

export { ExitCode, type ExitCodeValue } from "./exit-codes";

/** Absolute path of the `dts-objects` script (run it with `node`, e.g. `process.execPath`). */
export const CLI_PATH: string = path.join(__dirname, "index.js");
