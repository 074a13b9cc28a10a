/**
 * Where the access key comes from: explicit options, else environment variables, else the
 * `@alicloud/credentials` default chain (OIDC, CLI profile, credentials file, ECS RAM role, credentials URI).
 *
 * The chain's ECS step calls the metadata address 100.100.100.200 unless `ALIBABA_CLOUD_ECS_METADATA_DISABLED=true`
 * (tests set it), so it is loaded only when nothing earlier matched.
 */
import { DtsCredentialsError } from "../errors/errors";
import { missingCredentialsSummary } from "../errors/explain";

/**
 * An Alibaba Cloud access key, optionally an STS token.
 *
 * @example
 * ```ts
 * const credentials: DtsCredentials = { accessKeyId: "LTAI...", accessKeySecret: "..." };
 * ```
 */
export interface DtsCredentials {
  accessKeyId: string;
  accessKeySecret: string;
  /** STS security token, for temporary credentials. */
  securityToken?: string;
}

/** Resolved credentials and where they came from. `source` names the source, never a value. */
export type ResolvedCredentials = DtsCredentials & {
  /** E.g. `explicit`, `env:ALIBABA_CLOUD_ACCESS_KEY_ID`, `env:ALICLOUD_ACCESS_KEY`, `chain:default/cli_profile`. */
  source: string;
  /**
   * Present for chain credentials, which may be temporary (STS, RAM role): fetches current ones for each request
   * instead of reusing an expired token.
   */
  refresh?: () => Promise<DtsCredentials>;
};

/** A credentials chain: returns credentials and a provider name, or throws. Injected in tests. */
export type CredentialsChain = () => Promise<DtsCredentials & { providerName?: string }>;

/** Options of {@link resolveCredentials}. */
export interface ResolveCredentialsOptions {
  /** Replaces the `@alicloud/credentials` default chain (tests). `false` skips the chain. @default createDefaultCredentialsChain() */
  chain?: CredentialsChain | false;
}

const ENV_PAIRS = [
  { id: "ALIBABA_CLOUD_ACCESS_KEY_ID", secret: "ALIBABA_CLOUD_ACCESS_KEY_SECRET", token: "ALIBABA_CLOUD_SECURITY_TOKEN" },
  { id: "ALICLOUD_ACCESS_KEY", secret: "ALICLOUD_SECRET_KEY", token: "ALICLOUD_SECURITY_TOKEN" },
] as const;

/** The environment variables that hold a secret (access key secrets, STS tokens): their values are never printed. */
export const SECRET_ENV_VARIABLES: readonly string[] = ENV_PAIRS.flatMap((pair) => [pair.secret, pair.token]);

/**
 * A `@alicloud/credentials` default chain. The package is loaded lazily (it is large, and only needed when nothing
 * else matched). One `Credential` instance is kept while it works, so its providers can cache and refresh
 * temporary credentials (STS, ECS RAM role) instead of fetching them for every request; after a failure a new
 * instance is made, because the library's chain stays pinned to the provider it tried last.
 */
export function createDefaultCredentialsChain(): CredentialsChain {
  type Model = Record<string, string | undefined>;
  let instance: { getCredential(): Promise<Model> } | undefined;
  return async () => {
    if (!instance) {
      const mod = require("@alicloud/credentials") as CredentialsModule;
      instance = new mod.default(null, defaultProviderWithoutEmptyUri(mod));
    }
    let model: Model;
    try {
      model = await instance.getCredential();
      if (!model.accessKeyId || !model.accessKeySecret) throw new Error("the chain returned no access key");
    } catch (error) {
      instance = undefined;
      throw error;
    }
    return {
      accessKeyId: model.accessKeyId,
      accessKeySecret: model.accessKeySecret,
      ...(model.securityToken ? { securityToken: model.securityToken } : {}),
      providerName: model.providerName,
    };
  };
}

type CredentialsModule = {
  default: new (config: null, provider: unknown) => { getCredential(): Promise<Record<string, string | undefined>> };
  DefaultCredentialsProvider: { builder(): { build(): { providers?: { getProviderName(): string }[] } } };
};

/**
 * The library's default provider, minus its credentials-URI step when `ALIBABA_CLOUD_CREDENTIALS_URI` is unset:
 * @alicloud/credentials 2.4 adds that step unconditionally, and with no URI it requests the host "undefined" (a DNS
 * look-up off this machine, and a confusing "getaddrinfo ENOTFOUND undefined" in the missing-credentials message).
 */
