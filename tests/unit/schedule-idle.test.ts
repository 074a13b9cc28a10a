/** Idle sleeps on long waits (`maxIdleDelaySeconds`): the rule, the waiter, and the option on every face. */
import { checkDelays, WaitOptions } from "../../cli/options";
import { checkInputs } from "../../provider/synchronization-object-modification/inputs";
import { IDLE_FRACTION, IDLE_MIN_REMAINING_SECONDS, nextDelaySeconds, type PollRecord } from "../../sdk/waiting/schedule";
import type { SynchronizationObjectModifyStatus } from "../../sdk/types";
import { validateWaiterOptions, waitForObjectModification, type WaiterClient } from "../../sdk/waiting/sync-job-waiter";
import { DONE, status } from "./helpers/status";

const H = 3_600_000;
function data(percent: number): SynchronizationObjectModifyStatus {
  const s = status({ precheck: "Finished", structure: "Finished", data: "Migrating" });
  return { ...s, dataInitialization: { ...s.dataInitialization, percent } };
}
const notStarted = (): SynchronizationObjectModifyStatus => status({ precheck: "Finished", structure: "Finished", data: "NotStarted" });
const base = { minDelaySeconds: 2, maxDelaySeconds: 30, random: () => 0.5, attempt: 50 };

describe("idle sleeps (the rule)", () => {
  // 10 % per hour: NotStarted at 0, 10 % at 1 h, 20 % at 2 h. Rate >= (20 - -1 - 1) / 2 h = 10 %/h.
  const steady: PollRecord[] = [
    { timeMs: 0, status: notStarted() },
    { timeMs: 1 * H, status: data(10) },
    { timeMs: 2 * H, status: data(20) },
  ];

  it("sleeps min(cap, 10 % of the time to the earliest end) while that end is hours away", () => {
    // Earliest end: 2 h + (99 - 20) / 10 %/h = 9.9 h -> 7.9 h away -> 10 % = 2 844 s, capped.
    expect(nextDelaySeconds({ ...base, history: steady, maxIdleDelaySeconds: 600 })).toMatchObject({ delaySeconds: 600, source: "idle" });
    expect(nextDelaySeconds({ ...base, history: steady, maxIdleDelaySeconds: 3600 }).delaySeconds).toBeCloseTo(IDLE_FRACTION * 7.9 * 3600, 6);
  });

  it("is off when the cap is maxDelaySeconds, or progressAware is false", () => {
    expect(nextDelaySeconds({ ...base, history: steady, maxIdleDelaySeconds: 30 })).toMatchObject({ delaySeconds: 30, source: "backoff" });
    expect(nextDelaySeconds({ ...base, history: steady, progressAware: false })).toMatchObject({ delaySeconds: 30, source: "backoff" });
  });

  it("comes back to the backoff as the end nears (under 30 min to the earliest end)", () => {
    // 95 % at 9.5 h: earliest end = 9.5 h + 4 / 10 h = 9.9 h -> 24 min away.
    const near = [...steady, { timeMs: 9.5 * H, status: data(95) }];
    expect(IDLE_MIN_REMAINING_SECONDS).toBe(1800);
    expect(nextDelaySeconds({ ...base, history: near }).source).toBe("backoff");
  });

  it("comes back to the backoff when progress stalls: no rise for twice the pace of the last two rises", () => {
    // Pace 1 h per 10 % = 6 min per percent; a reply at 2.19 h (11.4 min without a rise) still idles, at 2.25 h (15 min) not.
    expect(nextDelaySeconds({ ...base, history: [...steady, { timeMs: 2.19 * H, status: data(20) }] }).source).toBe("idle");
    expect(nextDelaySeconds({ ...base, history: [...steady, { timeMs: 2.25 * H, status: data(20) }] }).source).toBe("backoff");
  });

  it("comes back to the backoff when progress runs back, a poll fails, or before the percent rose twice", () => {
    expect(nextDelaySeconds({ ...base, history: [...steady, { timeMs: 2.1 * H, status: data(5) }] }).source).toBe("backoff");
    expect(nextDelaySeconds({ ...base, history: [...steady, { timeMs: 2.1 * H }] }).source).toBe("backoff");
    expect(nextDelaySeconds({ ...base, history: steady.slice(0, 2) }).source).not.toBe("idle");
  });
});

