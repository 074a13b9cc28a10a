/**
 * The provider's messages through the REAL dynamic-provider host (gRPC), with their full text: an unreachable
 * endpoint, no credentials, a wrong secret, an unknown AccessKey ID, an expired STS token, a clock too far off,
 * throttling past the retries, "(the default)" only when failOn.failedTables was not set, and the refresh hint
 * when the saved endpoint cannot be reached. Also the provider's own deadline: a poll that hangs is ended, and the
 * create returns within 2 s after the deadline (measured).
 */
import * as path from "node:path";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { startEmulator, type EmulatorHandle } from "../../emulator";
import { ensureBuilt } from "../support/build";
import { startErrorServer } from "../support/error-server";
import { startSilentServer } from "../support/silent-server";
import { startEngineLogServer, type EngineLogServer } from "../dynamic/engine-log-server";
import { createProgramDir, DynamicProviderHost, hostError, REPO_ROOT, secretValue, serializeProvider, urnFor, type ProgramDir } from "./host-client";

const FAST_WAIT = { timeoutMinutes: 1, minDelaySeconds: 0.05, maxDelaySeconds: 0.2 };
const OBJECTS = '[{"DBName":"dtstestdata","TableIncludes":[{"TableName":"customer"}]}]';

let emu: EmulatorHandle;
let program: ProgramDir;
let providerText: string;
let home: string;
const hosts: DynamicProviderHost[] = [];
let counter = 0;
/** The engine's Log service (the dynamic resources' lines of a call go there, tied to the resource: provider/shared/dynamic-host). */
let engine: EngineLogServer;

/** The provider's log: what the engine was sent (normal lines) and what the host printed. */
const providerLog = (host: DynamicProviderHost) => [...engine.messages.filter((m) => !m.ephemeral).map((m) => m.message), ...host.stderr];

/** The lines of the provider's log that `match`, once at least `count` arrived (the engine's Log is another channel than the reply). */
async function logged(host: DynamicProviderHost, match: (line: string) => boolean, count = 1): Promise<string[]> {
  const end = Date.now() + 10_000;
  while (providerLog(host).filter(match).length < count && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 20));
  return providerLog(host).filter(match);
}

beforeAll(async () => {
  ensureBuilt();
  emu = await startEmulator({ timeScale: 300, seed: 5 });
  program = await createProgramDir("dts-objects-host-msg-");
  engine = await startEngineLogServer();
  home = mkdtempSync(path.join(tmpdir(), "dts-host-home-"));
  const dist = require(path.join(REPO_ROOT, "dist", "provider")) as typeof import("../../provider");
  providerText = await serializeProvider(dist.getProvider());
}, 300_000);

afterAll(async () => {
  for (const h of hosts) await h.stop();
  await engine?.stop();
  await emu?.stop();
  await program?.cleanup();
  rmSync(home, { recursive: true, force: true });
});

/** A host configured with `config` (a HOME without credential files, no key in the environment). */
async function hostWith(config: Record<string, unknown>): Promise<DynamicProviderHost> {
  const host = await DynamicProviderHost.start({ cwd: program.dir, env: { HOME: home }, engineAddress: engine.address });
  hosts.push(host);
  await host.configure(config);
  return host;
}

async function create(host: DynamicProviderHost, extra: Record<string, unknown> = {}): Promise<{ promise: Promise<unknown>; jobId: string; name: string }> {
  const jobId = extra.synchronizationJobId ? String(extra.synchronizationJobId) : emu.createJob();
  const name = `msg-${++counter}`;
  const urn = urnFor(name);
  const all = {
    synchronizationJobId: jobId,
    synchronizationObjects: OBJECTS,
    wait: FAST_WAIT,
    __resourceKey: `proj/dev/${name}`,
    __provider: providerText,
    ...extra,
  };
  // An `undefined` in `extra` removes the key (a protobuf Struct has no undefined).
  const news = Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined));
  const { inputs, failures } = await host.check(urn, {}, news);
  expect(failures).toEqual([]);
  return { promise: host.create(urn, inputs), jobId, name };
}

const keys = (secret = emu.accessKeySecret, id = emu.accessKeyId) => ({ "dts:accessKeyId": id, "dts:accessKeySecret": secretValue(secret) });

test("unreachable endpoint: what failed, where, how many attempts, what to check; a line per retry", async () => {
  const url = "http://127.0.0.1:9";
  const host = await hostWith({ ...keys(), "dts:endpoint": url });
  const { promise, jobId, name } = await create(host);
  const e = await hostError(promise);
  expect(e.details).toBe(
    `Could not read the state of job ${jobId} (DescribeSynchronizationJobStatus): Could not reach the DTS endpoint ${url} for DescribeSynchronizationJobStatus: connection refused (ECONNREFUSED), on all 5 attempts.\n` +
      "Check dts:endpoint (or the resource's endpoint input), that it is the endpoint of the job's region (https://dts.<region>.aliyuncs.com, e.g. https://dts.cn-hangzhou.aliyuncs.com), and the network (proxy, firewall, DNS).\n" +
      "No modification was requested: whether one is needed is decided from the job's state.",
  );
  const retries = await logged(host, (l) => l.startsWith(`[dts-objects] ${name}: retrying`), 4);
  expect(retries.map((l) => l.replace(/ in \d+ ms/, " in N ms"))).toEqual(
    [2, 3, 4, 5].map((n) => `[dts-objects] ${name}: retrying DescribeSynchronizationJobStatus in N ms (attempt ${n} of 5): ECONNREFUSED`),
  );
});

