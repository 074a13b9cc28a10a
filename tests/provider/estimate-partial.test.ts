/**
 * The partial state a deadline leaves carries `estimatedFinishAt` (the provider methods in-process, through the
 * package-name shims, against the emulator over HTTP): a data initialization of about 15 s real time, cut by a
 * 6 s deadline in its middle.
 */
jest.mock("pulumi-dts-objects", () => jest.requireActual("../../provider"), { virtual: true });

import { ModificationIncompleteError, SynchronizationObjectModificationProvider } from "../../provider";
import { FAST_WAIT, inputsFor, rejection } from "../support/provider";
import { useProviderFixture } from "../support/provider-fixture";

const fx = useProviderFixture({ emulator: { timeScale: 200, seed: 7 }, Provider: SynchronizationObjectModificationProvider });

test("a deadline in the middle of data initialization saves estimatedFinishAt (later than now), no finishedAt", async () => {
  // Three tables of 2 M rows at 1 000 rows/s, 4 in parallel: 2 000 emulated s of data initialization, 10 s here.
  const { inputs } = inputsFor(fx.emu, {
    scenario: { name: "success", durations: { dataRowsPerSecond: 1000 }, rows: { min: 2_000_000, max: 2_000_000 } },
    extra: { wait: { ...FAST_WAIT, timeoutMinutes: 0.1 } },
  });
  const startedAt = Date.now();
  const e = await rejection(fx.provider.create(inputs));
  expect(e).toBeInstanceOf(ModificationIncompleteError);
  const props = e.properties as Record<string, any>;
  expect(props.dataInitialization.status).toBe("Migrating");
  expect(props).not.toHaveProperty("finishedAt");
  const finish = Date.parse(props.estimatedFinishAt);
  expect(finish).toBeGreaterThan(Date.now() - 1000);
  // The true end is about 10 s after the data phase began (~0.2 s after the start): within a few seconds of it.
  expect(Math.abs(finish - (startedAt + 10_000))).toBeLessThan(4000);
});
