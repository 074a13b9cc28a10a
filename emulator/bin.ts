#!/usr/bin/env node
/**
 * `pulumi-dts-objects-emulator`: run the DTS emulator until SIGINT/SIGTERM.
 * Prints its URL, the demo access key pair and the demo job id; logs one line per request on stderr.
 */
import type { InitializationLifeInput } from "./initialization-life";
import { InitializationLifeSchema } from "./initialization-life-schema";
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { z } from "zod";
import { FaultConfigSchema, StsCredentialSchema } from "./input-schemas";
import type { StsCredential } from "./keys";
import { parseScenario, type ScenarioInput } from "./scenarios";
import { setDtsJobOptions, type DtsJobOptions } from "./dts-job-actions";
import { DEMO_JOB_ID, checkHost, exposureWarning, startEmulator, type EmulatorHandle, type EmulatorOptions } from "./server";

export const USAGE = `Usage: pulumi-dts-objects-emulator [options]

Local Alibaba Cloud DTS endpoint (RPC, version 2020-01-01) for synchronization-object modification tasks.

Options:
  --port <n>          port to listen on; 0 picks a free one (default 0)
  --host <addr>       interface (default 127.0.0.1); off loopback (e.g. 0.0.0.0) needs your own accessKeys in
                      --config (the demo key pair is refused there) and prints a warning
  --time-scale <x>    run task phases x times faster (default 1)
  --scenario <name>   success | precheck-failure | structure-failure | failed-tables | never-finishes (default success)
  --seed <n>          seed for row counts, failing tables, ids and faults (default 1)
  --state-file <f>    keep jobs and tasks in this JSON file across restarts (must be writable: checked at start)
  --config <f>        JSON file: {port, host, timeScale, scenario, seed, stateFile, faults, accessKeys,
                      stsTokens: [{accessKeyId, accessKeySecret, securityToken, expiration?}], jobs: [{jobId, name, scenario}]}
                      (flags win over the file)
  --sts-token <id:secret:token>
                      accept this STS key pair with this security token (repeatable; added to the file's stsTokens)
  --dts-job-parent-status <Modifying|synchronizing>
                      DtsJob API, a reading the documents leave open: what the job's Status reads while a
                      ModifyDtsJob change runs (default Modifying)
  --dts-job-finished-subtask <stays|disappears>
                      DtsJob API, the other open reading: whether a finished SubSyncJob stays in
                      DescribeDtsJobDetail's reply (default stays)
  --client-token-dedup  extension, off by default: ModifySynchronizationObject returns the earlier TaskId for a
                      ClientToken already used on the job (the API page documents no ClientToken for it)
  --initialization-job <json>
                      a new job in its first synchronization, both API families (repeatable), e.g.
                      '{"jobId":"dtsnew1","dataSeconds":600,"failure":"data"}'; keys: startAfterSeconds,
                      autoStart, precheckSeconds, structureSeconds, dataSeconds, tables, rowsPerTable,
                      migrationMode{structureInitialization,dataInitialization,dataSynchronization},
                      failure (precheck|structure|data|incremental|retry-exhausted), failedTables,
                      initialDelaySeconds, delayFallPerSecond, floorDelaySeconds, stall
  --json              print the startup information as one JSON line
  --quiet             do not log requests
  -h, --help          show this help

Exit codes: 0 stopped by SIGINT/SIGTERM, 1 failed to start (port in use, state file not writable),
2 usage error (bad flag or value, empty --host, demo key pair off loopback).
`;

const ConfigFileSchema = z.strictObject({
  port: z.number().int().min(0).max(65535).optional(),
  host: z.string().optional(),
  timeScale: z.number().positive().optional(),
  scenario: z.unknown().optional(),
  seed: z.number().int().optional(),
  stateFile: z.string().optional(),
  clientTokenDedup: z.boolean().optional(),
  faults: FaultConfigSchema.optional(),
  accessKeys: z.record(z.string(), z.string()).optional(),
  stsTokens: z.array(StsCredentialSchema).optional(),
  jobs: z
    .array(
      z.strictObject({ jobId: z.string().optional(), name: z.string().optional(), scenario: z.unknown().optional(), initialization: z.unknown().optional() }),
    )
    .optional(),
});

/** Where the CLI writes. */
export interface CliIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
}

class UsageError extends Error {}

function num(name: string, raw: string | undefined, check: (n: number) => boolean, what: string): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || !check(n)) throw new UsageError(`option --${name}: expected ${what}, got "${raw}"`);
  return n;
}

