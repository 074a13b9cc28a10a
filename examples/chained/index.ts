/**
 * Example: "awaited in deployment pipelines". The object modification blocks until precheck, structure and data
 * initialization are done, so anything that `dependsOn` it runs only once the new tables are really there.
 *
 * The dependent resource here is a tiny dynamic resource standing in for the next step of a pipeline (switching
 * readers to the new tables, starting a consumer, ...): it records when it ran and which task it waited for.
 *
 * Stack config: the same as examples/basic (jobId, dts:endpoint, dts:accessKeyId, dts:accessKeySecret, ...).
 */
import * as pulumi from "@pulumi/pulumi";
import { SynchronizationObjectModification } from "pulumi-dts-objects";

const config = new pulumi.Config();
const dts = new pulumi.Config("dts");

const modification = new SynchronizationObjectModification("reporting-objects", {
  synchronizationJobId: config.require("jobId"),
  synchronizationObjects: [{ dbName: "reporting", tableIncludes: [{ tableName: "daily_sales" }, { tableName: "monthly_sales" }] }],
  endpoint: dts.get("endpoint"),
  regionId: dts.get("region"),
  wait: {
    timeoutMinutes: config.getNumber("timeoutMinutes") ?? 60,
    minDelaySeconds: config.getNumber("minDelaySeconds"),
    maxDelaySeconds: config.getNumber("maxDelaySeconds"),
  },
});

interface CutoverInputs {
  /** The task this step waited for. */
  taskId: string;
  /** Data initialization status seen when the step ran. */
  dataStatus: string;
}

/** The next pipeline step: runs (create) only after everything it depends on is done. */
const cutoverProvider: pulumi.dynamic.ResourceProvider<CutoverInputs, CutoverInputs & { ranAt: string }> = {
  async create(inputs) {
    const ranAt = new Date().toISOString();
    console.error(`cutover: task ${inputs.taskId} data initialization ${inputs.dataStatus}; switching readers now`);
    return { id: `cutover-${inputs.taskId}`, outs: { taskId: inputs.taskId, dataStatus: inputs.dataStatus, ranAt } };
  },
  async diff(_id, olds, news) {
    return { changes: olds.taskId !== news.taskId, replaces: olds.taskId !== news.taskId ? ["taskId"] : [] };
  },
};

class Cutover extends pulumi.dynamic.Resource {
  declare readonly taskId: pulumi.Output<string>;
  declare readonly dataStatus: pulumi.Output<string>;
  declare readonly ranAt: pulumi.Output<string>;
  constructor(name: string, args: { taskId: pulumi.Input<string>; dataStatus: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions) {
    super(cutoverProvider, name, { ...args, ranAt: undefined }, opts, "examples", "Cutover");
  }
}

const cutover = new Cutover(
  "switch-readers",
  // No taskId when the job already synced the objects (no task was started): the step then names the job instead.
  { taskId: pulumi.all([modification.taskId, modification.synchronizationJobId]).apply(([t, j]) => t ?? `job ${j}`), dataStatus: modification.dataInitialization.status },
  // The inputs above already order it after the modification; dependsOn states it explicitly.
  { dependsOn: [modification] },
);

export const taskId = modification.taskId;
export const dataInitialization = modification.dataInitialization;
export const finishedAt = modification.finishedAt;
export const cutoverRanAt = cutover.ranAt;
export const cutoverSawStatus = cutover.dataStatus;
