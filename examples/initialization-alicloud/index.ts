/**
 * Example: a new DTS synchronization job, created as pulumi-alicloud's `alicloud.dts.SynchronizationJob` creates it,
 * and an application that must not run before the destination holds the data. pulumi-alicloud returns as soon as
 * the job reads `Synchronizing` or `NotStarted` (its read path rewrites `Initializing` to `Synchronizing`), while
 * the full data copy may be at a few percent. `DtsJobInitialization` writes nothing and blocks until the job's
 * precheck, structure and data initialization are done and the job synchronizes, then (with `caughtUp`) until the
 * incremental delay stays small; the application `dependsOn` it.
 *
 * So that the example runs without an Alibaba Cloud account (against the emulator), the job is a stub shaped like
 * `alicloud.dts.SynchronizationJob` (its `dtsJobId` and `dtsInstanceId` outputs) that asks the emulator for a new
 * job (control route `/_emulator/initialization-jobs`, standing in for CreateDtsInstance + ConfigureDtsJob) and
 * returns at once, as pulumi-alicloud does; the application is a stub too. With pulumi-alicloud, replace the job by
 * `new alicloud.dts.SynchronizationJob("job", {...})` and the application by yours; keep the rest.
 *
 * Stack config: `jobLife` (the emulator's life of the job, JSON), `caughtUpSeconds` (the caught-up bound, default 5),
 * `timeoutMinutes` (default 60; on a deadline the resource is saved and the next `pulumi up` resumes waiting),
 * `minDelaySeconds`/`maxDelaySeconds` (polling pace), and `dts:endpoint`, `dts:region`,
 * `dts:accessKeyId`, `dts:accessKeySecret` (--secret) as in examples/basic.
 */
import * as pulumi from "@pulumi/pulumi";
import { DtsJobInitialization } from "pulumi-dts-objects";

const config = new pulumi.Config();
const dts = new pulumi.Config("dts");
const endpoint = dts.require("endpoint");

/** The stub job's outputs: the part of `alicloud.dts.SynchronizationJob` the wait needs. */
interface JobStubOutputs {
  dtsJobId: string;
  dtsInstanceId: string;
}

/** Creates the job and returns at once (no wait), as pulumi-alicloud does. Nothing captured but plain inputs. */
class SynchronizationJobStubProvider implements pulumi.dynamic.ResourceProvider {
  async create(inputs: { endpoint: string; life: string }): Promise<pulumi.dynamic.CreateResult<JobStubOutputs>> {
    const r = await fetch(`${inputs.endpoint}/_emulator/initialization-jobs`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: inputs.life,
    });
    if (!r.ok) throw new Error(`creating the job failed: HTTP ${r.status} ${await r.text()}`);
    const job = (await r.json()) as JobStubOutputs;
    console.error(`alicloud.dts.SynchronizationJob (stub) ${job.dtsJobId}: created; not waiting for its initialization`);
    return { id: job.dtsJobId, outs: { dtsJobId: job.dtsJobId, dtsInstanceId: job.dtsInstanceId } };
  }
}

/** A stand-in for `alicloud.dts.SynchronizationJob` (only its ids). */
class SynchronizationJobStub extends pulumi.dynamic.Resource {
  declare readonly dtsJobId: pulumi.Output<string>;
  declare readonly dtsInstanceId: pulumi.Output<string>;
  constructor(name: string, args: { endpoint: string; life: string }, opts?: pulumi.CustomResourceOptions) {
    super(new SynchronizationJobStubProvider(), name, { ...args, dtsJobId: undefined, dtsInstanceId: undefined }, opts, "alicloud-dts", "SynchronizationJobStub");
  }
}

/** The application: records when it was deployed (after the gate). */
class ApplicationStubProvider implements pulumi.dynamic.ResourceProvider {
  async create(inputs: { dtsJobId: string }): Promise<pulumi.dynamic.CreateResult> {
    return { id: `app-${inputs.dtsJobId}`, outs: { ...inputs, deployedAt: new Date().toISOString() } };
  }
}
class ApplicationStub extends pulumi.dynamic.Resource {
  declare readonly deployedAt: pulumi.Output<string>;
  constructor(name: string, args: { dtsJobId: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions) {
    super(new ApplicationStubProvider(), name, { ...args, deployedAt: undefined }, opts, "app", "ApplicationStub");
  }
}

const job = new SynchronizationJobStub("job", { endpoint, life: config.get("jobLife") ?? "{}" });

// Writes nothing: blocks until the job's first synchronization is done and its delay stays within the bound.
const ready = new DtsJobInitialization("job-ready", {
  dtsJobId: job.dtsJobId,
  dtsInstanceId: job.dtsInstanceId,
  endpoint,
  regionId: dts.get("region"),
  caughtUp: { maxDelaySeconds: config.getNumber("caughtUpSeconds") ?? 5 },
  wait: {
    timeoutMinutes: config.getNumber("timeoutMinutes") ?? 60,
    minDelaySeconds: config.getNumber("minDelaySeconds"),
    maxDelaySeconds: config.getNumber("maxDelaySeconds"),
  },
});

const app = new ApplicationStub("app", { dtsJobId: job.dtsJobId }, { dependsOn: [ready] });

export const dtsJobId = job.dtsJobId;
export const stage = ready.stage;
export const dataInitialization = ready.dataInitialization;
export const delaySeconds = ready.delaySeconds;
export const caughtUp = ready.caughtUpResult;
export const readyAt = ready.finishedAt;
export const deployedAt = app.deployedAt;
