/**
 * Names from the API reach Pulumi's terminal escaped: a table name holding ESC sequences shows as `\e...` in the
 * provider's log fx.lines and in the partial-failure message (checked byte for byte), while the outputs keep it exact.
 */
jest.mock("pulumi-dts-objects", () => jest.requireActual("../../provider"), { virtual: true });

import { ModificationIncompleteError, SynchronizationObjectModificationProvider } from "../../provider";
import { inputsFor, rejection } from "../support/provider";
import { useProviderFixture } from "../support/provider-fixture";

const fx = useProviderFixture({ emulator: { seed: 3 }, Provider: SynchronizationObjectModificationProvider });

test("a failed table named with ESC sequences: escaped in the message and the log, exact in the outputs", async () => {
  const evil = "t\u001b]0;owned\u0007\u001b[2J";
  const { inputs } = inputsFor(fx.emu, { scenario: { name: "failed-tables", failedTables: { tables: [evil] } }, tables: [evil, "customer"] });
  const e = await rejection(fx.provider.create(inputs));
  expect(e).toBeInstanceOf(ModificationIncompleteError);
  expect(Buffer.from(e.message).includes(0x1b)).toBe(false);
  expect(Buffer.from(e.message).includes(0x07)).toBe(false);
  expect(e.message).toContain("\n  dtstestdata.t\\e]0;owned\\x07\\e[2J -> dtstestdata (data initialization): ");
  expect(e.properties.failedTables.map((t: { table: string }) => t.table)).toEqual([evil]);
  for (const line of fx.lines) expect(/[\u0000-\u001f\u007f]/.test(line)).toBe(false);
});
