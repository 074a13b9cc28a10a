/**
 * The zod schema of the `wait` input (`wait-options.ts` holds its public type, checked equal to what this parses
 * to). Kept apart so the resources' public declarations never import zod.
 */
import { z } from "zod";
import { paceProblems, paceProblemText } from "../../sdk/wait-settings";
import { sameType } from "../../sdk/wire/parser";
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
    // The pace rules, checked once for every face (sdk/wait-settings.ts).
    for (const p of paceProblems(w)) {
      const { problem, fix } = paceProblemText(p);
      ctx.addIssue({ code: "custom", path: [p.field], message: `${problem}: ${fix}` });
    }
  });

sameType<z.output<typeof WaitSchema>, WaitOptions>(true);