/** `--sts-token ID:SECRET:TOKEN` (the token may itself hold `:`). */
function parseStsFlag(raw: string): StsCredential {
  const first = raw.indexOf(":");
  const second = first < 0 ? -1 : raw.indexOf(":", first + 1);
  const parts = second < 0 ? [] : [raw.slice(0, first), raw.slice(first + 1, second), raw.slice(second + 1)];
  if (parts.length !== 3 || parts.some((p) => p === "")) {
    throw new UsageError(
      `option --sts-token: expected ACCESS_KEY_ID:ACCESS_KEY_SECRET:SECURITY_TOKEN, got ${parts.length === 3 ? "an empty part" : "fewer than three parts"}`,
    );
  }
  return { accessKeyId: parts[0]!, accessKeySecret: parts[1]!, securityToken: parts[2]! };
}

/** Runs `parse`, turning what it throws (node's parseArgs names the bad flag) into a UsageError. */
function orUsageError<T>(parse: () => T): T {
  try {
    return parse();
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
}

/** Parse the arguments into emulator options (throws UsageError naming the bad flag or value). */
export function parseCli(argv: string[]): {
  options: EmulatorOptions;
  json: boolean;
  help: boolean;
  jobs: Array<{ jobId?: string; name?: string; scenario?: ScenarioInput; initialization?: InitializationLifeInput }>;
  /** The DtsJob readings chosen with flags (unset ones keep the defaults). */
  dtsJob: Partial<DtsJobOptions>;
} {
  const parsed = orUsageError(() =>
    parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: "string" },
        host: { type: "string" },
        "time-scale": { type: "string" },
        scenario: { type: "string" },
        seed: { type: "string" },
        "state-file": { type: "string" },
        config: { type: "string" },
        "sts-token": { type: "string", multiple: true },
        "client-token-dedup": { type: "boolean" },
        "dts-job-parent-status": { type: "string" },
        "dts-job-finished-subtask": { type: "string" },
        "initialization-job": { type: "string", multiple: true },
        json: { type: "boolean" },
        quiet: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    }),
  );
  const v = parsed.values;
  let file: z.infer<typeof ConfigFileSchema> = {};
  if (v.config !== undefined) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(v.config, "utf8"));
    } catch (e) {
      throw new UsageError(`option --config: cannot read ${v.config}: ${(e as Error).message}`);
    }
    const r = ConfigFileSchema.safeParse(raw);
    if (!r.success) throw new UsageError(`option --config: ${v.config}: ${z.prettifyError(r.error)}`);
    file = r.data;
  }
  const scenarioRaw = v.scenario ?? file.scenario;
  let scenario: ScenarioInput | undefined;
  try {
    scenario = scenarioRaw === undefined ? undefined : (parseScenario(scenarioRaw) as ScenarioInput);
  } catch (e) {
    throw new UsageError(`option --scenario: ${(e as Error).message}`);
  }
  const life = (raw: unknown, where: string): InitializationLifeInput => {
    const r = InitializationLifeSchema.safeParse(raw);
    if (!r.success) throw new UsageError(`${where}: ${z.prettifyError(r.error)}`);
    return raw as InitializationLifeInput;
  };
  const jobs: ReturnType<typeof parseCli>["jobs"] = (file.jobs ?? []).map((j) => {
    try {
      return {
        jobId: j.jobId,
        name: j.name,
        scenario: j.scenario === undefined ? undefined : parseScenario(j.scenario),
        ...(j.initialization !== undefined ? { initialization: life(j.initialization, "option --config: jobs: initialization") } : {}),
      };
    } catch (e) {
      if (e instanceof UsageError) throw e;
      throw new UsageError(`option --config: jobs: ${(e as Error).message}`);
    }
  });
  // `--initialization-job '{"jobId":"dtsnew1","dataSeconds":600,"failure":"data"}'`: a new job in its first synchronization.
  for (const raw of v["initialization-job"] ?? []) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new UsageError(`option --initialization-job: expected a JSON object, got "${raw}"`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new UsageError("option --initialization-job: expected a JSON object");
    const { jobId, name, ...rest } = parsed as Record<string, unknown>;
    if (jobId !== undefined && (typeof jobId !== "string" || jobId === ""))
      throw new UsageError("option --initialization-job: jobId: expected a non-empty string");
    if (name !== undefined && (typeof name !== "string" || name === "")) throw new UsageError("option --initialization-job: name: expected a non-empty string");
    jobs.push({
      ...(jobId ? { jobId: jobId as string } : {}),
      ...(name ? { name: name as string } : {}),
      initialization: life(rest, "option --initialization-job"),
    });
  }
  const stsTokens: StsCredential[] = [...(file.stsTokens ?? []), ...(v["sts-token"] ?? []).map(parseStsFlag)];
  const quiet = v.quiet ?? false;
  const host = v.host ?? file.host ?? "127.0.0.1";
  try {
    checkHost(host, file.accessKeys);
  } catch (e) {
    throw new UsageError(`option --host${v.host === undefined ? " (host in --config)" : ""}: ${(e as Error).message}`);
  }
  const oneOf = <T extends string>(name: string, raw: string | undefined, allowed: readonly T[]): T | undefined => {
    if (raw === undefined) return undefined;
    if (!(allowed as readonly string[]).includes(raw)) throw new UsageError(`option --${name}: expected ${allowed.join(" or ")}, got "${raw}"`);
    return raw as T;
  };
  const parentStatus = oneOf("dts-job-parent-status", v["dts-job-parent-status"], ["Modifying", "synchronizing"] as const);
  const finishedSubSyncJob = oneOf("dts-job-finished-subtask", v["dts-job-finished-subtask"], ["stays", "disappears"] as const);
  return {
    help: v.help ?? false,
    json: v.json ?? false,
    jobs,
    dtsJob: { ...(parentStatus ? { parentStatus } : {}), ...(finishedSubSyncJob ? { finishedSubSyncJob } : {}) },
    options: {
      port: num("port", v.port, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, "an integer 0..65535") ?? file.port ?? 0,
      host,
      timeScale: num("time-scale", v["time-scale"], (n) => n > 0, "a positive number") ?? file.timeScale ?? 1,
      scenario,
      seed: num("seed", v.seed, Number.isInteger, "an integer") ?? file.seed ?? 1,
      stateFile: v["state-file"] ?? file.stateFile,
      clientTokenDedup: v["client-token-dedup"] ?? file.clientTokenDedup ?? false,
      faults: file.faults,
      accessKeys: file.accessKeys,
      stsTokens,
      log: quiet ? false : undefined,
    },
  };
}

