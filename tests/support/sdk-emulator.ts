/**
 * The set-up of the SDK tests that run against the emulator in virtual time: one emulator per file on a manual
 * clock, and a DtsClient over real HTTP whose sleeps advance that clock instead of sleeping. Started in beforeAll (an
 * emulator that does not start fails the file), faults cleared after each test, stopped in afterAll.
 */
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from "../../emulator";
import { DtsClient, type DtsClientOptions, type Sleep } from "../../sdk";
import { ManualClock } from "./emulator";

export interface SdkEmulator {
  emu: EmulatorHandle;
  client: DtsClient;
  /** The emulator's and the client's clock. */
  clock: ManualClock;
  /** Advances `clock` by the time asked, at once. */
  sleep: Sleep;
}

export function useSdkEmulator(options: { emulator: EmulatorOptions; client?: Partial<DtsClientOptions> }): SdkEmulator {
  const clock = new ManualClock();
  const sleep: Sleep = async (ms) => {
    clock.advance(ms);
  };
  const fx = { clock, sleep } as SdkEmulator;
  beforeAll(async () => {
    fx.emu = await startEmulator({ port: 0, clock, ...options.emulator });
    fx.client = new DtsClient({
      endpoint: fx.emu.url,
      credentials: { accessKeyId: fx.emu.accessKeyId, accessKeySecret: fx.emu.accessKeySecret },
      credentialsChain: false,
      clock,
      sleep,
      random: () => 0.5,
      timeoutMs: 2000,
      ...options.client,
    });
  });
  afterEach(() => fx.emu.setFaults({}));
  afterAll(() => fx.emu?.stop());
  return fx;
}
