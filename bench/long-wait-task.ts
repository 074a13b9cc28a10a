/**
 * The seeded 72-hour task of the long-wait benchmark (bench/long-wait.ts, whose file comment describes it): tables,
 * row counts and durations for the emulator. Also used by the host part (bench/long-wait-host.ts).
 */
import { prng } from "./util";

export const HOUR = 3_600_000;
export const TASK_MS = 72 * HOUR;
export const PRECHECK_MS = 5 * 60_000;
export const STRUCTURE_MS = HOUR;

/** The seeded 72-hour task: tables, row counts and durations for the emulator (see the file comment). */
export function longTask(seed: number): { scenario: Record<string, unknown>; tables: string[]; stallMs: number; hugeShare: number; groups: number } {
  const rnd = prng(seed);
  const groups = 4 + Math.floor(rnd() * 3);
  const stallMs = Math.round((15 + rnd() * 30) * 60_000);
  const rowsByTable: Record<string, number> = {};
  const tables: string[] = [];
  let groupRows = 0;
  for (let g = 0; g < groups; g++) {
    // Shrinking groups: the biggest first ("fast start": the percent rises fastest at the beginning).
    const rows = Math.round(40_000_000 * (1 - (0.6 * g) / groups) * (0.7 + 0.6 * rnd()));
    for (let k = 0; k < 4; k++) {
      const name = `g${g}_t${k}`;
      rowsByTable[name] = rows;
      tables.push(name);
    }
    groupRows += 4 * rows;
  }
  const hugeShare = 0.2 + 0.15 * rnd();
  const hugeRows = Math.round((groupRows * hugeShare) / (1 - hugeShare));
  rowsByTable.huge_table = hugeRows;
  tables.push("huge_table");
  // Span = (groups + 1) stalls + (rows of one table per group + the huge table) / rate: the emulator takes whole
  // numbers, so the rate is fixed and the row counts are scaled to end the task 72 h after it starts.
  const dataMs = TASK_MS - PRECHECK_MS - STRUCTURE_MS;
  const rowsPerSecond = 1000;
  const scale = ((dataMs - (groups + 1) * stallMs) * (rowsPerSecond / 1000)) / (groupRows / 4 + hugeRows);
  for (const name of tables) rowsByTable[name] = Math.round(rowsByTable[name]! * scale);
  return {
    scenario: {
      name: "success",
      durations: {
        precheckItemMs: PRECHECK_MS / 16,
        structureTableMs: Math.round(STRUCTURE_MS / tables.length),
        dataTableOverheadMs: stallMs,
        dataRowsPerSecond: rowsPerSecond,
        dataParallelism: 4,
      },
      rows: { tables: rowsByTable },
    },
    tables,
    stallMs,
    hugeShare,
    groups,
  };
}
