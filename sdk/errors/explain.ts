/**
 * Messages a user can act on, for the failures that need one: the endpoint cannot be reached, no credentials, a
 * refused key (wrong secret, unknown AccessKey ID, expired STS token), a clock too far off, throttling that outlasts
 * the retries. One place for every face: each explanation names what the user of that face sets
 * (`provider`: stack config `dts:*` and the resource inputs; `cli`: flags and environment variables; `sdk`: the
 * `DtsClient` options), and leads with one line; the server's own words are kept apart (`detail`) for
 * `--verbose` / the provider's log.
 *
 * Nothing here ever holds a secret: only names of settings, codes, the endpoint and counts are interpolated, and the
 * detail is the error's message, which `normalize-error.ts` has already redacted.
 */
import {
  isDtsApiError,
  isDtsCredentialsError,
  isDtsNetworkError,
  isDtsThrottlingError,
  isDtsTimeoutError,
  type DtsApiError,
  type DtsCredentialsError,
  type DtsError,
} from "./errors";

/** Who reads the message: the Pulumi provider, the `dts-objects` command, or a program using the SDK. */
export type Face = "provider" | "cli" | "sdk";

/** An actionable explanation of a failure. */
export interface Explanation {
  /** One line: what failed and what to do. */
  summary: string;
  /** Further lines, each one line (what to check, what was tried). */
  hints: string[];
  /** The server's (or the transport's) own words, for `--verbose` / a debug log; redacted. */
  detail?: string;
}

/** How far the request timestamp may be from the server's clock (the POP gateway's rule; the emulator's too). */
export const TIMESTAMP_TOLERANCE_MINUTES = 15;

interface KeyNames {
  id: string;
  secret: string;
  token: string;
}

const ENV_NAMES: Record<string, KeyNames> = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: { id: "ALIBABA_CLOUD_ACCESS_KEY_ID", secret: "ALIBABA_CLOUD_ACCESS_KEY_SECRET", token: "ALIBABA_CLOUD_SECURITY_TOKEN" },
  ALICLOUD_ACCESS_KEY: { id: "ALICLOUD_ACCESS_KEY", secret: "ALICLOUD_SECRET_KEY", token: "ALICLOUD_SECURITY_TOKEN" },
};

/** The settings that hold the key in use, named for the face (from the error's `credentialsSource`). */
function keyNames(source: string | undefined, face: Face): KeyNames {
  if (source?.startsWith("env:")) {
    const names = ENV_NAMES[source.slice(4)];
    if (names) return names;
  }
  if (source?.startsWith("chain:")) {
    const where = face === "cli" ? "the --profile (or ALIBABA_CLOUD_PROFILE) profile" : "the ALIBABA_CLOUD_PROFILE profile";
    const chain = `${where} in ~/.aliyun/config.json or ~/.alibabacloud/credentials (found by the credentials chain: ${source.slice(6)})`;
    return { id: `the AccessKey ID of ${chain}`, secret: `the AccessKey secret of ${chain}`, token: `the STS token of ${chain}` };
  }
  if (face === "provider") {
    return source === "explicit"
      ? { id: "the stack config dts:accessKeyId", secret: "the stack config dts:accessKeySecret", token: "the stack config dts:securityToken" }
      : {
          id: "dts:accessKeyId (or ALIBABA_CLOUD_ACCESS_KEY_ID)",
          secret: "dts:accessKeySecret (or ALIBABA_CLOUD_ACCESS_KEY_SECRET)",
          token: "dts:securityToken (or ALIBABA_CLOUD_SECURITY_TOKEN)",
        };
  }
  if (face === "sdk" && source === "explicit") {
    return { id: "credentials.accessKeyId", secret: "credentials.accessKeySecret", token: "credentials.securityToken" };
  }
  return ENV_NAMES.ALIBABA_CLOUD_ACCESS_KEY_ID!;
}

/** Where each face sets the endpoint and the poll delay. */
const ENDPOINT_SETTING: Record<Face, string> = {
  provider: "dts:endpoint (or the resource's endpoint input)",
  cli: "--endpoint",
  sdk: "the endpoint option of DtsClient",
};
const MIN_DELAY_SETTING: Record<Face, string> = {
  provider: "a larger wait.minDelaySeconds",
  cli: "a larger --min-delay",
  sdk: "a larger minDelaySeconds",
};

