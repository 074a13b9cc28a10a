/**
 * zod schemas for the raw strings commander hands over, and {@link parseInput} which turns a zod failure into a
 * {@link UsageError} naming the argument as `--help` shows it (`--timeout <duration>`, `<taskId>`).
 */
import type { Command } from "commander";
import { z } from "zod";
import { REGION_ID_PATTERN } from "../sdk/rules";
import { paceProblems, WAITER_DEFAULTS, type WaitPace } from "../sdk/wait-settings";
import { UsageError } from "./usage-error";

/** A positive number of seconds given as a string ("2", "0.5"); `""` is an error, not 0 (no `z.coerce`). */
export const Seconds = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?$/, { message: "must be a number of seconds, e.g. 2 or 0.5" })
  .transform(Number)
  .pipe(z.number().positive({ message: "must be greater than 0" }));

const DURATION = /^(?:(\d+(?:\.\d+)?)h)?(?:(\d+(?:\.\d+)?)m)?(?:(\d+(?:\.\d+)?)s)?$/i;

/**
 * A duration in seconds: `30m`, `90s`, `1h`, `1h30m`, `1.5h`, or a bare number of seconds (`600`).
 *
 * @example
 * ```ts
 * Duration.parse("30m"); // 1800
 * ```
 */
export const Duration = z
  .string()
  .trim()
  .transform((raw, ctx) => {
    const bare = /^\d+(\.\d+)?$/.test(raw) ? Number(raw) : undefined;
    const match = bare === undefined && raw !== "" ? DURATION.exec(raw) : null;
    const seconds = bare ?? (match ? Number(match[1] ?? 0) * 3600 + Number(match[2] ?? 0) * 60 + Number(match[3] ?? 0) : undefined);
    if (seconds === undefined || !Number.isFinite(seconds)) {
      ctx.issues.push({ code: "custom", input: raw, message: `"${raw}" is not a duration; use e.g. 30m, 90s, 1h or 1h30m` });
      return z.NEVER;
    }
    if (seconds <= 0) {
      ctx.issues.push({ code: "custom", input: raw, message: "must be longer than 0 seconds" });
      return z.NEVER;
    }
    return seconds;
  });

/** `--caught-up 5s` or `5s/3`: the incremental delay bound and the replies in a row (see run-initialization.ts). */
export const CaughtUp = z
  .string()
  .trim()
  .transform((raw, ctx) => {
    const m = /^(\d+(?:\.\d+)?)(ms|s|m)?(?:\/(\d+))?$/i.exec(raw);
    if (!m) {
      ctx.issues.push({ code: "custom", input: raw, message: `"${raw}" is not a delay; use e.g. 5s, 500ms, 1m, or 5s/3 (3 replies in a row)` });
      return z.NEVER;
    }
    const unit = (m[2] ?? "s").toLowerCase();
    const value = Number(m[1]);
    const polls = m[3] !== undefined ? Number(m[3]) : undefined;
    if (polls !== undefined && polls < 1) {
      ctx.issues.push({ code: "custom", input: raw, message: "the number of replies after / must be at least 1" });
      return z.NEVER;
    }
    return { maxDelaySeconds: unit === "ms" ? value / 1000 : unit === "m" ? value * 60 : value, ...(polls !== undefined ? { polls } : {}) };
  });

/** A DTS job or task id (`dtsi76118o3w92****`, `dtstask1a2b...`): letters, digits, `_ . * -`. */
export const ResourceId = z
  .string()
  .trim()
  .min(1, { message: "must not be empty" })
  .max(128, { message: "is too long (over 128 characters)" })
  .regex(/^[A-Za-z0-9_.*-]+$/, { message: "may only hold letters, digits, '_', '.', '*' and '-'" });

/** A region id such as `cn-hangzhou` or `ap-southeast-1`. */
export const RegionId = z.string().trim().regex(REGION_ID_PATTERN, { message: "is not a region id; use e.g. cn-hangzhou or ap-southeast-1" });

