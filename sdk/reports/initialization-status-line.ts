/**
 * The status line of a job's first synchronization (the resources' `pulumi up` line, a CLI's one-line view): the
 * modification status line (`status-line.ts`: phase, percent, counter, time left) while a phase runs, and the
 * initialization's own words around it: not started yet, waiting for synchronizing, catching up with the delay.
 */
import type { InitializationVerdict } from "../waiting/initialization-acceptors";
import { formatDelay } from "../waiting/initialization-acceptors";
import { initializationView } from "../waiting/initialization-target";
import type { InitializationSnapshot } from "../wire/initialization-snapshot";
import { statusLine } from "./status-line";

/**
 * One line for where the job stands, from the verdict on its last reply.
 *
 * @example
 * ```ts
 * initializationStatusLine(verdict, snapshot, estimatedFinishMs, Date.now()) // "data initialization 42% · 1.7 M rows · about 3 h left"
 * ```
 */
export function initializationStatusLine(
  verdict: Pick<InitializationVerdict, "stage" | "state" | "reason" | "caughtUpPolls">,
  snapshot: InitializationSnapshot,
  estimatedFinishMs: number | undefined,
  nowMs: number,
  caughtUp?: { maxDelaySeconds: number; polls?: number },
): string {
  switch (verdict.stage) {
    case "not-started":
      return `not started yet (job ${snapshot.status})`;
    case "precheck":
    case "structure-initialization":
    case "data-initialization":
      return statusLine(initializationView(snapshot), estimatedFinishMs, nowMs);
    case "starting-synchronization":
      return `initialization Finished · waiting for the job to read synchronizing (job ${snapshot.status})`;
    case "catching-up": {
      const delay = snapshot.delaySeconds;
      const bound = caughtUp ? ` · caught up at <= ${formatDelay(caughtUp.maxDelaySeconds)} (${verdict.caughtUpPolls}/${caughtUp.polls ?? 3})` : "";
      return `catching up · incremental delay ${delay !== undefined ? formatDelay(delay) : "unknown"}${bound}`;
    }
    case "initialized":
      return "initialized · synchronizing";
    case "caught-up":
      return `caught up · incremental delay ${snapshot.delaySeconds !== undefined ? formatDelay(snapshot.delaySeconds) : "unknown"}`;
    case "failed":
      return `failed: ${verdict.reason}`;
  }
}