/** The first line of the no-credentials message, per face. */
export function missingCredentialsSummary(face: Face): string {
  switch (face) {
    case "provider":
      return (
        "No Alibaba Cloud credentials found. Set the stack config dts:accessKeyId and dts:accessKeySecret " +
        "(pulumi config set dts:accessKeyId <id>; pulumi config set --secret dts:accessKeySecret <secret>), or the " +
        "environment variables ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET where pulumi runs."
      );
    case "cli":
      return (
        "No Alibaba Cloud credentials found. Set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET " +
        "(+ ALIBABA_CLOUD_SECURITY_TOKEN with STS), or pass --profile <name> for a profile of ~/.aliyun/config.json " +
        "or ~/.alibabacloud/credentials."
      );
    case "sdk":
      return (
        "No Alibaba Cloud credentials found. Pass the credentials option of DtsClient ({accessKeyId, accessKeySecret}), " +
        "or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET."
      );
  }
}

/** The sources a credentials search tried, named for the face (the SDK's "explicit option" is the provider's stack config). */
function triedLines(error: DtsCredentialsError, face: Face): string[] {
  const tried = error.tried.flatMap((t) => {
    if (!t.startsWith("explicit credentials option")) return [t];
    if (face === "cli") return [];
    return face === "provider" ? [t.replace("explicit credentials option", "stack config dts:accessKeyId + dts:accessKeySecret")] : [t];
  });
  return tried.length ? ["Tried, in order:", ...tried.map((t) => `  - ${t}`)] : [];
}

/** `2 h 5 min`, `17 min 30 s`, `42 s`. */
export function formatSkew(ms: number): string {
  const total = Math.round(Math.abs(ms) / 1000);
  if (total < 120) return `${total} s`;
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h} h ${m} min` : `${m} min ${s} s`;
}

const NETWORK_WORDS: Record<string, string> = {
  ECONNREFUSED: "connection refused",
  ECONNRESET: "connection reset",
  ENOTFOUND: "host name not found",
  EAI_AGAIN: "DNS lookup failed",
  ETIMEDOUT: "connection timed out",
  EHOSTUNREACH: "host unreachable",
  ENETUNREACH: "network unreachable",
  ENETDOWN: "network down",
  EPIPE: "connection closed while sending",
  ECONNABORTED: "connection aborted",
};

function attemptsPhrase(error: DtsError): string {
  const n = error.attempts;
  if (n === undefined) return "";
  return n === 1 ? ", on its only attempt" : `, on all ${n} attempts`;
}

/** The server's words behind an API error: `Code: Message (HTTP 400, RequestId ...)`, without the action prefix. */
function apiDetail(error: DtsApiError): string {
  return error.action && error.message.startsWith(`${error.action}: `) ? error.message.slice(error.action.length + 2) : error.message;
}

function explainApiError(error: DtsApiError, face: Face): Explanation | undefined {
  const code = error.code;
  const keys = keyNames(error.credentialsSource, face);
  const detail = apiDetail(error);
  if (code === "SignatureDoesNotMatch") {
    return { summary: `The AccessKey secret does not match the AccessKey ID (SignatureDoesNotMatch): check ${keys.secret}.`, hints: [], detail };
  }
  if (/^InvalidAccessKeyId\.Inactive$/i.test(code)) {
    return { summary: `The AccessKey ID is disabled (${code}): enable it in the RAM console, or set ${keys.id} to an active key.`, hints: [], detail };
  }
  if (/^InvalidAccessKeyId/i.test(code)) {
    return {
      summary: `Alibaba Cloud does not know this AccessKey ID (${code}): check ${keys.id}, and that the key was not deleted.`,
      hints: [],
      detail,
    };
  }
  if (/^InvalidSecurityToken\.Expired$/i.test(code)) {
    return {
      summary: `The STS security token has expired (${code}): get a new one and set ${keys.token}, with the AccessKey ID and secret issued with it.`,
      hints: [],
      detail,
    };
  }
  if (/^InvalidSecurityToken/i.test(code)) {
    return {
      summary: `The STS security token was refused (${code}): check ${keys.token}, and that it was issued with the AccessKey ID in use.`,
      hints: [],
      detail,
    };
  }
  if (/^InvalidTimeStamp\.Expired$/i.test(code)) {
    const skew = error.clockSkewMs;
    const off =
      skew !== undefined
        ? `this machine's clock is ${formatSkew(skew)} ${skew >= 0 ? "ahead of" : "behind"} the server's`
        : `this machine's clock is off by more than ${TIMESTAMP_TOLERANCE_MINUTES} minutes (the reply gave no server time to say by how much)`;
    return {
      summary: `The request timestamp was refused (${code}): ${off}; requests must be within ${TIMESTAMP_TOLERANCE_MINUTES} minutes of it. Synchronize the clock (NTP) and run again.`,
      hints: [],
      detail,
    };
  }
  if (isDtsThrottlingError(error) && error.attempts !== undefined) {
    return {
      summary:
        `DTS kept refusing ${error.action ?? "the call"} for flow control (${code}) through all ${error.attempts} attempt${error.attempts === 1 ? "" : "s"}: ` +
        `too many calls for this account or API. Wait a minute and run again, with fewer runs at once or ${MIN_DELAY_SETTING[face]}.`,
      hints: [],
      detail,
    };
  }
  return undefined;
}