/** An http(s) endpoint URL (pop-core refuses anything else), e.g. the emulator's `http://127.0.0.1:8080`. */
export const Endpoint = z
  .string()
  .trim()
  .refine(
    (value) => {
      try {
        const url = new URL(value);
        return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "";
      } catch {
        return false;
      }
    },
    { message: "must be an http:// or https:// URL, e.g. https://dts.aliyuncs.com or the emulator's url" },
  )
  .transform((value) => value.replace(/\/+$/, ""));

/** A credentials profile name (`~/.alibabacloud/credentials` section or `~/.aliyun/config.json` profile). */
export const ProfileName = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]+$/, { message: "is not a profile name (letters, digits, '_', '.', '-')" });

/** Options every command that calls the API takes. */
export const ConnectionOptions = z.strictObject({
  region: RegionId.optional(),
  endpoint: Endpoint.optional(),
  profile: ProfileName.optional(),
});
export type ConnectionOptions = z.infer<typeof ConnectionOptions>;

/** Options of every command that waits (`wait`, `modify --wait`). Defaults follow the SDK waiter. */
export const WaitOptions = z.strictObject({
  timeout: Duration.default(30 * 60),
  minDelay: Seconds.default(WAITER_DEFAULTS.minDelaySeconds),
  maxDelay: Seconds.default(WAITER_DEFAULTS.maxDelaySeconds),
  /** Absent: the waiter's default (600 s, or --max-delay when larger). */
  maxIdleDelay: Seconds.optional(),
});

/** The flag of each pace setting. */
const PACE_FLAGS: Record<keyof WaitPace, string> = { minDelaySeconds: "--min-delay", maxDelaySeconds: "--max-delay", maxIdleDelaySeconds: "--max-idle-delay" };

/**
 * The waiter's pace rules (sdk/wait-settings.ts: `--min-delay` <= `--max-delay` <= `--max-idle-delay`), checked
 * here so the message names the flags.
 */
export function checkDelays(options: { minDelay: number; maxDelay: number; maxIdleDelay?: number }): void {
  const [p] = paceProblems({
    minDelaySeconds: options.minDelay,
    maxDelaySeconds: options.maxDelay,
    ...(options.maxIdleDelay !== undefined ? { maxIdleDelaySeconds: options.maxIdleDelay } : {}),
  });
  if (!p) return;
  const idle = p.field === "maxIdleDelaySeconds" ? `; make it >= ${PACE_FLAGS[p.floor]} (equal turns idle pauses off)` : "";
  throw new UsageError([{ argument: `${PACE_FLAGS[p.field]} <seconds>`, message: `${p.value} is less than ${PACE_FLAGS[p.floor]} (${p.floorValue})${idle}` }]);
}

/**
 * Parses `input` (commander's arguments and options, keyed by attribute name) with `schema`. On failure throws a
 * {@link UsageError} whose problems name each argument as `--help` shows it.
 */
export function parseInput<S extends z.ZodType>(command: Command, schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const fieldErrors = z.flattenError(result.error).fieldErrors as Record<string, string[] | undefined>;
  const formErrors = z.flattenError(result.error).formErrors;
  const problems = Object.entries(fieldErrors).flatMap(([key, messages]) =>
    (messages ?? []).map((message) => ({ argument: displayName(command, key), message })),
  );
  for (const message of formErrors) problems.push({ argument: command.name(), message });
  throw new UsageError(problems);
}

/** `timeout` -> `--timeout <duration>`; `taskId` -> `<taskId>`. */
function displayName(command: Command, key: string): string {
  const option = command.options.find((o) => o.attributeName() === key);
  if (option) return option.flags;
  const argument = command.registeredArguments.find((a) => a.name() === key);
  if (argument) return `<${argument.name()}>`;
  return key;
}
