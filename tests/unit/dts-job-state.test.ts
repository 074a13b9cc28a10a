/** Deciding before writing, DtsJob family: fake clients, a fake clock. */
import { DtsAmbiguousModifyError, DtsApiError, DtsNetworkError } from "../../sdk/errors/errors";
import { isDtsJobStateError } from "../../sdk/job/sync-job-state";
import { ensureDtsJobModification, type EnsureDtsJobClient } from "../../sdk/job/dts-job-state";
import type { DtsJobDetail } from "../../sdk/wire/dts-job-schemas";
import { DB_NEW, DB_OLD, SUB_DONE, SUB_RUNNING, jobDetail } from "./helpers/dts-job";

class FakeTime {
  now = 1_000_000;
  readonly clock = { now: () => this.now };
  sleep = async (ms: number): Promise<void> => {
    this.now += ms;
  };
}

type Reply = DtsJobDetail | Error;
/** Reads answer from `reads` in turn (the last repeats); writes answer from `writes` (after a write, `afterWrite` replaces reads). */
function fake(reads: Reply[], writes: (Error | undefined)[] = [undefined], afterWrite?: Reply[]) {
  const log = { reads: 0, writes: [] as { dbList: unknown; dtsInstanceId: string }[], historyFlags: [] as (boolean | undefined)[] };
  let script = reads;
  let i = 0;
  const client: EnsureDtsJobClient = {
    describeDtsJobDetail: async (input) => {
      log.reads++;
      log.historyFlags.push(input.syncSubJobHistory);
      const r = script[Math.min(i++, script.length - 1)]!;
      if (r instanceof Error) throw r;
      return r;
    },
    modifyDtsJob: async (input) => {
      log.writes.push({ dbList: input.dbList, dtsInstanceId: input.dtsInstanceId });
      if (afterWrite) {
        script = afterWrite;
        i = 0;
      }
      const w = writes[Math.min(log.writes.length - 1, writes.length - 1)];
      if (w) throw w;
      return { requestId: "RW", clientToken: input.clientToken ?? "generated" };
    },
  };
  return { client, log };
}

const ambiguous = () =>
  new DtsAmbiguousModifyError({
    synchronizationJobId: "job1",
    clientToken: "t",
    cause: new DtsNetworkError("reset", "ECONNRESET", { action: "ModifyDtsJob" }),
    action: "ModifyDtsJob",
  });
const modifyingDenied = () =>
  new DtsApiError({ code: "DTS.Msg.OperationDenied.JobStatusModifying", message: "modifying", action: "ModifyDtsJob", httpStatus: 403 });