function explainUnreachable(error: DtsError, face: Face): Explanation | undefined {
  if (!error.endpoint) return undefined;
  let what: string;
  if (isDtsTimeoutError(error)) {
    what = error.timeoutMs ? `no reply within ${error.timeoutMs} ms (RequestTimeout)` : "no reply in time (RequestTimeout)";
  } else if (isDtsNetworkError(error)) {
    what = `${NETWORK_WORDS[error.code] ?? "connection failed"} (${error.code})`;
  } else {
    return undefined;
  }
  return {
    summary: `Could not reach the DTS endpoint ${error.endpoint}${error.action ? ` for ${error.action}` : ""}: ${what}${attemptsPhrase(error)}.`,
    hints: [
      `Check ${ENDPOINT_SETTING[face]}, that it is the endpoint of the job's region (https://dts.<region>.aliyuncs.com, e.g. https://dts.cn-hangzhou.aliyuncs.com), and the network (proxy, firewall, DNS).`,
    ],
    detail: error.message,
  };
}

/**
 * An actionable explanation of `error` for `face`, or `undefined` when the error's own message is the best there
 * is (a parse error, a task failure, an unknown code).
 *
 * @example
 * ```ts
 * const e = explainError(error, "cli");
 * if (e) console.error(`error: ${e.summary}`);
 * ```
 */
export function explainError(error: unknown, face: Face): Explanation | undefined {
  // The job state is read before any Modify call (sdk/job/sync-job-state.ts): explain what made it unreadable, and keep the
  // line saying whether a modification was requested. Matched by name: sync-job-state.ts imports this module's errors.
  if (error instanceof Error && error.name === "DtsJobStateError" && "cause" in error) {
    const inner = explainError(error.cause, face);
    if (!inner) return undefined;
    const jobId = (error as Error & { synchronizationJobId?: string }).synchronizationJobId;
    // The last line of its message says whether a modification was requested before the state became unreadable.
    const requested = error.message.split("\n").pop();
    return {
      summary: `Could not read the state of job ${jobId} (DescribeSynchronizationJobStatus): ${inner.summary}`,
      hints: [...inner.hints, ...(requested ? [requested] : [])],
      ...(inner.detail !== undefined ? { detail: inner.detail } : {}),
    };
  }
  if (isDtsCredentialsError(error)) {
    return { summary: missingCredentialsSummary(face), hints: triedLines(error, face) };
  }
  if (isDtsApiError(error)) return explainApiError(error, face);
  if (isDtsNetworkError(error) || isDtsTimeoutError(error)) return explainUnreachable(error, face);
  return undefined;
}

/** The explanation as lines: the summary, the hints, then the detail (only when asked for). */
export function formatExplanation(explanation: Explanation, options: { detail?: boolean } = {}): string {
  const lines = [explanation.summary, ...explanation.hints];
  if (options.detail && explanation.detail) lines.push(`Detail: ${explanation.detail}`);
  return lines.join("\n");
}

/**
 * The line printed before a retry, the same for the CLI and the provider:
 * `retrying DescribeSynchronizationObjectModifyStatus in 180 ms (attempt 2 of 5): ECONNREFUSED from http://127.0.0.1:9`.
 */
export function retryLine(info: { action: string; attempt: number; maxAttempts: number; delayMs: number; error: DtsError }, endpoint?: string): string {
  return (
    `retrying ${info.action} in ${Math.round(info.delayMs)} ms (attempt ${info.attempt + 1} of ${info.maxAttempts}): ` +
    `${info.error.code}${endpoint ? ` from ${endpoint}` : ""}`
  );
}