/**
 * Run the CLI: returns the exit code for usage errors/help (2/0), or the running emulator.
 * `io.stderr` receives request log lines unless --quiet.
 */
export async function runCli(argv: string[], io: CliIo): Promise<{ code: number; handle?: EmulatorHandle }> {
  let cli: ReturnType<typeof parseCli>;
  try {
    cli = parseCli(argv);
  } catch (e) {
    if (e instanceof UsageError) {
      io.stderr(`error: ${e.message}\n\n${USAGE}`);
      return { code: 2 };
    }
    throw e;
  }
  if (cli.help) {
    io.stdout(USAGE);
    return { code: 0 };
  }
  const options: EmulatorOptions = { ...cli.options, log: cli.options.log === false ? false : (line) => io.stderr(`${line}\n`) };
  let handle: EmulatorHandle;
  try {
    handle = await startEmulator(options);
    setDtsJobOptions(handle.state, cli.dtsJob);
    for (const j of cli.jobs) if (!j.jobId || !handle.state.jobs.has(j.jobId)) handle.createJob(j);
    for (const j of cli.jobs) if (j.jobId && j.scenario) handle.setScenario(j.scenario, j.jobId);
  } catch (e) {
    io.stderr(`error: failed to start the emulator: ${(e as Error).message}\n`);
    return { code: 1 };
  }
  const warning = exposureWarning(handle.host);
  if (warning) io.stderr(`\n${warning}\n\n`);
  const info = {
    ...(warning ? { warning } : {}),
    url: handle.url,
    port: handle.port,
    accessKeyId: handle.accessKeyId,
    accessKeySecret: handle.accessKeySecret,
    demoJobId: DEMO_JOB_ID,
    timeScale: options.timeScale ?? 1,
    seed: options.seed ?? 1,
    scenario: handle.state.scenario.name ?? "success",
  };
  if (cli.json) io.stdout(`${JSON.stringify(info)}\n`);
  else
    io.stdout(
      [
        `DTS emulator listening on ${info.url}`,
        `  AccessKeyId:     ${info.accessKeyId}`,
        `  AccessKeySecret: ${info.accessKeySecret}   (demo key pair, not a real credential)`,
        `  Demo job:        ${info.demoJobId}`,
        `  Time scale ${info.timeScale}, scenario ${info.scenario}, seed ${info.seed}`,
        `  Control API:     ${info.url}/_emulator/state`,
        `Press Ctrl+C to stop.`,
        "",
      ].join("\n"),
    );
  return { code: 0, handle };
}

if (require.main === module) {
  void runCli(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
  }).then(({ code, handle }) => {
    if (!handle) {
      process.exitCode = code;
      return;
    }
    const shutdown = () => {
      void handle.stop().then(() => {
        process.exitCode = 0;
      });
    };
    process.once("SIGINT", shutdown);
    process.once("SIGTERM", shutdown);
  });
}
