#!/usr/bin/env node
// `npm run demo`: the whole thing through the real Pulumi CLI and engine, against the local DTS emulator.
//
//   npm run demo                                   # success
//   npm run demo -- --scenario precheck-failure    # what a failed precheck looks like (exit code 1)
//   npm run demo -- --scenario failed-tables       # tables failing data initialization (exit code 1)
//
// Steps: start the emulator (fast time scale) -> provision the Pulumi CLI (scripts/ensure-pulumi; the first build
// takes minutes) -> a local file backend in a temp dir -> `pulumi stack init` of examples/basic -> stack config
// (credentials, the access key secret with --secret, the emulator's endpoint, the job id) -> `pulumi up`, its
// output streamed -> the stack outputs and a short summary -> stop the emulator. Exits 1 when `up` failed.
//
// Run `npm run build` first (the `demo` npm script does).
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const { parseArgs } = require("node:util");
const { REPO_ROOT, assertBuilt, ensurePulumi, linkProgramDeps, makeTempDir, pulumiEnv, pulumiVersion, run } = require("./pulumi-env");

process.env.ALIBABA_CLOUD_ECS_METADATA_DISABLED = "true";

const SCENARIOS = ["success", "precheck-failure", "structure-failure", "failed-tables", "never-finishes"];
const USAGE = `Usage: npm run demo -- [options]

Runs examples/basic with the real Pulumi CLI against the local DTS emulator.

Options:
  --scenario <name>     ${SCENARIOS.join(" | ")} (default success)
  --time-scale <x>      emulator time runs x times faster (default 50)
  --timeout-minutes <m> the resource's wait deadline (default 10; 0.1 with never-finishes, to show a deadline)
  --program <dir>       the Pulumi program to run (default examples/basic)
  --keep                keep the temp dir with the backend and print how to use it afterwards
  -h, --help            this help
`;

// Markers around the JSON stack outputs, for scripts and tests reading the demo's output.
const OUTPUTS_BEGIN = "----- stack outputs (pulumi stack output --json) -----";
const OUTPUTS_END = "----- end of stack outputs -----";

function parse(argv) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    options: {
      scenario: { type: "string", default: "success" },
      "time-scale": { type: "string", default: "50" },
      "timeout-minutes": { type: "string" },
      program: { type: "string" },
      keep: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (!SCENARIOS.includes(values.scenario)) {
    throw new Error(`--scenario: unknown scenario "${values.scenario}" (known: ${SCENARIOS.join(", ")})`);
  }
  const timeScale = Number(values["time-scale"]);
  if (!(timeScale > 0)) throw new Error(`--time-scale: expected a positive number, got "${values["time-scale"]}"`);
  const rawTimeout = values["timeout-minutes"] ?? (values.scenario === "never-finishes" ? "0.1" : "10");
  const timeoutMinutes = Number(rawTimeout);
  if (!(timeoutMinutes > 0)) throw new Error(`--timeout-minutes: expected a positive number, got "${rawTimeout}"`);
  return {
    scenario: values.scenario,
    timeScale,
    timeoutMinutes,
    program: path.resolve(values.program || path.join(REPO_ROOT, "examples", "basic")),
    keep: values.keep,
    help: values.help,
  };
}

const say = (s = "") => process.stdout.write(`${s}\n`);
const banner = (s) => say(`\n=== ${s}`);

function pct(p) {
  return p && typeof p.percent === "number" ? `${p.percent}%` : "?";
}

