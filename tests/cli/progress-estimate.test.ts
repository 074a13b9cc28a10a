/** The CLI's progress shows the waiter's finish estimate as the time left on the data line (plain mode). */
import { PlainProgress } from "../../cli/progress";
import type { SynchronizationObjectModifyStatus } from "../../sdk/types";

function data(percent: number): SynchronizationObjectModifyStatus {
  return {
    requestId: "r",
    status: "Migrating",
    precheck: { status: "Finished", percent: 100, items: [] },
    structureInitialization: { status: "Finished", percent: 100, progress: 3 },
    dataInitialization: { status: "Migrating", percent, progress: percent * 1000 },
  };
}

test("the data line carries the time left once the waiter has an estimate, and nothing before", () => {
  const lines: string[] = [];
  let t = 0;
  const p = new PlainProgress(
    (l) => lines.push(l),
    () => t,
  );
  p.start("task1", 3600);
  p.update(data(1), 1);
  t = 60_000;
  p.update(data(2), 2, t + 98 * 60_000);
  expect(lines.filter((l) => l.includes("data:"))).toEqual([
    "[00:00] data: Migrating 1% (1000 rows)",
    "[01:00] data: Migrating 2% (2000 rows, about 1 h 40 min left)",
  ]);
});