describe("ensureDtsJobModification", () => {
  const opts = (t: FakeTime, extra = {}) => ({
    dtsJobId: "job1",
    dbList: DB_NEW,
    deadlineMs: t.now + 600_000,
    clock: t.clock,
    sleep: t.sleep,
    random: () => 0,
    ...extra,
  });

  it("writes once when the list differs, with the job's instance ID, and hands the waiter the earlier subtasks", async () => {
    const t = new FakeTime();
    const { client, log } = fake([jobDetail("synchronizing", DB_OLD, [SUB_DONE("subOld")])]);
    const out = await ensureDtsJobModification(client, opts(t));
    expect(out.kind).toBe("started");
    expect(log.writes).toEqual([{ dbList: DB_NEW, dtsInstanceId: "dtsinst1" }]);
    expect(out).toMatchObject({ settledSubJobIds: ["subOld"], expectedDbList: DB_NEW, sawModification: false });
    expect(log.historyFlags).toEqual([true]);
  });

  it("does not write when the DbObject already is the requested list (canonical compare)", async () => {
    const t = new FakeTime();
    const reordered = '{"orders":{"all":true,"name":"orders"},"dtstest":{"name":"dtstest","all":true,"state":"normal"}}';
    const { client, log } = fake([jobDetail("synchronizing", reordered)]);
    const out = await ensureDtsJobModification(client, opts(t));
    expect(out).toMatchObject({ kind: "inPlace", waited: false });
    expect(log.writes).toHaveLength(0);
  });

  it("waits without writing while the job is Modifying or a subtask runs, then decides", async () => {
    const t = new FakeTime();
    const { client, log } = fake([
      jobDetail("Modifying", DB_OLD, [SUB_RUNNING("subOther")]),
      jobDetail("synchronizing", DB_OLD, [SUB_RUNNING("subOther")]),
      jobDetail("synchronizing", DB_OLD, [SUB_DONE("subOther")]),
    ]);
    const out = await ensureDtsJobModification(client, opts(t));
    expect(out.kind).toBe("started");
    expect(log.reads).toBe(3);
    expect(log.writes).toHaveLength(1);
    expect(out).toMatchObject({ settledSubJobIds: ["subOther"] });
  });

  it("stops at the deadline while another change runs: no write", async () => {
    const t = new FakeTime();
    const { client, log } = fake([jobDetail("Modifying", DB_OLD, [SUB_RUNNING("subOther")])]);
    const out = await ensureDtsJobModification(client, opts(t, { deadlineMs: t.now + 10_000 }));
    expect(out.kind).toBe("stillModifying");
    expect(log.writes).toHaveLength(0);
  });

  it("an ambiguous write followed by a new subtask is taken as that write's: exactly one write", async () => {
    const t = new FakeTime();
    const { client, log } = fake(
      [jobDetail("synchronizing", DB_OLD, [SUB_DONE("subOld")])],
      [ambiguous()],
      [jobDetail("synchronizing", DB_OLD, [SUB_DONE("subOld"), SUB_RUNNING("subNew")])],
    );
    const out = await ensureDtsJobModification(client, opts(t));
    expect(out).toMatchObject({ kind: "ranAfterAmbiguous", settledSubJobIds: ["subOld"], sawModification: true, ambiguousAttempts: 1 });
    expect(log.writes).toHaveLength(1);
  });

  it("an ambiguous write whose list is already in place (subtask gone) is not repeated", async () => {
    const t = new FakeTime();
    const { client, log } = fake([jobDetail("synchronizing", DB_OLD, [])], [ambiguous()], [jobDetail("synchronizing", DB_NEW, [])]);
    const out = await ensureDtsJobModification(client, opts(t));
    expect(out.kind).toBe("ranAfterAmbiguous");
    expect(log.writes).toHaveLength(1);
  });

  it("an ambiguous write whose subtask shows only on a later read is not repeated", async () => {
    const t = new FakeTime();
    const idle = jobDetail("synchronizing", DB_OLD, []);
    const { client, log } = fake([idle], [ambiguous()], [idle, idle, jobDetail("Modifying", DB_OLD, [SUB_RUNNING("subNew")])]);
    const out = await ensureDtsJobModification(client, opts(t));
    expect(out.kind).toBe("ranAfterAmbiguous");
    expect(log.writes).toHaveLength(1);
  });

  it("an ambiguous write with nothing changed since is written again after the settle reads (bounded)", async () => {
    const t = new FakeTime();
    const { client, log } = fake([jobDetail("synchronizing", DB_OLD, [])], [ambiguous(), undefined]);
    const out = await ensureDtsJobModification(client, opts(t));
    expect(out.kind).toBe("started");
    expect(log.writes).toHaveLength(2);
    // 1 read before the first write, then 1 + 3 settle reads that all showed nothing changed.
    expect(log.reads).toBe(5);
    const t2 = new FakeTime();
    const always = fake([jobDetail("synchronizing", DB_OLD, [])], [ambiguous()]);
    await expect(ensureDtsJobModification(always.client, opts(t2, { maxAmbiguousAttempts: 2 }))).rejects.toBeInstanceOf(DtsAmbiguousModifyError);
    expect(always.log.writes).toHaveLength(2);
  });

  it("JobStatusModifying: someone else's change runs; waits for it, then writes", async () => {
    const t = new FakeTime();
    const { client, log } = fake(
      [jobDetail("synchronizing", DB_OLD, [])],
      [modifyingDenied(), undefined],
      [jobDetail("Modifying", DB_OLD, [SUB_RUNNING("subOther")]), jobDetail("synchronizing", DB_OLD, [SUB_DONE("subOther")])],
    );
    const events: string[] = [];
    const out = await ensureDtsJobModification(client, opts(t, { onEvent: (e: { kind: string }) => events.push(e.kind) }));
    expect(out.kind).toBe("started");
    expect(events).toContain("denied");
    expect(events).toContain("waitingForJob");
    expect(log.writes).toHaveLength(2);
  });

  it("a resume with the saved baseline and a new subtask does not write again", async () => {
    const t = new FakeTime();
    const { client, log } = fake([jobDetail("Modifying", DB_NEW, [SUB_DONE("subOld"), SUB_RUNNING("subNew")])]);
    const out = await ensureDtsJobModification(client, opts(t, { baselineSubJobIds: ["subOld"] }));
    expect(out).toMatchObject({ kind: "ranAfterAmbiguous", settledSubJobIds: ["subOld"] });
    expect(log.writes).toHaveLength(0);
  });

  it("waitOnly never writes: reports whether a change runs, with the earlier subtasks settled", async () => {
    const t = new FakeTime();
    const running = fake([jobDetail("synchronizing", DB_NEW, [SUB_DONE("subOld"), SUB_RUNNING("subNew")])]);
    const out = await ensureDtsJobModification(running.client, { dtsJobId: "job1", waitOnly: true, deadlineMs: t.now + 1000, clock: t.clock, sleep: t.sleep });
    expect(out).toMatchObject({ kind: "waitOnly", running: true, settledSubJobIds: ["subOld"], sawModification: true });
    expect(running.log.writes).toHaveLength(0);
  });

  it("waitOnly with none running: the latest subtask (by CreateTime) is the one to report; only the earlier ones are settled", async () => {
    const t = new FakeTime();
    const ended = fake([jobDetail("synchronizing", DB_NEW, [SUB_DONE("subNew", "2026-01-02 00:00:00"), SUB_DONE("subOld", "2026-01-01 00:00:00")])]);
    const out = await ensureDtsJobModification(ended.client, { dtsJobId: "job1", waitOnly: true, deadlineMs: t.now + 1000, clock: t.clock, sleep: t.sleep });
    expect(out).toMatchObject({ kind: "waitOnly", running: false, settledSubJobIds: ["subOld"], sawModification: false });
    const none = fake([jobDetail("synchronizing", DB_NEW)]);
    const empty = await ensureDtsJobModification(none.client, { dtsJobId: "job1", waitOnly: true, deadlineMs: t.now + 1000, clock: t.clock, sleep: t.sleep });
    expect(empty).toMatchObject({ kind: "waitOnly", running: false, settledSubJobIds: [] });
    expect(ended.log.writes.length + none.log.writes.length).toBe(0);
  });

  it("an unreadable job is a DtsJobStateError and no write; an invalid dbList fails before any call", async () => {
    const t = new FakeTime();
    const broken = fake([new DtsApiError({ code: "Forbidden", message: "no", action: "DescribeDtsJobDetail", httpStatus: 403 })]);
    const e = await ensureDtsJobModification(broken.client, opts(t)).catch((x: unknown) => x);
    expect(isDtsJobStateError(e)).toBe(true);
    expect(broken.log.writes).toHaveLength(0);
    const none = fake([jobDetail("synchronizing", DB_OLD)]);
    await expect(ensureDtsJobModification(none.client, opts(t, { dbList: "{" }))).rejects.toThrow(/dbList/);
    expect(none.log.reads).toBe(0);
  });
});
