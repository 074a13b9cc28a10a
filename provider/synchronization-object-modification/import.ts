/**
 * `pulumi import dts:index:SynchronizationObjectModification <name> <jobId>/<taskId>` (native plugin): the engine
 * sends a Read with that id and no properties. Adopting the task takes one status read of the task and one read
 * of the job's documented state (`DescribeSynchronizationJobStatus`, whose `SynchronizationObjects` fill the
 * inputs), and no waiting: an unfinished task is saved as such, and the next `pulumi up` waits for it (an update,
 * as after a deadline).
 */
import { checkModifyStatus } from "../../sdk/waiting/sync-job-acceptors";
import { buildStatusOutputs } from "../../sdk/reports/sync-job-outputs";
import { compact } from "../shared/canonical";
import { checkInputs } from "./inputs";
import { client, describeError, log, now } from "../shared/runtime";
import type { ProviderSettings } from "../shared/settings";
import type { SynchronizationDatabase } from "../../sdk/types";
import type { SynchronizationObjectModificationInputs } from "./types";

/** What an import returns (the shape of impl.ts `ReadOutcome`, which imports this module). */
export interface ImportOutcome {
  id: string;
  props: Record<string, unknown>;
  inputs: Record<string, unknown>;
}

/** The form of an import id. */
export const IMPORT_ID_FORM = "<synchronizationJobId>/<taskId>";

/** `{jobId, taskId}` from an import id; throws an error naming the expected form. */
export function parseImportId(id: string): { synchronizationJobId: string; taskId: string } {
  const match = /^([^/\s]+)\/([^/\s]+)$/.exec(id);
  if (!match) {
    throw new Error(
      `Cannot import ${JSON.stringify(id)}: the import id of dts:index:SynchronizationObjectModification is ${IMPORT_ID_FORM} ` +
        `(e.g. dtsi76118o3w92****/2c1ea3ei28a****), the job and the modification task to adopt.`,
    );
  }
  return { synchronizationJobId: match[1]!, taskId: match[2]! };
}

/**
 * The job's objects in the form a program writes them: a destination name equal to the source name (the
 * default, which the job state spells out) is left out, so the generated inputs match the usual program.
 */
export function withoutDefaultNames(dbs: readonly SynchronizationDatabase[]): SynchronizationDatabase[] {
  return dbs.map((d) => {
    const { newDbName, tableIncludes, ...rest } = d;
    return {
      ...rest,
      ...(newDbName !== undefined && newDbName !== d.dbName ? { newDbName } : {}),
      ...(tableIncludes
        ? {
            tableIncludes: tableIncludes.map((t) => {
              const { newTableName, ...table } = t;
              return { ...table, ...(newTableName !== undefined && newTableName !== t.tableName ? { newTableName } : {}) };
            }),
          }
        : {}),
    } as SynchronizationDatabase;
  });
}

/** One read of the task and of the job: the state of an imported resource (its id becomes the TaskId). */
export async function importTask(settings: ProviderSettings, id: string, resourceKey: string | undefined): Promise<ImportOutcome> {
  const { synchronizationJobId, taskId } = parseImportId(id);
  const name = resourceKey ? resourceKey.slice(resourceKey.lastIndexOf("/") + 1) : "SynchronizationObjectModification";
  const prefix = `[dts-objects] ${name} (task ${taskId})`;
  const base = { synchronizationJobId, ...(resourceKey ? { __resourceKey: resourceKey } : {}) } as SynchronizationObjectModificationInputs;
  const dts = client(settings, base, prefix);
  const regionId = settings.regionId;
  let job: Awaited<ReturnType<typeof dts.describeSynchronizationJobStatus>>;
  let status: Awaited<ReturnType<typeof dts.describeSynchronizationObjectModifyStatus>>;
  try {
    job = await dts.describeSynchronizationJobStatus({ synchronizationJobId, ...(regionId ? { regionId } : {}) });
    status = await dts.describeSynchronizationObjectModifyStatus({ taskId, ...(regionId ? { regionId } : {}) });
  } catch (error) {
    throw new Error(`Cannot import ${id}: ${describeError(error, prefix)}`);
  }
  const { inputs, failures } = checkInputs(undefined, { synchronizationJobId, synchronizationObjects: withoutDefaultNames(job.synchronizationObjects) });
  if (failures.length > 0)
    throw new Error(`Cannot import ${id}: the job's objects are not valid inputs: ${failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
  const verdict = checkModifyStatus(status);
  const at = now();
  const outputs = buildStatusOutputs({
    taskId,
    status,
    failedTables: [],
    startedAt: at,
    ...(verdict.state === "success" || verdict.state === "failure" ? { finishedAt: at } : {}),
    polls: 1,
  });
  log(`${prefix}: imported (job ${synchronizationJobId}; ${verdict.reason}); no wait: \`pulumi up\` waits for it if it is unfinished.`);
  const stored = compact({ ...inputs, ...(resourceKey ? { __resourceKey: resourceKey } : {}) });
  return { id: taskId, props: compact({ ...stored, ...outputs }), inputs: stored };
}