/** A few readable lines from the stack outputs (or from the outputs saved with a partially failed resource). */
function summarize(o) {
  const lines = [];
  lines.push(`task id:                  ${o.taskId ?? "(none)"}`);
  if (o.status !== undefined) lines.push(`task status:              ${o.status}`);
  const phase = (label, p) => {
    if (!p) return;
    const extra = p.errorMessage ? `  error: ${p.errorMessage}` : "";
    lines.push(`${label.padEnd(26)}${p.status} (${pct(p)})${extra}`);
  };
  phase("precheck:", o.precheck);
  phase("structure initialization:", o.structureInitialization);
  phase("data initialization:", o.dataInitialization);
  const failedItems = o.precheck?.failedItems || [];
  for (const it of Array.isArray(failedItems) ? failedItems : []) {
    const name = typeof it === "string" ? it : it.name;
    lines.push(`  failed check ${name}${it.errorMessage ? `: ${it.errorMessage}` : ""}${it.repairMethod ? ` (repair: ${it.repairMethod})` : ""}`);
  }
  if (o.tables) lines.push(`tables:                   ${o.tables.total} total, ${o.tables.finished} finished, ${o.tables.failed} failed`);
  const failed = o.failedTables || [];
  lines.push(`failed tables:            ${failed.length ? "" : "none"}`);
  for (const t of failed) {
    lines.push(`  ${t.sourceDb}.${t.table} -> ${t.destinationDb} (${t.phase} ${t.status}): ${t.errorMessage}`);
  }
  if (o.startedAt || o.finishedAt) lines.push(`started / finished:       ${o.startedAt ?? "?"} / ${o.finishedAt ?? "-"}`);
  if (o.polls !== undefined) lines.push(`status polls:             ${o.polls}`);
  return lines.join("\n");
}

/**
 * The resource blocks of the "Diagnostics:" section of `pulumi up` output (the stack's own block, which repeats the
 * progress lines, is left out). Falls back to every line mentioning an error.
 */
function resourceDiagnostics(output) {
  const lines = output.split("\n");
  const start = lines.findIndex((l) => /^\s*Diagnostics:\s*$/.test(l));
  const picked = [];
  if (start >= 0) {
    let keep = false;
    for (const l of lines.slice(start + 1)) {
      if (/^\s*(Resources|Outputs):\s*$/.test(l)) break;
      const header = /^ {2,4}\S.*\(.*\):\s*$/.test(l);
      if (header) keep = !/pulumi:pulumi:Stack/.test(l);
      if (keep) picked.push(l.replace(/^ {4}/, ""));
    }
  }
  if (picked.some((l) => l.trim())) return picked;
  return lines.filter((l) => /error/i.test(l)).map((l) => l.trim());
}

