/**
 * Example: a job managed through the DtsJob API, as pulumi-alicloud's `alicloud.dts.SynchronizationJob` manages it.
 * That resource sends one `ModifyDtsJob` when its `dbList` changes and returns at once: `pulumi up` ends while DTS
 * still prechecks and copies the new objects. `DtsJobModification` with `waitOnly: true` and `dependsOn` on the job
 * writes nothing and blocks until that change has run its precheck, structure and data initialization.
 *
 * So that the example runs without an Alibaba Cloud account (against the emulator), the job here is a stub shaped
 * like `alicloud.dts.SynchronizationJob` (its `dtsInstanceId`, `dtsJobId` and `dbList`) that does what that resource
 * does on a `dbList` change: one `ModifyDtsJob`, no wait. With pulumi-alicloud, replace the stub by
 * `new alicloud.dts.SynchronizationJob("job", {..., dbList})` and keep the rest.
 *
 * Stack config (`pulumi config set ...`):
 *   dtsJobId, dtsInstanceId   the job (required)
 *   mode                      `waitOnly` (default: the stub sends the change, DtsJobModification waits for it) or
 *                             `dbList` (no stub: DtsJobModification sends the change itself and waits)
 *   dbList                    optional JSON override of the list below (the complete list: ModifyDtsJob replaces it)
 *   timeoutMinutes            how long `up` may wait (default 60); on a deadline the resource is saved and the next
 *                             `pulumi up` resumes waiting for the same change (nothing is written again)
 *   minDelaySeconds, maxDelaySeconds   polling interval bounds (optional)
 *   dts:endpoint, dts:region, dts:accessKeyId, dts:accessKeySecret (--secret)   as in examples/basic
 */
import * as pulumi from "@pulumi/pulumi";
import { DtsJobModification, type DtsDbList } from "pulumi-dts-objects";

const config = new pulumi.Config();
const dts = new pulumi.Config("dts");

const dtsJobId = config.require("dtsJobId");
const dtsInstanceId = config.require("dtsInstanceId");
const mode = config.get("mode") ?? "waitOnly";
if (mode !== "waitOnly" && mode !== "dbList") throw new Error(`config mode: expected "waitOnly" or "dbList", got "${mode}"`);

/** What the job syncs after the change: two tables of `dtstestdata`. */
const defaultDbList: DtsDbList = {
  dtstestdata: { name: "dtstestdata", all: false, Table: { customer: { name: "customer", all: true }, orders: { name: "orders", all: true } } },
};
const dbList = config.getObject<DtsDbList>("dbList") ?? defaultDbList;

const wait = {
  timeoutMinutes: config.getNumber("timeoutMinutes") ?? 60,
  minDelaySeconds: config.getNumber("minDelaySeconds"),
  maxDelaySeconds: config.getNumber("maxDelaySeconds"),
};

/** The stub's inputs (and outputs): the part of `alicloud.dts.SynchronizationJob` a `dbList` change touches. */
interface SynchronizationJobStubInputs {
  dtsInstanceId: string;
  dtsJobId: string;
  /** JSON text, as pulumi-alicloud's `dbList` is. */
  dbList: string;
  endpoint?: string;
  regionId?: string;
}

/** The `dts:` credentials, read by `configure` in the provider process; never part of the inputs or the state. */
interface StubCredentials {
  accessKeyId?: string;
  accessKeySecret?: string;
}

/**
 * Sends one `ModifyDtsJob` with the complete list and returns as soon as DTS accepted it, as pulumi-alicloud does.
 * The SDK is loaded here, in the dynamic-provider host, so the serialized provider captures no client.
 */
async function sendModifyDtsJob(credentials: StubCredentials, inputs: SynchronizationJobStubInputs): Promise<void> {
  const { DtsClient } = require("pulumi-dts-objects/sdk") as typeof import("pulumi-dts-objects/sdk");
  const client = new DtsClient({
    ...(inputs.endpoint ? { endpoint: inputs.endpoint } : {}),
    ...(inputs.regionId ? { regionId: inputs.regionId } : {}),
    ...(credentials.accessKeyId && credentials.accessKeySecret
      ? { credentials: { accessKeyId: credentials.accessKeyId, accessKeySecret: credentials.accessKeySecret } }
      : {}),
  });
  // The SDK retries only failures that prove the call did not run: at most one change is started.
  const reply = await client.modifyDtsJob({ dtsInstanceId: inputs.dtsInstanceId, dtsJobId: inputs.dtsJobId, dbList: inputs.dbList });
  console.error(`alicloud.dts.SynchronizationJob (stub) ${inputs.dtsJobId}: ModifyDtsJob sent (RequestId ${reply.requestId}); not waiting`);
}

