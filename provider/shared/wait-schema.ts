/**
 * The zod schema of the `wait` input (`wait-options.ts` holds its public type, checked equal to what this parses
 * to). Kept apart so the resources' public declarations never import zod.
 */
import { z } from "zod";
import { sameType } from "../../sdk/wire/parser";
import { WAITER_DEFAULTS } from "../../sdk/waiting/sync-job-waiter";
import type { WaitOptions } from "./wait-options";

/** Longest deadline accepted, minutes (7 days). */
export const MAX_TIMEOUT_MINUTES = 7 * 24 * 60;

const seconds = (field: string) =>
  z
    .number({ error: `expected a number of seconds, e.g. ${field}: 5` })
    .positive({ error: `must be > 0 seconds: e.g. ${field}: 5` })
    .max(3600, { error: `must be at most 3600 seconds: pick a value between 1 and 3600` });

export const WaitSchema = z
  .strictObject(
    {
      timeoutMinutes: z
        .number({ error: "expected a number of minutes, e.g. timeoutMinutes: 60" })
        .positive({ error: "must be > 0 minutes: e.g. timeoutMinutes: 60 (fractions allowed)" })
        .max(MAX_TIMEOUT_MINUTES, { error: `must be at most ${MAX_TIMEOUT_MINUTES} minutes (7 days): a longer wait is better resumed by a later pulumi up` })
        .optional(),
      minDelaySeconds: seconds("minDelaySeconds").optional(),
      maxDelaySeconds: seconds("maxDelaySeconds").optional(),
      maxIdleDelaySeconds: seconds("maxIdleDelaySeconds").optional(),
    },
    { error: "expected an object {timeoutMinutes?, minDelaySeconds?, maxDelaySeconds?, maxIdleDelaySeconds?}" },
  )
  .superRefine((w, ctx) => {
    if (w.minDelaySeconds !== undefined && w.maxDelaySeconds !== undefined && w.maxDelaySeconds < w.minDelaySeconds) {
      ctx.addIssue({
        code: "custom",
        path: ["maxDelaySeconds"],
        message: `(${w.maxDelaySeconds}) is below minDelaySeconds (${w.minDelaySeconds}): make maxDelaySeconds >= minDelaySeconds`,
      });
    }
    const maxDelay = w.maxDelaySeconds ?? Math.max(WAITER_DEFAULTS.maxDelaySeconds, w.minDelaySeconds ?? 0);
    if (w.maxIdleDelaySeconds !== undefined && w.maxIdleDelaySeconds < maxDelay) {
      ctx.addIssue({
        code: "custom",
        path: ["maxIdleDelaySeconds"],
        message: `(${w.maxIdleDelaySeconds}) is below maxDelaySeconds (${maxDelay}${w.maxDelaySeconds === undefined ? ", the default" : ""}): make maxIdleDelaySeconds >= maxDelaySeconds (equal turns idle sleeps off)`,
      });
    }
  });

sameType<z.output<typeof WaitSchema>, WaitOptions>(true);