describe("the waiter with idle sleeps", () => {
  /** A linear 30-hour data initialization after a 10-minute precheck, on a fake clock. */
  async function run(options: { maxIdleDelaySeconds?: number; progressAware?: boolean }) {
    let now = 0;
    const sleeps: number[] = [];
    const dataStart = 600_000;
    const end = dataStart + 30 * H;
    const client: WaiterClient = {
      describeSynchronizationObjectModifyStatus: async () => {
        if (now < dataStart) return status({ precheck: "Migrating" });
        if (now >= end) return status(DONE);
        return data(Math.min(99, Math.floor((100 * (now - dataStart)) / (end - dataStart))));
      },
    };
    const result = await waitForObjectModification(client, "t", {
      maxWaitSeconds: 40 * 3600,
      clock: { now: () => now },
      sleep: async (ms) => {
        sleeps.push(ms);
        now += ms;
      },
      random: () => 0.5,
      ...options,
    });
    return { result, sleeps, lagS: (now - end) / 1000 };
  }

  it("default: sleeps up to 600 s while the end is far, ~1/10 of the polls of the plain backoff, and still sees the end within the backoff", async () => {
    const idle = await run({});
    const plain = await run({ progressAware: false });
    expect(idle.result.state).toBe("success");
    expect(Math.max(...idle.sleeps)).toBe(600_000);
    expect(idle.result.polls).toBeLessThan(plain.result.polls / 8);
    expect(idle.lagS).toBeGreaterThanOrEqual(0);
    expect(idle.lagS).toBeLessThanOrEqual(30);
  });

  it("maxIdleDelaySeconds caps the sleep; equal to maxDelaySeconds turns it off", async () => {
    const capped = await run({ maxIdleDelaySeconds: 120 });
    expect(Math.max(...capped.sleeps)).toBe(120_000);
    const off = await run({ maxIdleDelaySeconds: 30 });
    expect(Math.max(...off.sleeps)).toBe(30_000);
  });
});

describe("maxIdleDelaySeconds on every face", () => {
  it("SDK: defaults to 600 s (or maxDelaySeconds when larger); below maxDelaySeconds is an error naming both", () => {
    expect(validateWaiterOptions({ maxWaitSeconds: 60 }).maxIdleDelaySeconds).toBe(600);
    expect(validateWaiterOptions({ maxWaitSeconds: 60, maxDelaySeconds: 900 }).maxIdleDelaySeconds).toBe(900);
    expect(() => validateWaiterOptions({ maxWaitSeconds: 60, maxIdleDelaySeconds: 10 })).toThrow(
      /maxIdleDelaySeconds.*below maxDelaySeconds \(30, the default\)/,
    );
    expect(() => validateWaiterOptions({ maxWaitSeconds: 60, maxIdleDelaySeconds: 0 })).toThrow(/maxIdleDelaySeconds/);
  });

  it("provider: wait.maxIdleDelaySeconds is checked (number, <= 3600, >= maxDelaySeconds) and kept", () => {
    const inputs = { synchronizationJobId: "dtsjob", synchronizationObjects: '[{"DBName":"db"}]' };
    expect(checkInputs(undefined, { ...inputs, wait: { maxIdleDelaySeconds: 900 } })).toMatchObject({
      failures: [],
      inputs: { wait: { maxIdleDelaySeconds: 900 } },
    });
    expect(checkInputs(undefined, { ...inputs, wait: { maxIdleDelaySeconds: 20 } }).failures).toEqual([
      { property: "wait.maxIdleDelaySeconds", reason: expect.stringMatching(/below maxDelaySeconds \(30, the default\)/) },
    ]);
    expect(checkInputs(undefined, { ...inputs, wait: { maxIdleDelaySeconds: 7200 } }).failures[0]).toMatchObject({ property: "wait.maxIdleDelaySeconds" });
    expect(checkInputs(undefined, { ...inputs, wait: { maxIdleDelaySeconds: "10m" } }).failures[0]).toMatchObject({ property: "wait.maxIdleDelaySeconds" });
  });

  it("CLI: --max-idle-delay parses as seconds, absent means the waiter's default, below --max-delay is a usage error", () => {
    expect(WaitOptions.parse({ maxIdleDelay: "900" }).maxIdleDelay).toBe(900);
    expect(WaitOptions.parse({}).maxIdleDelay).toBeUndefined();
    expect(() => checkDelays({ minDelay: 2, maxDelay: 30, maxIdleDelay: 10 })).toThrow(/--max-idle-delay <seconds>: 10 is less than --max-delay \(30\)/);
    expect(() => checkDelays({ minDelay: 2, maxDelay: 30, maxIdleDelay: 30 })).not.toThrow();
  });
});