async function main() {
  let opts;
  try {
    opts = parse(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`demo: ${e.message}\n\n${USAGE}`);
    return 2;
  }
  if (opts.help) {
    say(USAGE);
    return 0;
  }
  assertBuilt();
  const { startEmulator } = require(path.join(REPO_ROOT, "dist", "emulator"));

  banner(`starting the DTS emulator (scenario ${opts.scenario}, time scale ${opts.timeScale})`);
  const emulator = await startEmulator({ timeScale: opts.timeScale, scenario: opts.scenario });
  const jobId = emulator.demoJobId;
  say(`emulator at ${emulator.url}, job ${jobId}`);

  const workDir = makeTempDir("pulumi-dts-demo-");
  const stack = "demo";
  const stackFile = path.join(opts.program, `Pulumi.${stack}.yaml`);
  let exitCode = 1;
  try {
    banner("provisioning the Pulumi CLI (scripts/ensure-pulumi; the first build takes several minutes)");
    const bin = await ensurePulumi({ onProgress: (l) => say(`  ${l}`) });
    say(`pulumi ${pulumiVersion(bin)} at ${bin}`);

    const env = pulumiEnv({ binDir: bin, workDir, passphrase: "demo-passphrase" });
    const pulumi = (args, extra = {}) => run(path.join(bin, "pulumi"), [...args, "--non-interactive", "--color=never"], { cwd: opts.program, env, ...extra });
    const must = async (args, extra) => {
      const r = await pulumi(args, extra);
      if (r.code !== 0) throw new Error(`pulumi ${args.join(" ")} failed (exit ${r.code}):\n${r.output}`);
      return r;
    };

    banner(`stack "${stack}" of ${path.relative(REPO_ROOT, opts.program) || "."} with a local backend in ${workDir}`);
    linkProgramDeps(opts.program);
    fs.rmSync(stackFile, { force: true });
    await must(["stack", "init", stack]);
    // Credentials: the id as plain config, the secret encrypted (`--secret`, value on stdin so it is not in `ps`).
    await must(["config", "set", "dts:accessKeyId", emulator.accessKeyId]);
    await must(["config", "set", "--secret", "dts:accessKeySecret"], { input: emulator.accessKeySecret });
    await must(["config", "set", "dts:endpoint", emulator.url]);
    await must(["config", "set", "jobId", jobId]);
    await must(["config", "set", "timeoutMinutes", String(opts.timeoutMinutes)]);
    await must(["config", "set", "minDelaySeconds", "1"]);
    await must(["config", "set", "maxDelaySeconds", "2"]);
    say(`pulumi config: dts:accessKeyId, dts:accessKeySecret (secret), dts:endpoint=${emulator.url}, jobId=${jobId}`);

    banner("pulumi up");
    const up = await pulumi(["up", "--yes", "--skip-preview", "--suppress-outputs"], { onLine: (l) => say(`  ${l}`) });

    if (up.code === 0) {
      const out = await must(["stack", "output", "--json"]);
      const outputs = JSON.parse(out.stdout);
      banner("stack outputs");
      say(OUTPUTS_BEGIN);
      say(JSON.stringify(outputs, null, 2));
      say(OUTPUTS_END);
      banner("summary");
      say(summarize(outputs));
      say(`\nemulator: ${emulator.taskCount(jobId)} modification task(s) started for job ${jobId}`);
      exitCode = 0;
    } else {
      banner(`pulumi up FAILED (exit ${up.code})`);
      // The resource's error as the engine printed it (the provider's message names failed items and tables).
      for (const l of resourceDiagnostics(up.output)) say(`  ${l}`);
      // A partial failure keeps the resource (and its TaskId) in state: show what was saved.
      const exp = await pulumi(["stack", "export"]);
      if (exp.code === 0) {
        const resources = JSON.parse(exp.stdout).deployment?.resources || [];
        const mod = resources.find((r) => /SynchronizationObjectModification/.test(r.type || ""));
        if (mod) {
          banner("saved in state with its TaskId (partial failure)");
          say(summarize({ ...(mod.outputs || {}), taskId: mod.outputs?.taskId ?? mod.id }));
          if (mod.initErrors?.length) say(`init errors recorded: ${mod.initErrors.length}`);
        } else {
          say("\nno resource was saved in state");
        }
      }
      say(`\nemulator: ${emulator.taskCount(jobId)} modification task(s) started for job ${jobId}`);
      exitCode = 1;
    }
    if (opts.keep) {
      banner("kept: use this backend with");
      say(`  export PATH=${bin}:$PATH PULUMI_HOME=${env.PULUMI_HOME} PULUMI_BACKEND_URL=${env.PULUMI_BACKEND_URL} PULUMI_CONFIG_PASSPHRASE=demo-passphrase`);
      say(`  cd ${opts.program} && pulumi stack output --stack ${stack}`);
      say("  (the emulator is stopped: refresh/up against it will fail until you start one on the same port)");
    }
  } finally {
    await emulator.stop();
    if (!opts.keep) {
      fs.rmSync(stackFile, { force: true });
      fs.rmSync(workDir, { recursive: true, force: true });
    }
    say(`\nemulator stopped; demo ${exitCode === 0 ? "succeeded" : "ended with a failure"} (exit ${exitCode})`);
  }
  return exitCode;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`demo: ${e?.stack ? e.stack : e}\n`);
      process.exit(1);
    },
  );
}

module.exports = { OUTPUTS_BEGIN, OUTPUTS_END, summarize };
