/**
 * Redaction, one rule for every face: the SDK's error messages ({@link redact}) and the CLI's second line of defence
 * over everything it prints ({@link redactSecrets} with the secret environment variables' values).
 */

/**
 * Replaces each of the given secret strings in `text` by `***`. Strings shorter than 4 characters are left alone (a
 * value that short would blank out ordinary words and is no secret worth the name).
 *
 * @example
 * ```ts
 * redactSecrets("key s3cr3t failed", ["s3cr3t"]) // "key *** failed"
 * ```
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join("***");
  }
  return out;
}

/**
 * Removes what must never be shown: pop-core's `, URL: ...` suffix, signed-URL parameters (`Signature`,
 * `AccessKeyId`, `SecurityToken`, `SignatureNonce`) and any of the given secret strings.
 *
 * @example
 * ```ts
 * redact("x, URL: https://dts.aliyuncs.com/?AccessKeyId=AK&Signature=abc") // "x"
 * ```
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text.replace(/,? URL: \S+/g, "");
  // Also URL-encoded once or twice (`AccessKeyId%3DLTAI...%26`), as in a string to sign echoed by the server.
  out = out.replace(/\b(Signature|AccessKeyId|SecurityToken|SignatureNonce|AccessKeySecret)(=|%3D|%253D)(?:(?!%26|%2526)[^&\s])*/gi, "$1$2***");
  return redactSecrets(out, secrets).trim();
}

/** Fields of an SDK error that may hold text from the server (each redacted by {@link redactError}). */
const TEXT_FIELDS = ["message", "stack", "code", "requestId", "hostId", "recommend", "serverMessage"] as const;

/**
 * The last guard of the transport: rewrites, in place, every text an error carries that came from the server (its
 * message, code, RequestId, HostId, Recommend, server message, parse issues, and its `cause`), so that no secret is
 * printed whatever the server echoed back and in whatever form (`Code/Message`, DTS's `ErrCode/ErrMessage`, an
 * HTML page, a field value quoted by a parse error). Returns the same error.
 *
 * @example
 * ```ts
 * throw redactError(error, [credentials.accessKeySecret, credentials.securityToken]);
 * ```
 */
export function redactError<E>(error: E, secrets: readonly (string | undefined)[]): E {
  if (typeof error !== "object" || error === null) return error;
  const target = error as Record<string, unknown>;
  for (const key of TEXT_FIELDS) {
    const value = target[key];
    if (typeof value === "string") {
      const clean = key === "stack" ? redactSecrets(value, secrets) : redact(value, secrets);
      if (clean !== value) Object.defineProperty(target, key, { value: clean, writable: true, configurable: true, enumerable: key !== "stack" });
    }
  }
  const issues = target.issues;
  if (Array.isArray(issues)) {
    for (const issue of issues as { path?: unknown; message?: unknown }[]) {
      if (typeof issue.message === "string") issue.message = redact(issue.message, secrets);
      if (typeof issue.path === "string") issue.path = redact(issue.path, secrets);
    }
  }
  const cause = target.cause;
  if (cause !== undefined && holdsSecret(cause, secrets)) {
    // The cause (pop-core's error, with the body it parsed) is for debugging: replaced by a redacted copy of its text.
    const text = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    Object.defineProperty(target, "cause", { value: new Error(redact(text, secrets)), writable: true, configurable: true, enumerable: false });
  }
  return error;
}

/** True when any secret appears in the value's text or in its JSON (a pop-core error keeps the body in `data`). */
function holdsSecret(value: unknown, secrets: readonly (string | undefined)[]): boolean {
  let text: string;
  try {
    text = `${value instanceof Error ? `${value.message}\n${value.stack ?? ""}` : ""}${JSON.stringify(value) ?? String(value)}`;
  } catch {
    text = String(value);
  }
  return secrets.some((s) => s !== undefined && s.length >= 4 && text.includes(s));
}
