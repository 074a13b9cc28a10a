/**
 * `pulumi import dts:index:DtsJobModification <name> <dtsJobId>` (native plugin): the engine sends a Read with that
 * id and no properties. Adopting takes one read of the job (`DescribeDtsJobDetail` with its subtask history) and
 * no wait: the inputs are the job id, its instance and its current `DbObject` as `dbList` (so a program declaring
 * that list shows no change and writes nothing), or `waitOnly: true` while a change runs; the outputs are the job's
 * latest subtask. A change still running is
 * saved unfinished, and the next `pulumi up` waits for it (an update, as after a deadline).
 */
import { isDtsNotFoundError } from "../../sdk/errors/errors";
import { dtsJobModifying } from "../../sdk/job/dts-job-state";
import { dtsJobView } from "../../sdk/waiting/dts-job-acceptors";
import { canonicalDbList } from "../../sdk/wire/dts-job-db-list";
import { currentSubJob } from "../../sdk/wire/dts-job-sub-jobs";
import { compact } from "../shared/canonical";
import { client, describeError, log, now } from "../shared/runtime";
import type { ProviderSettings } from "../shared/settings";
import { checkDtsJobInputs } from "./inputs";
import { jobOutputs } from "./decide";
import { dtsJobPrefix } from "./wait";

/** Adopts job `id`: one read, no wait. */
export async function importDtsJob(
  settings: ProviderSettings,
  id: string,
  resourceKey: string | undefined,
): Promise<{ id: string; props: Record<string, unknown>; inputs: Record<string, unknown> }> {
  if (!/^[^/\s]+$/.test(id)) {
    throw new Error(`Cannot import ${JSON.stringify(id)}: the import id of dts:index:DtsJobModification is the DtsJobId (e.g. l3m1213ye7l****).`);
  }
  const prefix = dtsJobPrefix({ dtsJobId: id, ...(resourceKey ? { __resourceKey: resourceKey } : {}) });
  const regionId = settings.regionId;
  let job: Awaited<ReturnType<ReturnType<typeof client>["describeDtsJobDetail"]>>;
  try {
    job = await client(settings, {}, prefix).describeDtsJobDetail({ dtsJobId: id, syncSubJobHistory: true, ...(regionId ? { regionId } : {}) });
  } catch (error) {
    const why = isDtsNotFoundError(error) ? `DTS knows no job ${id} (${error.code})` : describeError(error, prefix);
    throw new Error(`Cannot import DTS job ${id}: ${why}`);
  }
  const running = dtsJobModifying(job);
  const list = job.dbObject ? canonicalDbList(job.dbObject) : undefined;
  const user: Record<string, unknown> = {
    dtsJobId: id,
    ...(job.dtsInstanceId ? { dtsInstanceId: job.dtsInstanceId } : {}),
    // While a change runs, DbObject need not be its list yet (when it changes is not documented), and a job without
    // a readable list has none to declare: such a resource waits (waitOnly) rather than claim a list.
    ...(!running && list !== undefined && list !== "{}" ? { dbList: list } : { waitOnly: true }),
  };
  const checked = checkDtsJobInputs(undefined, { ...user, ...(resourceKey ? { __resourceKey: resourceKey } : {}) });
  if (checked.failures.length > 0) {
    throw new Error(`Cannot import DTS job ${id}: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
  }
  const latest = currentSubJob(job);
  const ended = !running;
  const view = dtsJobView(job);
  const note = `Imported: the job's ${running ? "running modification" : "latest modification"}${latest ? ` (subtask ${latest.dtsJobId})` : ""}, as one read showed it.`;
  const status = jobOutputs(job, note, now(), 1, ended);
  const failed = ended && latest !== undefined && (latest.status === "Failed" || view.precheck.status === "Failed");
  log(
    `${prefix}: imported with one read (job ${job.status}${latest ? `, subtask ${latest.dtsJobId} ${latest.status}` : ""})${running ? "; the next `pulumi up` waits for it" : ""}`,
  );
  const props = compact({
    ...checked.inputs,
    change: "external",
    ...status,
    __plan: { settledSubJobIds: job.subSyncJobs.map((s) => s.dtsJobId).filter((s) => s !== latest?.dtsJobId), sawModification: running },
    ...(ended ? { __succeeded: !failed } : {}),
  });
  const inputs = compact({ ...checked.inputs });
  return { id, props, inputs };
}
