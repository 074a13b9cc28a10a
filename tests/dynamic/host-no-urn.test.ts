/**
 * Why the dynamic resource cannot show a status on its own row: the real dynamic-provider host
 * (`@pulumi/pulumi/cmd/dynamic-provider`) gets the engine's address (its first argument, so the Log service is
 * reachable), but it calls the provider's `create`/`update` with the inputs only: the URN of the Create/Update
 * request never reaches provider code, and an ephemeral log line without a URN lands on the stack's row. A probe
 * provider records what it is given. If a later SDK passes the URN, this test fails: then the dynamic face can
 * get the native plugin's status line (provider/native/main.ts).
 */
import { createProgramDir, DynamicProviderHost, urnFor, type ProgramDir } from "../support/provider-client";

let program: ProgramDir;
let host: DynamicProviderHost;

/** A provider (as the host deserializes one) that returns what it was called with. */
const PROBE = `exports.handler = () => ({
  create: async (...args) => ({ id: "probe", outs: { argc: args.length, seen: JSON.stringify(args), argv: JSON.stringify(process.argv.slice(2)) } }),
  update: async (...args) => ({ outs: { argc: args.length, seen: JSON.stringify(args) } }),
});`;

beforeAll(async () => {
  program = await createProgramDir("dts-objects-no-urn-");
  host = await DynamicProviderHost.start({ cwd: program.dir });
  await host.configure({});
}, 120_000);

afterAll(async () => {
  await host?.stop();
  await program?.cleanup();
});

test("the host has the engine address but gives create and update no URN", async () => {
  const urn = urnFor("probe-1");
  const created = await host.create(urn, { a: 1, __provider: PROBE });
  // The engine's address is the host's first argument (the harness passes one, as the engine does).
  expect(JSON.parse(created.properties.argv)).toEqual(["127.0.0.1:0"]);
  expect(created.properties.argc).toBe(1);
  expect(created.properties.seen).not.toContain("urn:pulumi");
  expect(created.properties.seen).not.toContain("probe-1");
  const updated = await host.update("probe", urn, { a: 1, __provider: PROBE }, { a: 2, __provider: PROBE });
  // update(id, olds, news): three arguments, none of them the URN.
  expect(updated.properties.argc).toBe(3);
  expect(updated.properties.seen).not.toContain("urn:pulumi");
});
