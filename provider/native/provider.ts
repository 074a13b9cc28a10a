/**
 * The native provider object served by `@pulumi/pulumi`'s `provider.main`: resources
 * `dts:index:SynchronizationObjectModification` and `dts:index:DtsJobModification` for every Pulumi language (YAML, Go, Python, .NET, Node.js).
 *
 * Each method converts at the gRPC boundary (unwraps secrets and wraps them again on the way out, see secrets.ts;
 * adds `__resourceKey` from the URN) and calls the
 * SAME implementation object the dynamic resource's serialized provider loads (each room's impl.ts, a
 * {@link ResourceImpl}, exported as `__providerImpl`, `__dtsJobProviderImpl`): one check/diff/create/read/update/
 * delete/import, one set of messages, one ClientToken, for both faces. A resource served here is one row of SERVED.
 */
import type * as pulumi from "@pulumi/pulumi";
import { providerImpl } from "../synchronization-object-modification/impl";
import { dtsJobProviderImpl } from "../dts-job-modification/impl";
import { cancelOperations } from "../shared/operation";
import { configureSettings, type ResourceImpl } from "../shared/resource-impl";
import { NativeConfig, type ConfigureVariables } from "./config";
import { buildSchema, RESOURCE_TOKEN, STRING_INPUTS } from "./schema";
import { DTS_JOB_RESOURCE_TOKEN, DTS_JOB_STRING_INPUTS } from "./dts-job-schema";
import { keepingSecrets, secretKeys, wrapSecrets } from "./secrets";
import { resourceKeyFromUrn, unwrapProperties } from "./wire";
import { withUrn } from "./urn-context";

/** The resource type of a URN (`urn:pulumi:<stack>::<project>::<type>::<name>`; the last of `parent$child`). */
function typeOf(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.slice(qualified.lastIndexOf("$") + 1);
}

/** One resource type this provider serves: its implementation and its top-level string inputs. */
interface Served {
  impl: ResourceImpl;
  stringInputs: readonly string[];
}

/** The implementation of each resource type this provider serves, by type token. */
const SERVED: Readonly<Record<string, Served>> = {
  [RESOURCE_TOKEN]: { impl: providerImpl, stringInputs: STRING_INPUTS },
  [DTS_JOB_RESOURCE_TOKEN]: { impl: dtsJobProviderImpl, stringInputs: DTS_JOB_STRING_INPUTS },
};

/** The implementation of the URN's type, or an error naming the types served. */
function served(urn: string): Served {
  const type = typeOf(urn);
  const entry = Object.hasOwn(SERVED, type) ? SERVED[type] : undefined;
  if (!entry) throw new Error(`unknown resource type ${type} (this provider serves ${Object.keys(SERVED).join(", ")})`);
  return entry;
}

/** The `dts` provider. One instance per plugin process (the engine starts one process per provider). */
export class NativeProvider implements pulumi.provider.Provider {
  readonly version: string;
  private readonly schemaText: string;

  constructor(version: string) {
    this.version = version;
    this.schemaText = JSON.stringify(buildSchema(version));
  }

  /** The package schema (`GetSchema`). */
  async getSchema(): Promise<string> {
    return this.schemaText;
  }

  /**
   * The engine's Cancel (sent on the first Ctrl-C by @pulumi/pulumi >= 3.230's server): every wait in flight ends
   * now as a partial failure that keeps the TaskId, so the next `pulumi up` resumes the same task.
   */
  async cancel(): Promise<void> {
    cancelOperations();
  }

  /** Keeps the `dts:*` config of a Configure request for this provider, in this process only. */
  configure(request: ConfigureVariables): void {
    const config = new NativeConfig(request);
    configureSettings(this, {
      get: (key: string) => config.get(key),
      require: (key: string) => {
        const value = config.get(key);
        if (value === undefined) throw new Error(`missing required configuration key ${key}`);
        return value;
      },
    });
  }

  async check(urn: string, olds: any, news: any): Promise<pulumi.provider.CheckResult> {
    const { impl, stringInputs } = served(urn);
    const inputs: Record<string, unknown> = { ...unwrapProperties(news), __resourceKey: resourceKeyFromUrn(urn) };
    // A number where the schema says string (YAML's `revision: 2`): its text, as the user meant it.
    for (const key of stringInputs) if (typeof inputs[key] === "number" && Number.isFinite(inputs[key])) inputs[key] = String(inputs[key]);
    const result = impl.check(unwrapProperties(olds), inputs);
    return { ...result, inputs: wrapSecrets(result.inputs, secretKeys(news)) };
  }

  async diff(id: string, urn: string, olds: any, news: any): Promise<pulumi.provider.DiffResult> {
    return served(urn).impl.diff(id, unwrapProperties(olds), unwrapProperties(news));
  }

  async create(urn: string, inputs: any): Promise<pulumi.provider.CreateResult> {
    const { impl } = served(urn);
    const secrets = secretKeys(inputs);
    const result = await withUrn(urn, () => keepingSecrets(secrets, () => impl.create(this, unwrapProperties(inputs))));
    return { ...result, outs: wrapSecrets(result.outs, secrets) };
  }

  async read(id: string, urn: string, props?: any): Promise<pulumi.provider.ReadResult> {
    const { impl } = served(urn);
    const secrets = secretKeys(props);
    const plain = unwrapProperties(props);
    // `pulumi import <type> <name> <id>`: a Read with the id only (request-hook.ts gives it an empty map).
    if (impl.isImport(plain)) return withUrn(urn, () => impl.import(this, id, resourceKeyFromUrn(urn))) as Promise<pulumi.provider.ReadResult>;
    const result = await withUrn(urn, () => impl.read(this, id, plain));
    // An empty id tells the engine the resource is gone.
    if (!result.id) return { id: "", props: {} };
    return { id: result.id, props: wrapSecrets(result.props, secrets), ...(result.inputs ? { inputs: wrapSecrets(result.inputs, secrets) } : {}) };
  }

  async update(id: string, urn: string, olds: any, news: any): Promise<pulumi.provider.UpdateResult> {
    const { impl } = served(urn);
    const secrets = secretKeys(news);
    const result = await withUrn(urn, () => keepingSecrets(secrets, () => impl.update(this, id, unwrapProperties(olds), unwrapProperties(news))));
    return { ...result, outs: wrapSecrets(result.outs, secrets) };
  }

  async delete(id: string, urn: string, props: any): Promise<void> {
    const { impl } = served(urn);
    await withUrn(urn, () => impl.delete(this, id, unwrapProperties(props)));
  }
}
