#!/usr/bin/env node
"use strict";
/**
 * Fails (exit 1) when a benchmark figure regressed against the committed bench/results.json.
 *
 *   node bench/compare.js                          run the benchmarks into a temp file, then compare
 *   node bench/compare.js --only detection,pagination
 *   node bench/compare.js --fresh /tmp/fresh.json  compare a results file produced by `node bench/run.js --out ...`
 *   node bench/compare.js --baseline other.json    compare against another baseline
 *
 * A figure regresses when it is worse than the baseline by more than its kind's ratio AND by more than the kind's
 * absolute slack (small figures jitter by a few units without meaning anything). A baseline figure missing from
 * the fresh run fails (a `--quick` run has other figure ids: compare full runs only). Ratios are loose because the
 * figures come from a shared 2-core machine; the deterministic ones (calls, bytes) are tight.
 *
 *   kind        better   ratio   slack      figures
 *   calls       lower    1.25x   1 call     API calls per wait / per listing / per resource
 *   bytes       lower    1.10x   100 B      serialized __provider
 *   latency     lower    1.50x   2 s        detection latency (emulated seconds)
 *   memory      lower    1.30x   10 MiB     host RSS
 *   wall        lower    2.00x   200 ms     listing wall time
 *   coldstart   lower    2.00x   500 ms     host spawn -> first RPC
 *   throughput  higher   2.00x   50 req/s   emulator requests per second (fails below baseline / 2)
 *   error       lower    1.10x   0.5 pt     p90 relative error of the finish estimate, % (seeded: deterministic)
 *   cpu         lower    2.00x   500 µs     client CPU per status poll (process.cpuUsage, median of batches: noisy when shared)
 */
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const os = require("node:os");
const path = require("node:path");

const RATIOS = {
  calls: { ratio: 1.25, slack: 1 },
  bytes: { ratio: 1.1, slack: 100 },
  latency: { ratio: 1.5, slack: 2 },
  memory: { ratio: 1.3, slack: 10 },
  wall: { ratio: 2.0, slack: 200 },
  coldstart: { ratio: 2.0, slack: 500 },
  throughput: { ratio: 2.0, slack: 50 },
  error: { ratio: 1.1, slack: 0.5 },
  cpu: { ratio: 2.0, slack: 500 },
};

function parseArgs(argv) {
  const args = { baseline: path.join(__dirname, "results.json"), fresh: undefined, only: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--baseline") args.baseline = argv[++i];
    else if (a === "--fresh") args.fresh = argv[++i];
    else if (a === "--only") args.only = argv[++i];
    else if (a === "-h" || a === "--help") {
      console.log("usage: node bench/compare.js [--fresh results.json] [--baseline results.json] [--only names]");
      process.exit(0);
    } else {
      console.error(`unknown argument ${a}`);
      process.exit(2);
    }
  }
  return args;
}

function figuresOf(file, sections) {
  const out = new Map();
  for (const [name, section] of Object.entries(file.sections || {})) {
    if (sections && !sections.includes(name)) continue;
    for (const f of section.figures || []) out.set(f.id, { ...f, section: name });
  }
  return out;
}

/** Compares two results objects; returns {rows, failures}. Exported for tests. */
function compare(baseline, fresh) {
  const ran = Object.keys(fresh.sections || {});
  const base = figuresOf(baseline, ran);
  const now = figuresOf(fresh, ran);
  const rows = [];
  let failures = 0;
  for (const [id, b] of base) {
    const f = now.get(id);
    const limit = RATIOS[b.kind] || { ratio: 1.5, slack: 0 };
    if (!f) {
      rows.push([id, fmt(b.value), "missing", "-", "-", "FAIL (missing)"]);
      failures++;
      continue;
    }
    let worse;
    let r;
    if (b.better === "higher") {
      r = f.value > 0 ? b.value / f.value : Infinity;
      worse = r > limit.ratio && b.value - f.value > limit.slack;
    } else {
      r = b.value > 0 ? f.value / b.value : f.value > 0 ? Infinity : 1;
      worse = r > limit.ratio && f.value - b.value > limit.slack;
    }
    if (worse) failures++;
    rows.push([id, fmt(b.value), fmt(f.value), `${r.toFixed(2)}x`, `${limit.ratio}x`, worse ? "FAIL" : "ok"]);
  }
  for (const [id, f] of now) if (!base.has(id)) rows.push([id, "-", fmt(f.value), "-", "-", "new"]);
  return { rows, failures };
}

function fmt(v) {
  return typeof v === "number" && Number.isFinite(v) ? (Math.abs(v) >= 100 ? v.toFixed(0) : v.toFixed(2)) : String(v);
}

function printTable(rows) {
  const header = ["Figure", "Baseline", "Fresh", "Worse by", "Limit", "Verdict"];
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((r) => String(r[i]).length)));
  const line = (r) => r.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const r of rows) console.log(line(r));
}

function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!fs.existsSync(args.baseline)) {
    console.error(`no baseline at ${args.baseline}: run \`npm run bench\` and commit bench/results.json first`);
    return 2;
  }
  let freshPath = args.fresh;
  if (!freshPath) {
    freshPath = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "dts-bench-")), "results.json");
    const runArgs = [path.join(__dirname, "run.js"), "--out", freshPath];
    if (args.only) runArgs.push("--only", args.only);
    const run = spawnSync(process.execPath, runArgs, { stdio: "inherit" });
    if (run.status !== 0) console.error(`bench/run.js exited with ${run.status}; comparing what it wrote`);
    if (!fs.existsSync(freshPath)) return 1;
  }
  const baseline = JSON.parse(fs.readFileSync(args.baseline, "utf8"));
  const fresh = JSON.parse(fs.readFileSync(freshPath, "utf8"));
  const { rows, failures } = compare(baseline, fresh);
  console.log(`\nbaseline: ${args.baseline} (${baseline.date})\nfresh:    ${freshPath} (${fresh.date})\n`);
  printTable(rows);
  console.log(failures ? `\n${failures} figure(s) regressed beyond the allowed ratio.` : "\nno regression beyond the allowed ratios.");
  return failures ? 1 : 0;
}

module.exports = { compare, RATIOS };

if (require.main === module) process.exitCode = main();
