/**
 * Guard of provider/native/request-hook.ts: fails loudly when @pulumi/pulumi changes the pieces it wraps (request
 * classes with getTimeout, the server's four handlers), and when the SDK starts reading the timeout itself (then
 * the hook should give way to it). The engine test is tests/native/interrupt.test.ts (customTimeouts: 20s).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { operationTimeoutSeconds, waitBound } from "../../provider/shared/operation";
import { TIMED_HANDLERS, assertRequestShape, timeoutOf, wrapOperationHandlers } from "../../provider/native/request-hook";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

test("the SDK's request classes carry getTimeout, and its provider server still drops it (so the hook is needed)", () => {
  expect(() => assertRequestShape()).not.toThrow();
  const server = fs.readFileSync(path.join(pulumiDir, "provider", "server.js"), "utf8");
  for (const op of TIMED_HANDLERS) expect(server).toMatch(new RegExp(`async ${op}\\(call, callback\\)`));
  // When this fails, the SDK hands the timeout over: use its API instead of request-hook.ts.
  expect(server).not.toMatch(/getTimeout/);
  // When this fails, the SDK's read no longer crashes on an import's Read: the property fix may go.
  expect(server).toMatch(/const props = req\.getProperties\(\)\.toJavaScript\(\);/);
});

test("a request class without getTimeout is refused loudly", () => {
  const proto = require(path.join(pulumiDir, "proto", "provider_pb"));
  expect(() => assertRequestShape({ ...proto, UpdateRequest: class {} })).toThrow(/UpdateRequest has no getTimeout.*request-hook\.ts/);
});

test("each wrapped handler runs with the request's timeout; a Read without properties gets an empty map", async () => {
  const proto = require(path.join(pulumiDir, "proto", "provider_pb"));
  const seen: Record<string, unknown> = {};
  const impl: Record<string, unknown> = {};
  for (const op of TIMED_HANDLERS) {
    impl[op] = (call: any) => {
      seen[op] = operationTimeoutSeconds();
      if (op === "read") seen.props = call.request.getProperties().toJavaScript();
    };
  }
  wrapOperationHandlers(impl);
  const create = new proto.CreateRequest();
  create.setTimeout(20);
  (impl.create as any)({ request: create }, () => {});
  const read = new proto.ReadRequest();
  read.setId("job/task");
  (impl.read as any)({ request: read }, () => {});
  (impl.update as any)({ request: new proto.UpdateRequest() }, () => {});
  expect(seen).toEqual({ create: 20, read: undefined, props: {}, update: undefined });
  expect(timeoutOf(create)).toBe(20);
  expect(() => wrapOperationHandlers({ create: () => {} })).toThrow(/no read handler/);
});

test("the bound is the smaller of wait.timeoutMinutes and customTimeouts", () => {
  expect(waitBound(60, 20)).toEqual({ seconds: 20, by: "customTimeouts" });
  expect(waitBound(1, 600)).toEqual({ seconds: 60, by: "wait.timeoutMinutes" });
  expect(waitBound(60, undefined)).toEqual({ seconds: 3600, by: "wait.timeoutMinutes" });
});

test("the engine's Cancel aborts the shared signal for every later wait too, until reset (tests)", async () => {
  const { cancelOperations, cancellationSignal, resetCancellation } = await import("../../provider/shared/operation");
  const before = cancellationSignal();
  expect(before.aborted).toBe(false);
  cancelOperations();
  expect(before.aborted).toBe(true);
  expect(cancellationSignal().aborted).toBe(true);
  expect(String(cancellationSignal().reason)).toMatch(/Ctrl-C/);
  resetCancellation();
  expect(cancellationSignal().aborted).toBe(false);
});
