/**
 * 1 000 modifications and waits through the SDK against an emulator (ClientToken de-duplication off: the default,
 * as the API documents none) that injects seeded transport faults on every action: throttling (400
 * Throttling.User, 429 Throttling.Api), 503 HTML pages (before the action runs, and after it ran), connection resets
 * (before, and after it ran: the reply is lost), responses slower than the client's timeout (before the action
 * runs, and after it ran), latency jitter.
 *
 * Each modification goes through `ensureModification` (the job state decides; an ambiguous Modify goes back to the
 * job state, never to a blind retry). Each must end with the verdict its scenario implies; every job that asked for
 * a change has exactly one task, and every job whose objects were already in place (one in ten) has none; no promise
 * rejection may go unhandled. The retry counters are printed and must show that faults really happened.
 *
 * Time: the emulator runs 200x faster and the waiter and the client's retry backoff use a clock and sleep scaled
 * the same way, so a 60 s emulated wait takes 0.3 s. Only the client's per-request timeout (2 s, generous so a
 * loaded machine adds few timeouts of its own) and the slow fault (5 s) are real time. Budgets are generous in
 * emulated time (a day) so a starved CPU cannot turn a finishing task into a timeout; held tasks get 90 s.
 */
import { startEmulator, type EmulatorHandle, type ScenarioConfig } from "../../emulator";
import {
  DtsClient,
  checkModifyStatus,
  ensureModification,
  failedTablesFromReport,
  isDtsJobStateError,
  jobToModifyStatus,
  waitForObjectModification,
  type DtsError,
  type EnsureOutcome,
  type JobPhasesSnapshot,
  type RetryInfo,
  type SynchronizationDatabase,
  type WaiterResult,
} from "../../sdk";
import { mapLimit, prng, scaledTime, watchUnhandledRejections } from "../support/faults";

const WAITS = 1000;
const CONCURRENCY = 20;
const TIME_SCALE = 200;
const SEED = 20240611;
const TABLES = ["orders", "customer", "payments"];
const OBJECTS: SynchronizationDatabase[] = [{ dbName: "faultdb", tableIncludes: TABLES.map((tableName) => ({ tableName })) }];
/** One job in ten already syncs exactly OBJECTS: no task may start for it. */
const inPlace = (i: number): boolean => i % 10 === 5;

type Kind = "success" | "precheck-failure" | "structure-failure" | "failed-tables" | "failed-tables-phase-failed" | "never-finishes";

interface Expected {
  state: WaiterResult["state"];
  failedPhase?: WaiterResult["failedPhase"];
}

const EXPECTED: Record<Kind, Expected> = {
  success: { state: "success" },
  "precheck-failure": { state: "failure", failedPhase: "precheck" },
  "structure-failure": { state: "failure", failedPhase: "structureInitialization" },
  "failed-tables": { state: "success" },
  "failed-tables-phase-failed": { state: "failure", failedPhase: "dataInitialization" },
  "never-finishes": { state: "timeout" },
};

/** Scenario mix by index (deterministic): 40 % success, 15 % each failure kind, 5 % data phase Failed, 10 % held. */
function kindOf(i: number): Kind {
  const r = i % 20;
  if (r < 8) return "success";
  if (r < 11) return "precheck-failure";
  if (r < 14) return "structure-failure";
  if (r < 17) return "failed-tables";
  if (r < 18) return "failed-tables-phase-failed";
  return "never-finishes";
}

function scenarioFor(kind: Kind, rand: () => number): ScenarioConfig {
  const scale = 0.5 + rand() * 4.5; // data initialization of ~5..50 emulated seconds
  const base: ScenarioConfig = {
    durations: { precheckItemMs: 500, structureTableMs: 300, dataTableOverheadMs: 500, dataRowsPerSecond: 50_000, dataParallelism: 4 },
    rows: { tables: { orders: Math.round(200_000 * scale), customer: Math.round(500_000 * scale), payments: Math.round(100_000 * scale) } },
  };
  switch (kind) {
    case "failed-tables":
      return { ...base, name: "failed-tables", failedTables: { tables: ["payments"], phaseStatus: "Finished" } };
    case "failed-tables-phase-failed":
      return { ...base, name: "failed-tables", failedTables: { tables: ["orders"], phaseStatus: "Failed" } };
    default:
      return { ...base, name: kind };
  }
}

interface Outcome {
  index: number;
  kind: Kind;
  jobId: string;
  /** Absent when no task was started (in place), or the task is unknown (taken from the job state after an ambiguous call). */
  taskId?: string;
  decision: EnsureOutcome["kind"];
  /** ensureModification calls (a call that could not read the job state is made again, as a resume would). */
  modifyAttempts: number;
  result: Pick<WaiterResult, "state" | "failedPhase" | "failedItems" | "failedTables" | "reportError" | "observedErrors" | "reason">;
}

