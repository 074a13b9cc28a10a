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
import { dtsJobInitializationProviderImpl } from "../dts-job-initialization/impl";
import { synchronizationJobInitializationProviderImpl } from "../synchronization-job-initialization/impl";
import { cancelOperations } from "../shared/operation";
import { configureSettings, type ResourceImpl } from "../shared/resource-impl";
import { NativeConfig, type ConfigureVariables } from "./config";
import { buildSchema, RESOURCE_TOKEN, STRING_INPUTS } from "./schema";
import { DTS_JOB_RESOURCE_TOKEN, DTS_JOB_STRING_INPUTS } from "./dts-job-schema";
import {
  DTS_JOB_INITIALIZATION_STRING_INPUTS,
  DTS_JOB_INITIALIZATION_TOKEN,
  SYNC_JOB_INITIALIZATION_STRING_INPUTS,
  SYNC_JOB_INITIALIZATION_TOKEN,
} from "./initialization-schema";
import { containsUnknown, type CheckFailure } from "../shared/inputs";
import { dbListMapFailures } from "./db-list-map";
import { fromTextForm, nameTextForm, TEXT_FORMS, type TextForm, toTextForm } from "./json-inputs";
import { keepingSecrets, secretKeys, wrapSecrets } from "./secrets";
import { resourceKeyFromUrn, unwrapProperties } from "./wire";
import { withUrn } from "../shared/urn-context";

/** The resource type of a URN (`urn:pulumi:<stack>::<project>::<type>::<name>`; the last of `parent$child`). */
function typeOf(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.slice(qualified.lastIndexOf("$") + 1);
}

/**
 * One resource type this provider serves: its implementation, its top-level string inputs, the JSON-text input of
 * its typed objects (json-inputs.ts) and the check of those objects' typed form the shared check does not make.
 */
interface Served {
  impl: ResourceImpl;
  stringInputs: readonly string[];
  /** The typed input with a JSON-text twin (json-inputs.ts), when the resource has one. */
  textForm?: TextForm;
  typedCheck?: (value: unknown) => CheckFailure[];
}

/** The implementation of each resource type this provider serves, by type token. */
const SERVED: Readonly<Record<string, Served>> = {
  [RESOURCE_TOKEN]: { impl: providerImpl, stringInputs: STRING_INPUTS, textForm: TEXT_FORMS[RESOURCE_TOKEN]! },
  [DTS_JOB_RESOURCE_TOKEN]: {
    impl: dtsJobProviderImpl,
    stringInputs: DTS_JOB_STRING_INPUTS,
    textForm: TEXT_FORMS[DTS_JOB_RESOURCE_TOKEN]!,
    typedCheck: dbListMapFailures,
  },
  // No typed input with a JSON-text twin: no text form.
  [SYNC_JOB_INITIALIZATION_TOKEN]: { impl: synchronizationJobInitializationProviderImpl, stringInputs: SYNC_JOB_INITIALIZATION_STRING_INPUTS },
  [DTS_JOB_INITIALIZATION_TOKEN]: { impl: dtsJobInitializationProviderImpl, stringInputs: DTS_JOB_INITIALIZATION_STRING_INPUTS },
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
    const { impl, stringInputs, textForm, typedCheck } = served(urn);
    // The JSON-text input (`synchronizationObjectsJson`, `dbListJson`) under the typed input's name: the shared
    // implementation takes either form there and stores one canonical form (json-inputs.ts).
    const renamed = textForm ? fromTextForm(textForm, { ...(news ?? {}) }) : { news: { ...(news ?? {}) }, fromText: false, failures: [] };
    if (renamed.failures.length > 0) return { inputs: news, failures: renamed.failures };
    const inputs: Record<string, unknown> = { ...unwrapProperties(renamed.news), __resourceKey: resourceKeyFromUrn(urn) };
    // A number where the schema says string (YAML's `revision: 2`): its text, as the user meant it.
    for (const key of stringInputs) if (typeof inputs[key] === "number" && Number.isFinite(inputs[key])) inputs[key] = String(inputs[key]);
    // The typed form's own check (the DbList map: its keys' types, by path); text is checked by the shared check.
    const typed = renamed.fromText || !textForm ? undefined : inputs[textForm.typed];
    if (typedCheck && typed !== undefined && typeof typed !== "string" && !containsUnknown(typed)) {
      const failures = typedCheck(typed);
      if (failures.length > 0) return { inputs: news, failures };
    }
    // Old inputs stored by `pulumi import` hold the list as text (`toTextForm`): under the typed name too, so the
    // replacing inputs compare equal and the ClientToken salt is kept.
    const result = impl.check(unwrapProperties(olds && textForm ? fromTextForm(textForm, { ...olds }).news : olds), inputs);
    const failures = textForm ? nameTextForm(textForm, renamed.fromText, result.failures) : result.failures;
    return { ...result, failures, inputs: wrapSecrets(result.inputs, secretKeys(renamed.news)) };
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
    const { impl, textForm } = served(urn);
    const secrets = secretKeys(props);
    const plain = unwrapProperties(props);
    // `pulumi import <type> <name> <id>`: a Read with the id only (request-hook.ts gives it an empty map). A typed
    // input held as text (the stored `dbList`) is shown as its text input, so the generated code type-checks.
    if (impl.isImport(plain)) {
      const imported = await withUrn(urn, () => impl.import(this, id, resourceKeyFromUrn(urn)));
      return {
        ...imported,
        ...(imported.inputs ? { inputs: textForm ? toTextForm(textForm, imported.inputs) : imported.inputs } : {}),
      } as pulumi.provider.ReadResult;
    }
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