test("no credentials: names the stack config keys and the environment variables", async () => {
  const host = await hostWith({ "dts:endpoint": emu.url });
  const { promise, jobId } = await create(host);
  const e = await hostError(promise);
  const lines = e.details.split("\n");
  expect(lines.slice(0, 5)).toEqual([
    `Could not read the state of job ${jobId} (DescribeSynchronizationJobStatus): No Alibaba Cloud credentials found. Set the stack config dts:accessKeyId and dts:accessKeySecret (pulumi config set dts:accessKeyId <id>; pulumi config set --secret dts:accessKeySecret <secret>), or the environment variables ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET where pulumi runs.`,
    "Tried, in order:",
    "  - stack config dts:accessKeyId + dts:accessKeySecret (not given)",
    "  - environment ALIBABA_CLOUD_ACCESS_KEY_ID + ALIBABA_CLOUD_ACCESS_KEY_SECRET (not set)",
    "  - environment ALICLOUD_ACCESS_KEY + ALICLOUD_SECRET_KEY (not set)",
  ]);
  expect(lines[5]).toMatch(
    /^ {2}- @alicloud\/credentials default chain \(OIDC, CLI profile ~\/\.aliyun\/config\.json, ~\/\.alibabacloud\/credentials, ECS RAM role, credentials URI\): /,
  );
  expect(lines[6]).toBe("No modification was requested: whether one is needed is decided from the job's state.");
  expect(lines).toHaveLength(7);
  expect(e.details).not.toContain("credentials: {accessKeyId");
});

describe("refused keys: one actionable line; the server's reply only in the provider's log", () => {
  test("wrong secret", async () => {
    const secret = "definitely-the-wrong-secret";
    const host = await hostWith({ ...keys(secret), "dts:endpoint": emu.url });
    const { promise, jobId, name } = await create(host);
    const e = await hostError(promise);
    expect(e.details).toBe(
      `Could not read the state of job ${jobId} (DescribeSynchronizationJobStatus): The AccessKey secret does not match the AccessKey ID (SignatureDoesNotMatch): check the stack config dts:accessKeySecret.\nNo modification was requested: whether one is needed is decided from the job's state.`,
    );
    const [detail] = await logged(host, (l) => l.startsWith(`[dts-objects] ${name}: detail: SignatureDoesNotMatch: Specified signature is not matched`));
    expect(detail).toBeDefined();
    for (const text of [e.details, ...providerLog(host)]) {
      expect(text).not.toContain(secret);
      expect(text).not.toContain(emu.accessKeyId);
    }
  });

  test("unknown AccessKey ID", async () => {
    const host = await hostWith({ ...keys("some-secret", "LTAIunknownkey"), "dts:endpoint": emu.url });
    const { promise, jobId } = await create(host);
    const e = await hostError(promise);
    expect(e.details).toBe(
      `Could not read the state of job ${jobId} (DescribeSynchronizationJobStatus): Alibaba Cloud does not know this AccessKey ID (InvalidAccessKeyId.NotFound): check the stack config dts:accessKeyId, and that the key was not deleted.\nNo modification was requested: whether one is needed is decided from the job's state.`,
    );
  });

  test("expired STS token", async () => {
    const server = await startErrorServer({ status: 400, code: "InvalidSecurityToken.Expired", message: "Specified SecurityToken is expired." });
    try {
      const host = await hostWith({ ...keys("sts-secret", "STS.id"), "dts:securityToken": secretValue("sts-token"), "dts:endpoint": server.url });
      const { promise, jobId } = await create(host, { synchronizationJobId: "dtsjobsts" });
      const e = await hostError(promise);
      expect(jobId).toBe("dtsjobsts");
      expect(e.details).toBe(
        "Could not read the state of job dtsjobsts (DescribeSynchronizationJobStatus): The STS security token has expired (InvalidSecurityToken.Expired): get a new one and set the stack config dts:securityToken, with the AccessKey ID and secret issued with it.\n" +
          "No modification was requested: whether one is needed is decided from the job's state.",
      );
      expect(e.details).not.toContain("sts-token");
    } finally {
      await server.close();
    }
  });
});

