/**
 * Runs the benchmarks, prints their tables, and records them in `bench/results.json` and `bench/RESULTS.md`.
 *
 *   node bench/run.js                          all benchmarks, update results.json and RESULTS.md
 *   node bench/run.js --only detection,pagination
 *   node bench/run.js --only dtsjob            the DtsJob waiter vs the old one (~2 min)
 *   node bench/run.js --only initialization    a 72-hour first synchronization, both families beside the modification waiter
 *   node bench/run.js --out /tmp/fresh.json    write elsewhere, leave RESULTS.md alone (compare.js does this)
 *   node bench/run.js --quick                  fewer repetitions (a smoke run; do not commit its figures)
 *
 * With --only, the other sections of the output file are kept as they were (each section has its own date).
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runDetection } from "./detection";
import { runPagination } from "./pagination";
import { runPluginStart } from "./plugin-start";
import { runThroughput } from "./throughput";
import { runProviderCost } from "./provider-cost";
import { runEmulatorStatus } from "./emulator-status";
import { runLongWait } from "./long-wait";
import { runEstimateBench } from "./estimate";
import { runDtsJobBench } from "./dts-job";
import { runInitializationBench } from "./initialization";
import { renderResultsMarkdown } from "./report";
import { BENCHMARKS, type BenchName, type ResultsFile } from "./results-file";
import { machineInfo, textTable, type BenchSection } from "./util";

export { BENCHMARKS, type ResultsFile } from "./results-file";

interface Args {
  only: BenchName[];
  out: string;
  markdown: boolean;
  quick: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { only: [...BENCHMARKS], out: join(__dirname, "results.json"), markdown: true, quick: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    if (a === "--only") {
      const names = value()
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean);
      for (const n of names) if (!(BENCHMARKS as readonly string[]).includes(n)) throw new Error(`unknown benchmark "${n}" (known: ${BENCHMARKS.join(", ")})`);
      args.only = names as BenchName[];
    } else if (a === "--out") {
      args.out = value();
      args.markdown = false;
    } else if (a === "--quick") args.quick = true;
    else if (a === "--no-markdown") args.markdown = false;
    else if (a === "-h" || a === "--help") {
      console.log(
        "usage: node bench/run.js [--only detection,pagination,throughput,provider,emulator,longwait,estimate,plugin,dtsjob,initialization] [--out file.json] [--quick] [--no-markdown]",
      );
      process.exit(0);
    } else throw new Error(`unknown argument "${a}"`);
  }
  return args;
}

async function runOne(name: BenchName, quick: boolean): Promise<BenchSection> {
  switch (name) {
    case "detection":
      return runDetection(quick ? { reps: 3, waits: [15, 90] } : {});
    case "pagination":
      return runPagination(quick ? { reps: 1 } : {});
    case "throughput":
      return runThroughput(quick ? { durationMs: 1000, concurrency: [1, 16] } : {});
    case "provider":
      return runProviderCost(quick ? { concurrent: 20 } : {});
    case "emulator":
      return runEmulatorStatus(quick ? { calls: 5 } : {});
    case "longwait":
      return runLongWait(quick ? { reps: 1, hostWaits: 10 } : {});
    case "estimate":
      return runEstimateBench(quick ? { runs: 50 } : {});
    case "plugin":
      return runPluginStart(quick ? { reps: 2, idleMs: 500 } : {});
    case "dtsjob":
      return runDtsJobBench(quick ? { waits: [45], reps: 2, cpuReps: 2, cpuWaitS: 30, cpuRounds: 1 } : {});
    case "initialization":
      return runInitializationBench(quick ? { reps: 1 } : {});
  }
}

export async function main(argv: string[]): Promise<number> {
  process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";
  const args = parseArgs(argv);
  const machine = machineInfo();
  console.log(`machine: ${JSON.stringify(machine)}`);
  let file: ResultsFile = { format: 1, machine, date: new Date().toISOString(), sections: {} };
  if (existsSync(args.out)) {
    try {
      const prior = JSON.parse(readFileSync(args.out, "utf8")) as ResultsFile;
      if (prior.format === 1) file = { ...prior, machine, date: file.date };
    } catch {
      // A broken file is replaced.
    }
  }
  let failed = 0;
  for (const name of args.only) {
    const started = Date.now();
    console.log(`\n=== ${name} ===`);
    try {
      const section = await runOne(name, args.quick);
      file.sections[name] = { ...section, machine: { ...machine, loadavg1AtEnd: machineInfo().loadavg1 } };
      for (const t of section.tables) console.log(`\n${textTable(t)}`);
      if (section.notes.length) console.log(`\n${section.notes.map((n) => `* ${n}`).join("\n")}`);
      console.log(`(${name}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
    } catch (e) {
      failed++;
      console.error(`${name} failed: ${(e as Error).stack ?? String(e)}`);
    }
    writeFileSync(args.out, `${JSON.stringify(file, null, 2)}\n`);
  }
  if (args.markdown) {
    const md = join(__dirname, "RESULTS.md");
    writeFileSync(md, renderResultsMarkdown(file, existsSync(md) ? readFileSync(md, "utf8") : undefined));
    console.log(`\nwrote ${args.out} and ${md}`);
  } else console.log(`\nwrote ${args.out}`);
  return failed ? 1 : 0;
}
