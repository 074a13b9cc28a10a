/** The gRPC-boundary conversions of the native plugin (provider/native/wire.ts, config.ts, main.ts). */
import { NativeConfig } from "../../provider/native/config";
import { engineAddressOf } from "../../provider/native/main";
import { OUTPUT_VALUE_SIG, SECRET_SIG, SIG_KEY, UNKNOWN, resourceKeyFromUrn, unwrapProperties } from "../../provider/native/wire";
import { UNKNOWN_VALUE } from "../../provider/shared/inputs";

test("secrets and output values are unwrapped deeply; an unknown output value becomes the unknown sentinel", () => {
  const props = {
    revision: { [SIG_KEY]: SECRET_SIG, value: "r2" },
    synchronizationObjects: [{ dbName: { [SIG_KEY]: OUTPUT_VALUE_SIG, value: "shop", dependencies: ["urn:x"] } }],
    endpoint: { [SIG_KEY]: OUTPUT_VALUE_SIG },
    wait: { timeoutMinutes: 5 },
  };
  expect(unwrapProperties(props)).toEqual({
    revision: "r2",
    synchronizationObjects: [{ dbName: "shop" }],
    endpoint: UNKNOWN,
    wait: { timeoutMinutes: 5 },
  });
  expect(UNKNOWN).toBe(UNKNOWN_VALUE);
  expect(unwrapProperties(undefined)).toEqual({});
});

test("the resource key from a URN is <project>/<stack>/<name>, also for a child and a name with '::'", () => {
  expect(resourceKeyFromUrn("urn:pulumi:dev::shop::dts:index:SynchronizationObjectModification::objs")).toBe("shop/dev/objs");
  expect(resourceKeyFromUrn("urn:pulumi:prod::p::my:comp$dts:index:SynchronizationObjectModification::a::b")).toBe("p/prod/a::b");
  expect(() => resourceKeyFromUrn("objs")).toThrow(/malformed URN/);
});

test("Configure: args (secrets unwrapped, non-strings as JSON) win over the deprecated variables; version is skipped", () => {
  const config = new NativeConfig({
    args: { accessKeyId: "id-from-args", accessKeySecret: { [SIG_KEY]: SECRET_SIG, value: "s3cr3t" }, progressIntervalSeconds: 5, version: "0.1.0" },
    variables: { "dts:config:accessKeyId": "id-from-variables", "dts:config:region": "cn-shanghai", "other:config:x": "y" },
  });
  expect(config.get("dts:accessKeyId")).toBe("id-from-args");
  expect(config.get("dts:accessKeySecret")).toBe("s3cr3t");
  expect(config.get("dts:progressIntervalSeconds")).toBe("5");
  expect(config.get("dts:region")).toBe("cn-shanghai");
  expect(config.keys()).toEqual(["dts:accessKeyId", "dts:accessKeySecret", "dts:progressIntervalSeconds", "dts:region"]);
});

test("the engine address is the first argument that is not a flag (the engine may pass --logtostderr, -v=9, --tracing <addr>)", () => {
  expect(engineAddressOf(["127.0.0.1:4000"])).toBe("127.0.0.1:4000");
  expect(engineAddressOf(["--logtostderr", "-v=9", "--tracing", "http://t", "127.0.0.1:4000"])).toBe("127.0.0.1:4000");
  expect(engineAddressOf([])).toBeUndefined();
});

test("secrets: a top-level property holding a secret anywhere is wrapped again as a whole on the way out (failedTables with the objects)", async () => {
  const { keepingSecrets, secretKeys, wrapSecrets } = await import("../../provider/native/secrets");
  const news = {
    revision: { [SIG_KEY]: SECRET_SIG, value: "r2" },
    synchronizationObjects: [{ dbName: { [SIG_KEY]: OUTPUT_VALUE_SIG, value: "shop", secret: true } }],
    synchronizationJobId: "job",
  };
  const keys = secretKeys(news);
  expect([...keys].sort()).toEqual(["failedTables", "revision", "synchronizationObjects"]);
  const outs = wrapSecrets({ revision: "r2", synchronizationObjects: [{ dbName: "shop" }], synchronizationJobId: "job", failedTables: [] }, keys);
  expect(outs).toEqual({
    revision: { [SIG_KEY]: SECRET_SIG, value: "r2" },
    synchronizationObjects: { [SIG_KEY]: SECRET_SIG, value: [{ dbName: "shop" }] },
    synchronizationJobId: "job",
    failedTables: { [SIG_KEY]: SECRET_SIG, value: [] },
  });
  expect(secretKeys({ revision: "r", wait: { timeoutMinutes: 1 } }).size).toBe(0);
  // The partial state of a failure is wrapped too.
  const error = Object.assign(new Error("deadline"), { id: "t1", properties: { revision: "r2", taskId: "t1" } });
  await expect(
    keepingSecrets(keys, async () => {
      throw error;
    }),
  ).rejects.toBe(error);
  expect(error.properties).toEqual({ revision: { [SIG_KEY]: SECRET_SIG, value: "r2" }, taskId: "t1" });
});