/**
 * The stub's dynamic provider. No fields: `configure` keeps the credentials on the deserialized object inside the
 * host only (the object Pulumi serializes at program time has none).
 */
class SynchronizationJobStubProvider implements pulumi.dynamic.ResourceProvider<SynchronizationJobStubInputs, SynchronizationJobStubInputs> {
  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    const get = (key: string): string | undefined => {
      try {
        return req.config.get(key) || undefined;
      } catch {
        return undefined; // no Configure request from the engine: no stack config
      }
    };
    (this as { credentials?: StubCredentials }).credentials = { accessKeyId: get("dts:accessKeyId"), accessKeySecret: get("dts:accessKeySecret") };
  }

  async create(inputs: SynchronizationJobStubInputs): Promise<pulumi.dynamic.CreateResult<SynchronizationJobStubInputs>> {
    await sendModifyDtsJob((this as { credentials?: StubCredentials }).credentials ?? {}, inputs);
    return { id: inputs.dtsJobId, outs: inputs };
  }

  /** A new job replaces the stub; a new `dbList` is an in-place update (one more ModifyDtsJob), as in pulumi-alicloud. */
  async diff(_id: string, olds: SynchronizationJobStubInputs, news: SynchronizationJobStubInputs): Promise<pulumi.dynamic.DiffResult> {
    const replaces = (["dtsInstanceId", "dtsJobId"] as const).filter((k) => olds[k] !== news[k]);
    const changes = replaces.length > 0 || (["dbList", "endpoint", "regionId"] as const).some((k) => olds[k] !== news[k]);
    return { changes, replaces };
  }

  async update(
    _id: string,
    olds: SynchronizationJobStubInputs,
    news: SynchronizationJobStubInputs,
  ): Promise<pulumi.dynamic.UpdateResult<SynchronizationJobStubInputs>> {
    if (olds.dbList !== news.dbList) await sendModifyDtsJob((this as { credentials?: StubCredentials }).credentials ?? {}, news);
    return { outs: news };
  }
}

/** A stand-in for `alicloud.dts.SynchronizationJob` (only what a `dbList` change needs). */
class SynchronizationJobStub extends pulumi.dynamic.Resource {
  declare readonly dtsInstanceId: pulumi.Output<string>;
  declare readonly dtsJobId: pulumi.Output<string>;
  declare readonly dbList: pulumi.Output<string>;
  constructor(
    name: string,
    args: { [K in keyof SynchronizationJobStubInputs]: pulumi.Input<SynchronizationJobStubInputs[K]> },
    opts?: pulumi.CustomResourceOptions,
  ) {
    super(new SynchronizationJobStubProvider(), name, args, opts, "alicloud-dts", "SynchronizationJobStub");
  }
}

let modification: DtsJobModification;
if (mode === "dbList") {
  // No other client: DtsJobModification reads the job, sends the one ModifyDtsJob itself and waits.
  modification = new DtsJobModification("db-list", { dtsJobId, dtsInstanceId, dbList, endpoint: dts.get("endpoint"), regionId: dts.get("region"), wait });
} else {
  const job = new SynchronizationJobStub("job", {
    dtsInstanceId,
    dtsJobId,
    dbList: JSON.stringify(dbList),
    endpoint: dts.get("endpoint"),
    regionId: dts.get("region"),
  });
  // Writes nothing: waits for the change the job resource just sent (dependsOn: after its ModifyDtsJob returned).
  modification = new DtsJobModification(
    "wait-for-db-list",
    { dtsJobId: job.dtsJobId, dtsInstanceId: job.dtsInstanceId, waitOnly: true, endpoint: dts.get("endpoint"), regionId: dts.get("region"), wait },
    { dependsOn: [job] },
  );
}

export const change = modification.change;
export const subJobId = modification.subJobId;
export const jobStatus = modification.jobStatus;
export const status = modification.status;
export const precheck = modification.precheck;
export const structureInitialization = modification.structureInitialization;
export const dataInitialization = modification.dataInitialization;
export const failedObjects = modification.failedObjects;
export const startedAt = modification.startedAt;
export const finishedAt = modification.finishedAt;
export const polls = modification.polls;