test("clock skew: how far the clock is off", async () => {
  const server = await startErrorServer({
    status: 400,
    code: "InvalidTimeStamp.Expired",
    message: "Specified time stamp or date value is expired.",
    dateOffsetMs: 3 * 3600_000 + 30_000,
  });
  try {
    const host = await hostWith({ ...keys(), "dts:endpoint": server.url });
    const { promise } = await create(host, { synchronizationJobId: "dtsjobclock" });
    const e = await hostError(promise);
    expect(e.details).toBe(
      "Could not read the state of job dtsjobclock (DescribeSynchronizationJobStatus): The request timestamp was refused (InvalidTimeStamp.Expired): this machine's clock is 3 h 0 min behind the server's; requests must be within 15 minutes of it. Synchronize the clock (NTP) and run again.\n" +
        "No modification was requested: whether one is needed is decided from the job's state.",
    );
  } finally {
    await server.close();
  }
});

test("throttling that outlasts the retries", async () => {
  const server = await startErrorServer({ status: 400, code: "Throttling.User", message: "Request was denied due to user flow control." });
  try {
    const host = await hostWith({ ...keys(), "dts:endpoint": server.url });
    const { promise } = await create(host, { synchronizationJobId: "dtsjobthrottle" });
    const e = await hostError(promise);
    expect(e.details).toBe(
      "Could not read the state of job dtsjobthrottle (DescribeSynchronizationJobStatus): DTS kept refusing DescribeSynchronizationJobStatus for flow control (Throttling.User) through all 5 attempts: too many calls for this account or API. Wait a minute and run again, with fewer runs at once or a larger wait.minDelaySeconds.\n" +
        "No modification was requested: whether one is needed is decided from the job's state.",
    );
    expect(server.requests).toBe(5);
  } finally {
    await server.close();
  }
});

test('"(the default)" only when failOn.failedTables was not set', async () => {
  const host = await hostWith({ ...keys(), "dts:endpoint": emu.url });
  const scenario = { name: "failed-tables" as const, failedTables: { tables: ["customer"] } };
  const first = await create(host, { synchronizationJobId: emu.createJob({ scenario }) });
  const byDefault = (await hostError(first.promise)).initFailed!.reasons[0]!;
  expect(byDefault.split("\n")[0]).toMatch(/^Modification task \w+ finished, but 1 table failed and failOn\.failedTables is true \(the default\):$/);
  const second = await create(host, { synchronizationJobId: emu.createJob({ scenario }), failOn: { failedTables: true } });
  const explicit = (await hostError(second.promise)).initFailed!.reasons[0]!;
  expect(explicit.split("\n")[0]).toMatch(/^Modification task \w+ finished, but 1 table failed and failOn\.failedTables is true:$/);
});

test("refresh that cannot reach the saved endpoint: the reason and the --run-program hint, at once", async () => {
  const host = await hostWith({ ...keys(), "dts:endpoint": emu.url });
  const { promise, name } = await create(host);
  const created = (await promise) as { id: string; properties: Record<string, unknown> };
  // The state saved the endpoint; it has since moved (the resource's own endpoint input stands for the old value).
  const gone = "http://127.0.0.1:9";
  const started = Date.now();
  const e = await hostError(host.read(created.id, urnFor(name), { ...created.properties, endpoint: gone }));
  expect(Date.now() - started).toBeLessThan(30_000);
  expect(e.details).toBe(
    `Refreshing task ${created.id} failed: Could not reach the DTS endpoint ${gone} for DescribeSynchronizationObjectModifyStatus: connection refused (ECONNREFUSED), on all 5 attempts.\n` +
      "Check dts:endpoint (or the resource's endpoint input), that it is the endpoint of the job's region (https://dts.<region>.aliyuncs.com, e.g. https://dts.cn-hangzhou.aliyuncs.com), and the network (proxy, firewall, DNS).\n" +
      `This refresh used the endpoint and region saved in the state by the last \`pulumi up\` (${gone}). If you changed dts:endpoint or dts:region since, run \`pulumi refresh --run-program\` (or \`pulumi up\`) so the new values are used.`,
  );
});

test("the provider's own deadline ends a poll that hangs: create returns within 2 s after it", async () => {
  const server = await startSilentServer();
  try {
    const host = await hostWith({ ...keys(), "dts:endpoint": server.url });
    // Adopting skips ModifySynchronizationObject: the wait starts at once, against a server that never answers.
    const timeoutMinutes = 0.05; // 3 s
    const { promise } = await create(host, {
      synchronizationJobId: "dtsjobhang",
      adoptTaskId: "dtstaskhang",
      synchronizationObjects: undefined,
      wait: { ...FAST_WAIT, timeoutMinutes },
    });
    const started = Date.now();
    const e = await hostError(promise);
    expect(Date.now() - (started + timeoutMinutes * 60_000)).toBeLessThanOrEqual(2000);
    const reason = e.initFailed!.reasons[0]!;
    expect(reason.split("\n")[0]).toMatch(
      /^Modification task dtstaskhang timed out: not finished within 3s after 1 poll; last: no status yet \(last error RequestTimeout\)/,
    );
    expect(reason).toContain(`Could not reach the DTS endpoint ${server.url} for DescribeSynchronizationObjectModifyStatus: no reply within`);
  } finally {
    await server.close();
  }
});