const FAULTS = {
  seed: SEED,
  throttle: 0.04,
  throttle429: 0.02,
  unavailable: 0.03,
  reset: 0.02,
  resetAfter: 0.02,
  slow: 0.02,
  unavailableAfter: 0.02,
  slowAfter: 0.02,
  slowMs: 5000,
  latencyJitterMs: 15,
};

let emu: EmulatorHandle;
const unhandled = watchUnhandledRejections();

beforeAll(async () => {
  emu = await startEmulator({ timeScale: TIME_SCALE, seed: SEED });
});

afterAll(async () => {
  unhandled.stop();
  await emu?.stop();
});

test(`${WAITS} waits under random injected faults: correct verdicts, one task each, no unhandled rejection`, async () => {
  const rand = prng(SEED);
  const jobs = Array.from({ length: WAITS }, (_, i) => {
    const kind = kindOf(i);
    const objects = inPlace(i) ? { objects: JSON.stringify([{ DBName: "faultdb", TableIncludes: TABLES.map((TableName) => ({ TableName })) }]) } : {};
    return { index: i, kind, jobId: emu.createJob({ name: `fault-${i}`, scenario: scenarioFor(kind, rand), ...objects }) };
  });

  const time = scaledTime(TIME_SCALE);
  const retriesByCode: Record<string, number> = {};
  const onRetry = (info: RetryInfo): void => {
    retriesByCode[info.error.code] = (retriesByCode[info.error.code] ?? 0) + 1;
  };
  const client = new DtsClient({
    endpoint: emu.url,
    credentials: { accessKeyId: emu.accessKeyId, accessKeySecret: emu.accessKeySecret },
    credentialsChain: false,
    timeoutMs: 2000,
    clock: time.clock,
    sleep: time.sleep,
    random: prng(SEED + 1),
    onRetry,
  });
  const modifyErrors: Record<string, number> = {};

  emu.setFaults(FAULTS);
  const outcomes = await mapLimit(jobs, CONCURRENCY, async (job): Promise<Outcome> => {
    // The job state decides. A call that ends without a decision (the job state could not be read after the SDK's
    // retries, or every Modify was ambiguous) is made again with what it learnt, as the provider's resume does.
    const maxWaitSeconds = job.kind === "never-finishes" ? 90 : 86_400;
    let decision: EnsureOutcome | undefined;
    let modifyAttempts = 0;
    let earlierAttempt = false;
    let before: JobPhasesSnapshot | undefined;
    while (!decision) {
      modifyAttempts++;
      try {
        decision = await ensureModification(client, {
          synchronizationJobId: job.jobId,
          synchronizationObjects: OBJECTS,
          clientToken: `fault-wait-${job.index}`,
          earlierAttempt,
          ...(before ? { before } : {}),
          deadlineMs: time.clock.now() + maxWaitSeconds * 1000,
          clock: time.clock,
          sleep: time.sleep,
          random: prng(SEED + 50 + job.index),
          onEvent: (e) => {
            if (e.kind === "ambiguous") modifyErrors.DtsAmbiguousModifyError = (modifyErrors.DtsAmbiguousModifyError ?? 0) + 1;
          },
        });
      } catch (error) {
        const e = error as DtsError;
        const code = e.name === "DtsAmbiguousModifyError" || isDtsJobStateError(e) ? e.name : e.code;
        modifyErrors[code] = (modifyErrors[code] ?? 0) + 1;
        if (isDtsJobStateError(e)) {
          earlierAttempt ||= e.afterAmbiguous;
          before = e.before ?? before;
        } else if (e.name === "DtsAmbiguousModifyError") {
          earlierAttempt = true;
        } else if (!e.retryable) {
          throw error;
        }
        if (modifyAttempts >= 20) throw error;
        // A short real pause: re-sending at once would add load exactly when the emulator is slow to answer.
        await new Promise((resolve) => setTimeout(resolve, 10 * modifyAttempts));
      }
    }
    if (decision.kind === "started") {
      const result = await waitForObjectModification(client, decision.taskId, {
        maxWaitSeconds,
        synchronizationJobId: job.jobId,
        clock: time.clock,
        sleep: time.sleep,
        random: prng(SEED + 100 + job.index),
      });
      return { ...job, taskId: decision.taskId, decision: decision.kind, modifyAttempts, result };
    }
    if (decision.kind === "stillModifying") {
      return {
        ...job,
        decision: decision.kind,
        modifyAttempts,
        result: { state: "timeout", reason: decision.reason, failedItems: [], failedTables: [], observedErrors: {} },
      };
    }
    // No task: the job's phases (and tables) are the outcome.
    const verdict = checkModifyStatus(jobToModifyStatus(decision.job));
    let failedTables: WaiterResult["failedTables"] = [];
    let reportError: string | undefined;
    try {
      failedTables = failedTablesFromReport(await client.listInitializationDetails(job.jobId));
    } catch (error) {
      reportError = (error as Error).message;
    }
    const state = verdict.state === "retry" ? "timeout" : verdict.state;
    return {
      ...job,
      decision: decision.kind,
      modifyAttempts,
      result: {
        state,
        reason: verdict.reason,
        ...(verdict.failedPhase ? { failedPhase: verdict.failedPhase } : {}),
        failedItems: verdict.failedItems,
        failedTables,
        reportError,
        observedErrors: {},
      },
    };
  });
  const faultsSeen = emu.stats();
  emu.setFaults({});

  // Verdicts.
  // A job whose objects were in place reports the job's initial (finished) phases: success, whatever its scenario.
  const expectedOf = (o: Outcome): Expected => (inPlace(o.index) ? { state: "success" } : EXPECTED[o.kind]);
  const wrong = outcomes.filter((o) => o.result.state !== expectedOf(o).state || o.result.failedPhase !== expectedOf(o).failedPhase);
  expect(wrong.map((o) => `#${o.index} ${o.kind}: ${o.result.state} ${o.result.failedPhase ?? ""} ${o.result.reason}`)).toEqual([]);
  for (const o of outcomes.filter((x) => x.kind === "precheck-failure" && !inPlace(x.index))) {
    expect(o.result.failedItems.map((i) => i.itemName)).toEqual(["CHECK_AUTH_DEST"]);
  }
  // Failed tables are listed (all pages) unless the listing itself ran out of retries, which is then reported.
  const listed = outcomes.filter((o) => o.kind === "failed-tables" && !inPlace(o.index));
  const unlisted = listed.filter((o) => o.result.failedTables.length === 0);
  for (const o of unlisted) expect(o.result.reportError).toEqual(expect.any(String));
  for (const o of listed.filter((x) => x.result.failedTables.length > 0)) {
    expect(o.result.failedTables.map((t) => t.table)).toEqual(["payments"]);
  }
  expect(unlisted.length).toBeLessThan(listed.length / 4);

  // No second modification: exactly one task per job that asked for one (the one waited for, when known), none
  // where the change was already in place.
  const asking = outcomes.filter((o) => !inPlace(o.index));
  expect(emu.taskCount()).toBe(asking.length);
  const tasksOf = (o: Outcome): number => emu.taskCount(o.jobId);
  expect(outcomes.filter((o) => inPlace(o.index) && tasksOf(o) !== 0).map((o) => `#${o.index}: ${tasksOf(o)} tasks`)).toEqual([]);
  expect(outcomes.filter((o) => inPlace(o.index) && o.decision !== "inPlace").map((o) => `#${o.index}: ${o.decision}`)).toEqual([]);
  expect(asking.filter((o) => tasksOf(o) !== 1).map((o) => `#${o.index} ${o.kind} ${o.decision}: ${tasksOf(o)} tasks`)).toEqual([]);
  for (const o of asking.filter((x) => x.taskId)) expect(emu.state.job(o.jobId).taskIds).toEqual([o.taskId]);
  expect(faultsSeen.byOutcome["OperationDenied.JobStatusModifying"] ?? 0).toBe(0);
  expect(faultsSeen.byOutcome.IdempotentParameterMismatch ?? 0).toBe(0);

  // No promise rejection went unhandled.
  await new Promise((resolve) => setImmediate(resolve));
  expect(unhandled.seen).toEqual([]);

  // Counters: faults really happened and were retried.
  const observed: Record<string, number> = {};
  for (const o of outcomes) for (const [code, n] of Object.entries(o.result.observedErrors)) observed[code] = (observed[code] ?? 0) + n;
  const states: Record<string, number> = {};
  for (const o of outcomes) states[o.result.state] = (states[o.result.state] ?? 0) + 1;
  const report = {
    waits: WAITS,
    verdicts: states,
    emulatorRequests: faultsSeen.requests,
    emulatorFaults: faultsSeen.faults,
    clientCalls: client.stats.calls,
    clientRetries: client.stats.retries,
    clientCallsByAction: client.stats.byAction,
    retriesByCode,
    modifyErrors,
    decisions: outcomes.reduce<Record<string, number>>((acc, o) => {
      acc[o.decision] = (acc[o.decision] ?? 0) + 1;
      return acc;
    }, {}),
    ensureCallsRepeated: outcomes.filter((o) => o.modifyAttempts > 1).length,
    waiterObservedErrors: observed,
    failedTableListingsLost: unlisted.length,
    tasksStarted: emu.taskCount(),
  };
  console.log(`fault-injection counters:\n${JSON.stringify(report, null, 2)}`);

  expect(client.stats.retries).toBeGreaterThan(0);
  for (const kind of ["throttle", "throttle429", "unavailable", "reset", "resetAfter", "slow", "unavailableAfter", "slowAfter"] as const) {
    expect(faultsSeen.faults[kind]).toBeGreaterThan(0);
  }
  for (const code of ["Throttling.User", "Throttling.Api", "ECONNRESET", "RequestTimeout"]) expect(retriesByCode[code]).toBeGreaterThan(0);
  expect(Object.keys(retriesByCode).some((c) => c === "InvalidResponse" || c === "Http503" || c === "ServiceUnavailable")).toBe(true);
  expect(modifyErrors.DtsAmbiguousModifyError).toBeGreaterThan(0);
}, 240_000);
