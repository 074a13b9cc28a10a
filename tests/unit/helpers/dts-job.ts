/** DescribeDtsJobDetail replies written as the wire sends them (strings for numbers), parsed by the real schema. */
import { DescribeDtsJobDetailResponse, type DtsJobDetail } from "../../../sdk/wire/dts-job-schemas";

export const DB_OLD = '{"dtstest":{"name":"dtstest","all":true}}';
export const DB_NEW = '{"dtstest":{"name":"dtstest","all":true},"orders":{"name":"orders","all":true}}';

type Phase = { Status: string; Percent?: string; Progress?: string; ErrorMessage?: string };

/** One SubSyncJob entry on the wire. */
export function subWire(
  id: string,
  status: string,
  phases: { pre?: Phase & { Detail?: unknown[] }; struct?: Phase; data?: Phase } = {},
  createTime = "2026-12-02T10:00:00Z",
) {
  return {
    DtsJobId: id,
    Status: status,
    JobType: "subSync",
    CreateTime: createTime,
    ...(phases.pre ? { PrecheckStatus: phases.pre } : {}),
    ...(phases.struct ? { StructureInitializationStatus: phases.struct } : {}),
    ...(phases.data ? { DataInitializationStatus: phases.data } : {}),
  };
}

export const FIN = { Status: "Finished", Percent: "100", Progress: "3" };
export const SUB_DONE = (id: string, t?: string) => subWire(id, "Finished", { pre: FIN, struct: FIN, data: FIN }, t);
export const SUB_RUNNING = (id: string, t?: string) =>
  subWire(id, "Migrating", { pre: FIN, struct: FIN, data: { Status: "Migrating", Percent: "40", Progress: "100" } }, t);

/** A parsed DescribeDtsJobDetail reply. */
export function jobDetail(status: string, dbObject: string, subs: unknown[] = [], extra: Record<string, unknown> = {}): DtsJobDetail {
  return DescribeDtsJobDetailResponse.parse({
    RequestId: `req-${status}`,
    Success: "true",
    DtsJobId: "job1",
    DtsInstanceID: "dtsinst1",
    Status: status,
    DbObject: dbObject,
    SubSyncJob: subs,
    ...extra,
  });
}
