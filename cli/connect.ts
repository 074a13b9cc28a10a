/**
 * Builds the SDK client for a command: region, endpoint, credentials as in the SDK (environment, else the
 * `@alicloud/credentials` chain), and `--profile`, which the chain supports through `ALIBABA_CLOUD_PROFILE`.
 *
 * Credentials are resolved up front so a missing or half-set key pair is a usage/credential error (exit 4) before
 * any call. No secret is ever taken from a flag or printed.
 */
import { DtsClient, retryLine } from "../sdk";
import type { ConnectionOptions } from "./options";
import { info } from "./output";

/** The variables that would take precedence over a profile (the SDK and the chain read them first). */
const ENV_KEYS = [
  "ALIBABA_CLOUD_ACCESS_KEY_ID",
  "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
  "ALIBABA_CLOUD_SECURITY_TOKEN",
  "ALICLOUD_ACCESS_KEY",
  "ALICLOUD_SECRET_KEY",
  "ALICLOUD_SECURITY_TOKEN",
];

let retrySink: (line: string) => void = info;

/** Where "retrying ..." lines go (the live display while waiting, stderr otherwise). */
export function setRetrySink(sink: ((line: string) => void) | undefined): void {
  retrySink = sink ?? info;
}

/**
 * Applies `--profile`: sets `ALIBABA_CLOUD_PROFILE`, which @alicloud/credentials reads to pick a profile from
 * `~/.aliyun/config.json` or `~/.alibabacloud/credentials`. An explicit flag beats ambient variables, so access-key
 * variables that would otherwise win are removed from this process (with a note naming them, never their values).
 */
export function applyProfile(profile: string | undefined, env: NodeJS.ProcessEnv = process.env): void {
  if (!profile) return;
  const shadowing = ENV_KEYS.filter((k) => env[k] !== undefined && env[k] !== "");
  if (shadowing.length > 0) {
    info(`--profile ${profile}: ignoring ${shadowing.join(", ")} from the environment`);
    for (const k of shadowing) delete env[k];
  }
  env.ALIBABA_CLOUD_PROFILE = profile;
}

/** A ready client; throws DtsCredentialsError (exit 4) when no credentials are found. */
export async function connect(options: ConnectionOptions): Promise<DtsClient> {
  applyProfile(options.profile);
  const client = new DtsClient({
    ...(options.region ? { regionId: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
    env: process.env,
    onRetry: (retry) => retrySink(retryLine(retry, client.endpoint)),
  });
  await client.credentialsSource();
  return client;
}
