/** The DtsJob outputs document: which note it carries, and that it never has the old document's task keys. */
import { buildDtsJobStatusOutputs, DTS_JOB_STATUS_OUTPUT_KEYS } from "../../sdk/reports/dts-job-outputs";
import type { SynchronizationObjectModifyStatus } from "../../sdk/types";

const VIEW: SynchronizationObjectModifyStatus = {
  requestId: "r",
  status: "Migrating",
  precheck: { status: "Finished", percent: 100, items: [] },
  structureInitialization: { status: "Finished", percent: 100, progress: 3 },
  dataInitialization: { status: "Migrating", percent: 40, progress: 120 },
};

test("a subtask that left the reply: its id, its last phases, and a note that says so", () => {
  const o = buildDtsJobStatusOutputs({ jobStatus: "synchronizing", view: VIEW, subJobId: "sub1", subJobLeft: true, startedAt: 0, finishedAt: 1000, polls: 4 });
  expect(o).toMatchObject({ subJobId: "sub1", jobStatus: "synchronizing", dataInitialization: { status: "Migrating", percent: 40, progress: 120 } });
  expect(o.note).toMatch(/^subtask sub1 left the reply/);
  expect(o.finishedAt).toBe(new Date(1000).toISOString());
});

test("no subtask judged: the note says the phases are the job's own; a judged subtask that is still shown: no note", () => {
  expect(buildDtsJobStatusOutputs({ view: VIEW, sawModification: false, startedAt: 0, polls: 1 }).note).toMatch(/no modification was seen running/);
  expect(buildDtsJobStatusOutputs({ view: VIEW, subJobId: "sub1", startedAt: 0, polls: 1 }).note).toBeUndefined();
  const doc = buildDtsJobStatusOutputs({ view: VIEW, subJobId: "sub1", startedAt: 0, polls: 1 });
  for (const key of Object.keys(doc)) expect(DTS_JOB_STATUS_OUTPUT_KEYS as readonly string[]).toContain(key);
  expect(doc).not.toHaveProperty("taskId");
});
