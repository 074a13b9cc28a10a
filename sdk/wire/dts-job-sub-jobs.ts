/**
 * Which `SubSyncJob` of a `DescribeDtsJobDetail` reply is the modification at hand: one rule for the decision
 * (sdk/job, which subtasks a `waitOnly` wait settles) and the acceptor (sdk/waiting, which one it judges).
 */
import type { DtsJobDetail, DtsSubSyncJob } from "./dts-job-types";

/**
 * The subtask of this modification: the latest (by `CreateTime`, else reply order) that is not settled. `undefined`
 * when there is none.
 */
export function currentSubJob(detail: DtsJobDetail, settled: readonly string[] = []): DtsSubSyncJob | undefined {
  let best: DtsSubSyncJob | undefined;
  for (const sub of detail.subSyncJobs) {
    if (settled.includes(sub.dtsJobId)) continue;
    if (!best || (sub.createTime ?? "") >= (best.createTime ?? "")) best = sub;
  }
  return best;
}
