/**
 * Example: change the objects a DTS synchronization job syncs, and let `pulumi up` finish only once the change is
 * really done (precheck passed, structure and data initialization finished), then export what an operator needs.
 *
 * Stack config (`pulumi config set ...`):
 *   jobId                 the synchronization job (required)
 *   objects               optional JSON override of the objects below (typed form, see the README)
 *   timeoutMinutes        how long `up` may wait (default 60); on a deadline the task id is kept in state and
 *                         the next `pulumi up` resumes waiting on the same task
 *   minDelaySeconds, maxDelaySeconds   polling interval bounds (optional)
 *   failOnFailedTables    false = tables that failed initialization are reported in outputs instead of failing `up`
 *   dts:endpoint          a private endpoint or the local emulator's URL (optional)
 *   dts:region            region of the job (optional, default cn-hangzhou)
 *   dts:accessKeyId, dts:accessKeySecret (--secret)   credentials; else the Alibaba Cloud credential chain
 */
import * as pulumi from "@pulumi/pulumi";
import { SynchronizationObjectModification, type SynchronizationDatabase } from "pulumi-dts-objects";

const config = new pulumi.Config();
const dts = new pulumi.Config("dts");

/** What the job should sync from now on: two tables of `shop` (one renamed) and the whole `crm` database. */
const defaultObjects: SynchronizationDatabase[] = [
  {
    dbName: "shop",
    tableIncludes: [{ tableName: "customer" }, { tableName: "orders", newTableName: "orders_v2" }, { tableName: "order_items" }],
  },
  { dbName: "crm" },
];

const modification = new SynchronizationObjectModification("shop-objects", {
  synchronizationJobId: config.require("jobId"),
  synchronizationObjects: config.getObject<SynchronizationDatabase[]>("objects") ?? defaultObjects,
  endpoint: dts.get("endpoint"),
  regionId: dts.get("region"),
  wait: {
    timeoutMinutes: config.getNumber("timeoutMinutes") ?? 60,
    minDelaySeconds: config.getNumber("minDelaySeconds"),
    maxDelaySeconds: config.getNumber("maxDelaySeconds"),
  },
  failOn: { failedTables: config.getBoolean("failOnFailedTables") ?? true },
});

export const taskId = modification.taskId;
export const status = modification.status;
export const precheck = modification.precheck;
export const structureInitialization = modification.structureInitialization;
export const dataInitialization = modification.dataInitialization;
export const failedTables = modification.failedTables;
export const tables = modification.tables;
export const startedAt = modification.startedAt;
export const finishedAt = modification.finishedAt;
export const polls = modification.polls;