function defaultProviderWithoutEmptyUri(mod: CredentialsModule): unknown {
  const provider = mod.DefaultCredentialsProvider.builder().build();
  if (!process.env.ALIBABA_CLOUD_CREDENTIALS_URI && Array.isArray(provider.providers)) {
    provider.providers = provider.providers.filter((p) => p.getProviderName() !== "credential_uri");
  }
  return provider;
}

/** A fresh default chain per call (see {@link createDefaultCredentialsChain} for one that keeps its instance). */
export const defaultCredentialsChain: CredentialsChain = () => createDefaultCredentialsChain()();

function nonEmpty(value: string | undefined): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/**
 * Finds credentials: `explicit` first, then the environment (`ALIBABA_CLOUD_ACCESS_KEY_ID` /
 * `ALIBABA_CLOUD_ACCESS_KEY_SECRET` / `ALIBABA_CLOUD_SECURITY_TOKEN`, then the older `ALICLOUD_ACCESS_KEY` /
 * `ALICLOUD_SECRET_KEY` / `ALICLOUD_SECURITY_TOKEN`), then the `@alicloud/credentials` default chain.
 *
 * @param explicit - credentials given in code; half of a pair (an id without a secret) is an error, not a fallback.
 * @param env - where to read variables; defaults to `process.env`.
 * @throws DtsCredentialsError listing every source tried (names only).
 * @example
 * ```ts
 * const { source } = await resolveCredentials(undefined, process.env);
 * ```
 */
export async function resolveCredentials(
  explicit?: Partial<DtsCredentials>,
  env: Record<string, string | undefined> = process.env,
  options: ResolveCredentialsOptions = {},
): Promise<ResolvedCredentials> {
  const tried: string[] = [];

  if (explicit && (nonEmpty(explicit.accessKeyId) || nonEmpty(explicit.accessKeySecret))) {
    if (!nonEmpty(explicit.accessKeyId) || !nonEmpty(explicit.accessKeySecret)) {
      const missing = nonEmpty(explicit.accessKeyId) ? "accessKeySecret" : "accessKeyId";
      throw new DtsCredentialsError(
        `Explicit credentials are incomplete: ${missing} is missing. Pass both accessKeyId and accessKeySecret, or neither to use the environment.`,
        [`explicit credentials option (${missing} missing)`],
      );
    }
    return {
      accessKeyId: explicit.accessKeyId,
      accessKeySecret: explicit.accessKeySecret,
      ...(nonEmpty(explicit.securityToken) ? { securityToken: explicit.securityToken } : {}),
      source: "explicit",
    };
  }
  tried.push("explicit credentials option (not given)");

  for (const pair of ENV_PAIRS) {
    const id = env[pair.id];
    const secret = env[pair.secret];
    if (nonEmpty(id) && nonEmpty(secret)) {
      const token = env[pair.token];
      return { accessKeyId: id, accessKeySecret: secret, ...(nonEmpty(token) ? { securityToken: token } : {}), source: `env:${pair.id}` };
    }
    const state = nonEmpty(id) ? `${pair.secret} not set` : nonEmpty(secret) ? `${pair.id} not set` : "not set";
    tried.push(`environment ${pair.id} + ${pair.secret} (${state})`);
  }

  const chain = options.chain === undefined ? createDefaultCredentialsChain() : options.chain;
  if (chain) {
    try {
      const found = await chain();
      return {
        accessKeyId: found.accessKeyId,
        accessKeySecret: found.accessKeySecret,
        ...(found.securityToken ? { securityToken: found.securityToken } : {}),
        source: `chain:${found.providerName ?? "default"}`,
        refresh: async () => {
          const next = await chain();
          return { accessKeyId: next.accessKeyId, accessKeySecret: next.accessKeySecret, ...(next.securityToken ? { securityToken: next.securityToken } : {}) };
        },
      };
    } catch (error) {
      // The chain's message lists its providers' failures (file paths, "not set"), never a secret.
      const why = error instanceof Error ? error.message : String(error);
      tried.push(
        `@alicloud/credentials default chain (OIDC, CLI profile ~/.aliyun/config.json, ~/.alibabacloud/credentials, ECS RAM role, credentials URI): ${why.replace(/\s+/g, " ").slice(0, 400)}`,
      );
    }
  } else {
    tried.push("@alicloud/credentials default chain (disabled)");
  }

  // The SDK's wording; the provider and the CLI name their own settings (explain.ts).
  throw new DtsCredentialsError(missingCredentialsSummary("sdk"), tried);
}
