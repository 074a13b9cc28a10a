/**
 * Names from the API reach Pulumi's terminal escaped: a table name holding ESC sequences shows as `\e...` in the
 * provider's log lines and in the partial-failure message (checked byte for byte), while the outputs keep it exact.
 */
jest.mock("pulumi-dts-objects", () => jest.requireActual("../../provider"), { virtual: true });

import { startEmulator, type EmulatorHandle } from "../../emulator";
import { __providerImpl, ModificationIncompleteError, SynchronizationObjectModificationProvider } from "../../provider";
import { configuredProvider, emulatorConfig, inputsFor, rejection, TIME_SCALE } from "../support/provider";

let emu: EmulatorHandle;
let provider: SynchronizationObjectModificationProvider;
const lines: string[] = [];

beforeAll(async () => {
  emu = await startEmulator({ timeScale: TIME_SCALE, seed: 3 });
  provider = await configuredProvider(SynchronizationObjectModificationProvider, emulatorConfig(emu));
  __providerImpl.setHooks({ log: (l) => lines.push(l) });
});
afterAll(async () => {
  __providerImpl.setHooks({});
  await emu?.stop();
});

test("a failed table named with ESC sequences: escaped in the message and the log, exact in the outputs", async () => {
  const evil = "t\u001b]0;owned\u0007\u001b[2J";
  const { inputs } = inputsFor(emu, { scenario: { name: "failed-tables", failedTables: { tables: [evil] } }, tables: [evil, "customer"] });
  const e = await rejection(provider.create(inputs));
  expect(e).toBeInstanceOf(ModificationIncompleteError);
  expect(Buffer.from(e.message).includes(0x1b)).toBe(false);
  expect(Buffer.from(e.message).includes(0x07)).toBe(false);
  expect(e.message).toContain("\n  dtstestdata.t\\e]0;owned\\x07\\e[2J -> dtstestdata (data initialization): ");
  expect(e.properties.failedTables.map((t: { table: string }) => t.table)).toEqual([evil]);
  for (const line of lines) expect(/[\u0000-\u001f\u007f]/.test(line)).toBe(false);
});
